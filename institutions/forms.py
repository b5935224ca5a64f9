"""Browser forms. They check the shape of the input; the services and models decide the rest
(the same checks the API goes through), and their errors are shown next to each field."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.forms import PleaseChooseMixin
from institutions.models import Enquiry, Institution, Result, TechnicalField
from patents.models import CooperationMode


class ListField(forms.CharField):
    """A list typed one item per line (or separated by commas, semicolons or 、)."""

    widget = forms.Textarea(attrs={"rows": 3, "spellcheck": "false"})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        # Not split on spaces: a number may be written "ZL 2021 1034 4405.7".
        return [item.strip() for item in re.split(r"[\r\n,，;；、]+", text) if item.strip()]


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's errors next to their fields (or on top when no field matches)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, messages in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class ResultForm(PleaseChooseMixin, forms.ModelForm):
    patent_numbers = ListField(
        label=_("相关专利申请号"),
        required=False,
        help_text=_("每行一个，如 202110344405.7，可带 CN 或 ZL 前缀；保存时核对校验位。"),
    )
    cooperation_modes = forms.MultipleChoiceField(
        label=_("合作方式"),
        choices=CooperationMode.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Result
        fields = Result.MEMBER_FIELDS
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "price": forms.NumberInput(attrs={"min": 0, "step": "0.01", "inputmode": "decimal"}),
            "contact_phone": forms.TextInput(attrs={"inputmode": "tel"}),
        }
        help_texts = {
            "summary": _("一两句话说明成果解决什么问题，显示在成果列表中。"),
            "trl": _("发布前必填。"),
        }


class InstitutionForm(PleaseChooseMixin, forms.ModelForm):
    """What a member may change; name, kind and residence are kept by the bureau."""

    fields = forms.MultipleChoiceField(
        label=_("优势领域"),
        choices=TechnicalField.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    website = forms.URLField(label=_("网站"), required=False, assume_scheme="https")
    logo = forms.FileField(
        label=_("标志"),
        required=False,
        help_text=_("PNG、JPEG、GIF 或 WebP 图片，不超过 2 MB；保存时缩放到 400 × 400 以内。"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}
        ),
    )

    class Meta:
        model = Institution
        fields = (*Institution.MEMBER_FIELDS, "logo")
        widgets = {"introduction": forms.Textarea(attrs={"rows": 8})}

    def _post_clean(self):
        # The logo is checked and resized by the service; keep the model check for the rest.
        logo = self.cleaned_data.pop("logo", None)
        super()._post_clean()
        self.cleaned_data["logo"] = logo


class EnquiryForm(PleaseChooseMixin, forms.ModelForm):
    """The enquirer's own details and question; labels and lengths are the model's."""

    # A honeypot: hidden from people by CSS, filled in by form-filling robots.
    website = forms.CharField(
        label=_("网址（请勿填写）"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Enquiry
        fields = Enquiry.ASKED_FIELDS
        widgets = {
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "message": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "phone": _("手机号（如 13912345678）或带区号的固定电话（如 0990-6888888）。"),
            "message": _("请说明合作意向、应用场景或希望了解的问题。"),
        }

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class EnquiryReplyForm(forms.Form):
    message = forms.CharField(
        label=_("回复内容"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("将通过邮件发送给洽谈方，并可凭查询编号在门户查看。"),
    )


class EnquiryTrackForm(forms.Form):
    reference = forms.CharField(
        label=_("查询编号"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_("提交洽谈后页面显示的 10 位编号。"),
    )
    email = forms.EmailField(
        label=_("电子邮箱"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("提交洽谈时填写的邮箱。"),
    )
