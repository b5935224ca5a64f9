"""API of the patent catalogue: patents (with their catalogue entries) and the catalogues
by year. Anyone reads published years; reviewers also see (preview) drafts and publish
them — the one write here (`POST /api/v1/catalogues/{year}/publish/`).

`GET /api/v1/catalogues/{year}/` returns the whole catalogue with all its entries in one
response, not paginated: a yearly catalogue holds tens to a few hundred patents, and
integrators want it complete. The patent list is paginated like every other list.
"""

import django_filters
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.permissions import IsReviewer
from common.response_cache import CachedForAnonymous
from patents import selectors, services
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


class PatentAsListedSerializer(PatentFieldsSerializer):
    """The patent as that year's catalogue published it: the entry's own copy."""

    application_number = serializers.CharField(source="patent.application_number")

    class Meta:
        model = CatalogueEntry
        fields = PatentFieldsSerializer.Meta.fields
        read_only_fields = fields


class CatalogueEntrySerializer(EntryOfPatentSerializer):
    patent = PatentAsListedSerializer(source="*", read_only=True)

    class Meta(EntryOfPatentSerializer.Meta):
        fields = (*EntryOfPatentSerializer.Meta.fields, "patent")


CATALOGUE_FIELDS = ("year", "title", "status", "published_at", "revised_at", "is_demo")


class CatalogueSerializer(serializers.ModelSerializer):
    entry_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Catalogue
        fields = (*CATALOGUE_FIELDS, "entry_count")


class CatalogueDetailSerializer(serializers.ModelSerializer):
    entries = CatalogueEntrySerializer(many=True, read_only=True)

    class Meta:
        model = Catalogue
        fields = (*CATALOGUE_FIELDS, "entries")


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
        return selectors.patents_filtered(filters, year, patents=queryset, user=self.request.user)


class PatentViewSet(CachedForAnonymous, viewsets.ReadOnlyModelViewSet):
    """Patents of the high-value catalogues; the number may be given as CN…, ZL… or bare."""

    serializer_class = PatentSerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = PatentFilter
    lookup_field = "application_number"
    lookup_value_regex = "[^/]+"

    queryset = Patent.objects.all()

    def get_object(self):
        patent, _number = selectors.patent_by_number(
            self.kwargs["application_number"], user=self.request.user
        )
        if patent is None:
            raise Http404
        return patent


@extend_schema(
    parameters=[OpenApiParameter("year", int, OpenApiParameter.PATH, description="目录年度")]
)
class CatalogueViewSet(viewsets.ReadOnlyModelViewSet):
    """The yearly catalogues (paginated); one year comes with all its entries (no paging).
    Published years for everyone; reviewers see drafts too and publish them."""

    permission_classes = [permissions.AllowAny]
    lookup_field = "year"
    lookup_value_regex = r"\d{4}"
    filter_backends: list = []

    def get_queryset(self):
        return selectors.catalogues_with_counts(self.request.user)

    def get_serializer_class(self):
        return CatalogueDetailSerializer if self.action == "retrieve" else CatalogueSerializer

    def get_object(self):
        catalogue = selectors.catalogue_with_entries(int(self.kwargs["year"]), self.request.user)
        if catalogue is None:
            raise Http404
        return catalogue

    @extend_schema(request=None, responses=CatalogueSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsReviewer])
    def publish(self, request, year=None):
        """Draft → published (reviewer). 400 if the year is already published or empty."""
        catalogue = Catalogue.objects.filter(year=int(year)).first()
        if catalogue is None:
            raise Http404
        catalogue = services.catalogue_publish(catalogue=catalogue, by=request.user)
        catalogue.entry_count = catalogue.entries.count()
        return Response(CatalogueSerializer(catalogue).data)
