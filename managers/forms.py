"""The managers app's HTML forms. They only shape the input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from managers.models import Manager, TechnicalField


def add_service_errors(form, exc) -> None:
    """A service's ValidationError next to the fields it names."""
    for field, messages in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


class ManagerForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    employer = forms.CharField(
        label=_("工作单位"),
        max_length=200,
        required=False,
        help_text=_("没有工作单位的个人可不填。"),
    )
    technical_fields = forms.MultipleChoiceField(
        label=_("技术领域"),
        choices=TechnicalField.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("擅长服务的技术领域，可多选。"),
    )
    certificate_number = forms.CharField(label=_("技术经理人证书编号"), max_length=50)
    certificate_file = forms.FileField(
        label=_("证书扫描件"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
        help_text=_("PDF、PNG 或 JPEG，最大 10 MB；仅登记员审核时查看。"),
    )
    bio = forms.CharField(
        label=_("从业经历与专长"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=30,
        help_text=_("仅向已登录用户显示。"),
    )
    email = forms.EmailField(label=_("电子邮箱"), required=False)

    @classmethod
    def for_manager(cls, manager: Manager | None, *args, **kwargs) -> "ManagerForm":
        if manager is not None and not args:
            kwargs["initial"] = {f: getattr(manager, f) for f in Manager.APPLICANT_FIELDS}
        return cls(*args, **kwargs)

    def values(self) -> dict:
        return {f: self.cleaned_data.get(f) for f in Manager.APPLICANT_FIELDS}


class FilingForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=9999)
    deals = forms.IntegerField(label=_("促成交易（项）"), min_value=0)
    services = forms.IntegerField(label=_("提供服务（次）"), min_value=0)
    training_hours = forms.DecimalField(
        label=_("参加培训（学时）"), min_value=0, max_digits=6, decimal_places=1
    )
    summary = forms.CharField(
        label=_("年度工作总结"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )


class HelpRequestForm(forms.Form):
    subject_type = forms.CharField(widget=forms.HiddenInput)
    subject_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    message = forms.CharField(
        label=_("需要什么帮助"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )


class AnswerForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("答复"),
        choices=[("1", _("接受")), ("0", _("婉拒"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=pgettext_lazy("answer to a request for help", "回复"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
