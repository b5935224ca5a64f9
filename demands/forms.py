"""The forms of the pages; the rules stay in the services (errors come back from them)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from demands.choices import DeclineReason, IndustryTag
from demands.models import Demand
from patents.models import CooperationMode


def add_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


_CRITERION = re.compile(r"(.+?)[\s:：,，]+(\d{1,3})\s*[%％]?")


class CriteriaField(forms.CharField):
    """A challenge's evaluation criteria typed one a line, a name and its weight
    ("技术先进性 40", "可行性：35%"), for the services as [{"name", "weight"}, …]; the
    services check the names and that the weights add up to 100."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{c.get('name', '')} {c.get('weight', '')}" for c in value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        criteria = []
        for number, line in enumerate((super().to_python(value) or "").splitlines(), 1):
            line = line.strip()
            if not line:
                continue
            match = _CRITERION.fullmatch(line)
            if match is None:
                raise ValidationError(
                    _("第 %(n)d 行应为“指标名称 权重”，例如“技术先进性 40”。") % {"n": number},
                    code="criterion",
                )
            criteria.append({"name": match.group(1).strip(), "weight": int(match.group(2))})
        return criteria


class DemandForm(forms.ModelForm):
    tags = forms.MultipleChoiceField(
        label=_("行业标签"),
        choices=IndustryTag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cooperation_modes = forms.MultipleChoiceField(
        label=_("合作方式"),
        choices=CooperationMode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Demand
        fields = (
            "title",
            "summary",
            "details",
            "targets",
            "technical_field",
            "tags",
            "budget",
            "cooperation_modes",
            "deadline",
        )
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "details": forms.Textarea(attrs={"rows": 4}),
            "targets": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "summary": _("所有人可见。"),
            "details": _("仅您同意的已认证单位可见。"),
        }


class ResponseForm(forms.Form):
    message = forms.CharField(
        label=_("方案简介"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    attachment = forms.FileField(label=_("方案 PDF（可选）"), required=False)


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("未采纳原因"), choices=DeclineReason.choices)
    note = forms.CharField(label=_("说明"), required=False, max_length=2000)


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("您的问题"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ApplicationForm(forms.Form):
    summary = forms.CharField(
        label=_("方案摘要"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    team = forms.CharField(
        label=_("团队"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )
    plan = forms.CharField(
        label=_("实施计划"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )
    budget = forms.DecimalField(
        label=_("预算（元）"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    proposal = forms.FileField(label=_("方案 PDF"), required=False)


class ObjectionForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    contact = forms.CharField(label=_("联系方式"), max_length=100)
    grounds = forms.CharField(
        label=_("异议理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class ScoreForm(forms.Form):
    """One number field per criterion of the challenge, and a comment."""

    comment = forms.CharField(
        label=_("评语"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for n, criterion in enumerate(criteria):
            self.fields[f"c{n}"] = forms.IntegerField(
                label=f"{criterion['name']}（{criterion['weight']}%）", min_value=0, max_value=100
            )
        self.order_fields([f"c{n}" for n in range(len(criteria))] + ["comment"])

    def scores(self) -> dict:
        return {c["name"]: self.cleaned_data[f"c{n}"] for n, c in enumerate(self.criteria)}
