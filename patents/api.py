"""Read-only API of the patent catalogue: patents (with their catalogue entries) and the
catalogues by year. Anyone may read; nothing is written through the API.

`GET /api/v1/catalogues/{year}/` returns the whole catalogue with all its entries in one
response, not paginated: a yearly catalogue holds tens to a few hundred patents, and
integrators want it complete. The patent list is paginated like every other list.
"""

import django_filters
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets

from patents import selectors
from patents.forms import IpcPrefixField
from patents.models import Catalogue, CatalogueEntry, HighValueKind, Patent, Sector
from patents.selectors import CatalogueFilters


class EntryOfPatentSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="catalogue.year", read_only=True)

    class Meta:
        model = CatalogueEntry
        fields = ("year", *CatalogueEntry.LISTED_FIELDS)


class PatentFieldsSerializer(serializers.ModelSerializer):
    inventors = serializers.ListField(child=serializers.CharField())
    ipc = serializers.ListField(child=serializers.CharField())
    high_value_kinds = serializers.ListField(child=serializers.ChoiceField(HighValueKind.choices))

    class Meta:
        model = Patent
        fields = ("application_number", *Patent.DESCRIBED_FIELDS)
        read_only_fields = fields


class PatentSerializer(PatentFieldsSerializer):
    catalogue_entries = EntryOfPatentSerializer(many=True, read_only=True)

    class Meta(PatentFieldsSerializer.Meta):
        fields = (*PatentFieldsSerializer.Meta.fields, "catalogue_entries")
        read_only_fields = fields


class CatalogueEntrySerializer(EntryOfPatentSerializer):
    patent = PatentFieldsSerializer(read_only=True)

    class Meta(EntryOfPatentSerializer.Meta):
        fields = (*EntryOfPatentSerializer.Meta.fields, "patent")


class CatalogueSerializer(serializers.ModelSerializer):
    entry_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Catalogue
        fields = ("year", "title", "published_at", "is_demo", "entry_count")


class CatalogueDetailSerializer(serializers.ModelSerializer):
    entries = CatalogueEntrySerializer(many=True, read_only=True)

    class Meta:
        model = Catalogue
        fields = ("year", "title", "published_at", "is_demo", "entries")


class IpcPrefixFilter(django_filters.CharFilter):
    field_class = IpcPrefixField


class PatentFilter(django_filters.FilterSet):
    """Checks the parameters (a bad value is a 400 naming it); the selector does the rest."""

    q = django_filters.CharFilter(
        label=_("关键词（名称、摘要、专利权人、申请号）"), max_length=100, method="noop"
    )
    ipc = IpcPrefixFilter(label=_("IPC 分类号前缀，如 E21B 或 E21B 43"), method="noop")
    sector = django_filters.ChoiceFilter(choices=Sector.choices, method="noop")
    catalogue_year = django_filters.NumberFilter(
        label=_("目录年度"), method="noop", min_value=2000, max_value=2100
    )
    high_value_kind = django_filters.ChoiceFilter(choices=HighValueKind.choices, method="noop")

    class Meta:
        model = Patent
        fields = ("q", "ipc", "sector", "catalogue_year", "high_value_kind")

    def noop(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        filters = CatalogueFilters(
            q=(data.get("q") or "").strip() or None,
            ipc=data.get("ipc") or None,
            sector=data.get("sector") or None,
            high_value_kind=data.get("high_value_kind") or None,
        )
        year = data.get("catalogue_year")
        year = int(year) if year is not None else None
        return selectors.patents_filtered(filters, year, patents=queryset)


class PatentViewSet(viewsets.ReadOnlyModelViewSet):
    """Patents of the high-value catalogues; the number may be given as CN…, ZL… or bare."""

    serializer_class = PatentSerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = PatentFilter
    lookup_field = "application_number"
    lookup_value_regex = "[^/]+"

    queryset = Patent.objects.all()

    def get_object(self):
        patent, _number = selectors.patent_by_number(self.kwargs["application_number"])
        if patent is None:
            raise Http404
        return patent


@extend_schema(
    parameters=[OpenApiParameter("year", int, OpenApiParameter.PATH, description="目录年度")]
)
class CatalogueViewSet(viewsets.ReadOnlyModelViewSet):
    """The yearly catalogues (paginated); one year comes with all its entries (no paging)."""

    permission_classes = [permissions.AllowAny]
    lookup_field = "year"
    lookup_value_regex = r"\d{4}"
    filter_backends: list = []

    def get_queryset(self):
        return selectors.catalogues_with_counts()

    def get_serializer_class(self):
        return CatalogueDetailSerializer if self.action == "retrieve" else CatalogueSerializer

    def get_object(self):
        catalogue = selectors.catalogue_with_entries(int(self.kwargs["year"]))
        if catalogue is None:
            raise Http404
        return catalogue
