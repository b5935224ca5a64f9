from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from patents.models import CooperationMode, HighValueKind, Sector
from patents.selectors import IPC_SECTIONS, CatalogueFilters
from patents.validators import normalize_ipc_prefix


class IpcPrefixField(forms.CharField):
    """An IPC symbol or the start of one (`E21B`, `E21B 43`, `E21B 43/16`), normalised."""

    default_error_messages = {
        "invalid": _("IPC 分类号前缀格式不正确，应如 E21B、E21B 43 或 E21B 43/16。")
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        prefix = normalize_ipc_prefix(value)
        if prefix is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return prefix


def _choices(choices) -> list:
    return [("", _("全部")), *choices]


class CatalogueFilterForm(forms.Form):
    """The catalogue page's search and facets (GET); the export takes the same parameters."""

    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    q = forms.CharField(
        label=_("关键词"),
        required=False,
        max_length=100,
        help_text=_("名称、摘要、专利权人或申请号中的任意字词"),
    )
    ipc = IpcPrefixField(label=_("IPC 分类号"), required=False)
    sector = forms.ChoiceField(label=_("行业"), required=False, choices=_choices(Sector.choices))
    high_value_kind = forms.ChoiceField(
        label=_("高价值类别"), required=False, choices=_choices(HighValueKind.choices)
    )
    ipc_section = forms.ChoiceField(
        label=_("IPC 部"),
        required=False,
        choices=_choices(
            [
                (letter, format_lazy("{} {}", letter, label))
                for letter, label in IPC_SECTIONS.items()
            ]
        ),
    )
    cooperation_mode = forms.ChoiceField(
        label=_("合作方式"), required=False, choices=_choices(CooperationMode.choices)
    )

    def filters(self) -> CatalogueFilters:
        data = self.cleaned_data
        return CatalogueFilters(
            q=(data.get("q") or "").strip() or None,
            ipc=data.get("ipc") or None,
            ipc_section=data.get("ipc_section") or None,
            sector=data.get("sector") or None,
            high_value_kind=data.get("high_value_kind") or None,
            cooperation_mode=data.get("cooperation_mode") or None,
        )
