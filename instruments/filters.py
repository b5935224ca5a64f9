"""The catalogue's filters, shared by the HTML page and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from instruments.models import InstrumentCategory, InstrumentStatus
from patents.choices import TechnicalField


class InstrumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("关键词"))
    category = django_filters.ChoiceFilter(
        choices=InstrumentCategory.choices, label=_("仪器类别"), empty_label=_("全部类别")
    )
    institution = django_filters.NumberFilter(
        field_name="institution_id", label=_("单位"), min_value=1, max_value=2**63 - 1
    )
    field = django_filters.ChoiceFilter(
        field_name="technical_field",
        choices=TechnicalField.choices,
        label=_("服务领域"),
        empty_label=_("全部领域"),
    )
    status = django_filters.ChoiceFilter(
        choices=InstrumentStatus.choices, label=_("状态"), empty_label=_("全部状态")
    )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(model__icontains=value)
            | Q(description__icontains=value)
            | Q(institution__name__icontains=value)
        )
