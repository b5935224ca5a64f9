"""The filters of the public lists, shared by the HTML pages and the API."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from institutions.models import InstitutionKind, ResultStatus, TechnicalField
from patents.models import CooperationMode


class InstitutionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("关键词"))
    kind = django_filters.ChoiceFilter(
        choices=InstitutionKind.choices, label=_("类型"), empty_label=_("全部类型")
    )
    resident = django_filters.BooleanFilter(
        method="filter_resident",
        label=_("是否入驻"),
        widget=forms.Select(
            choices=[("", _("全部")), ("true", _("已入驻")), ("false", _("未入驻"))]
        ),
    )
    field = django_filters.ChoiceFilter(
        choices=TechnicalField.choices,
        method="filter_field",
        label=_("优势领域"),
        empty_label=_("全部领域"),
    )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(short_name__icontains=value)
            | Q(introduction__icontains=value)
        )

    def filter_resident(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(resident_since__isnull=not value)

    def filter_field(self, queryset, name, value):
        return queryset.with_field(value) if value else queryset


class ResultFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("关键词"))
    technical_field = django_filters.ChoiceFilter(
        choices=TechnicalField.choices, label=_("技术领域"), empty_label=_("全部领域")
    )
    trl_min = django_filters.NumberFilter(
        field_name="trl",
        lookup_expr="gte",
        label=_("成熟度不低于"),
        min_value=1,
        max_value=9,
    )
    trl_max = django_filters.NumberFilter(
        field_name="trl",
        lookup_expr="lte",
        label=_("成熟度不高于"),
        min_value=1,
        max_value=9,
    )
    cooperation_mode = django_filters.ChoiceFilter(
        choices=CooperationMode.choices,
        method="filter_mode",
        label=_("合作方式"),
        empty_label=_("全部方式"),
    )
    institution = django_filters.NumberFilter(
        field_name="institution_id", label=_("单位"), min_value=1, max_value=2**63 - 1
    )
    status = django_filters.ChoiceFilter(choices=ResultStatus.choices, label=_("状态"))

    def search(self, queryset, name, value):
        return queryset.search(value)

    def filter_mode(self, queryset, name, value):
        return queryset.with_cooperation_mode(value) if value else queryset
