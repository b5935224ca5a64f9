"""The owners' and requesters' forms; each hands its values to a service."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from instruments.models import Instrument


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's errors next to their fields (or on top when no field matches)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, messages in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class InstrumentForm(forms.ModelForm):
    photo = forms.ImageField(
        label=_("添加照片"),
        required=False,
        help_text=_("PNG、JPEG、GIF 或 WebP，最大 5 MB；每台仪器最多 8 张。"),
    )

    class Meta:
        model = Instrument
        fields = Instrument.MEMBER_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "sample_requirements": forms.Textarea(attrs={"rows": 3}),
        }


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class BookingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=pgettext_lazy("booking slot", "开始时间"),
        widget=LocalDateTimeInput,
        input_formats=["%Y-%m-%dT%H:%M"],
    )
    ends_at = forms.DateTimeField(
        label=_("结束时间"), widget=LocalDateTimeInput, input_formats=["%Y-%m-%dT%H:%M"]
    )
    purpose = forms.CharField(
        label=_("用途"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    samples = forms.CharField(
        label=_("样品说明"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("样品名称、数量、状态及特殊要求。"),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("拒绝理由"), max_length=500)


class CompleteForm(forms.Form):
    quantity = forms.DecimalField(label=_("实际用量"), max_digits=10, decimal_places=2, min_value=0)
    fee = forms.DecimalField(label=_("费用（元）"), max_digits=14, decimal_places=2, min_value=0)


class TrainedForm(forms.Form):
    username = forms.CharField(label=_("已培训人员的账号"), max_length=150)
