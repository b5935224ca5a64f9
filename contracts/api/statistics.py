"""The statistics API (`/api/v1/stats/…`): monthly rows, the summary, the flows and the
revisions, read from the stored tables; complete months by default (see
`contracts.selectors.statistics`)."""

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsReviewer
from common.api import Pagination
from common.response_cache import LISTINGS_CACHE, CachedForAnonymous
from common.spreadsheets import XLSX_TYPE
from contracts import selectors, stats_pdf, stats_report
from contracts.models import STATS_CACHE, StatsRevision


class YearQuery(serializers.Serializer):
    year = serializers.IntegerField(
        required=False, min_value=1980, max_value=2999,
        error_messages={"invalid": _("year 应为四位年份，例如 2025。")},
    )  # fmt: skip


class SummaryQuery(YearQuery):
    through_month = serializers.IntegerField(
        required=False, min_value=1, max_value=12,
        error_messages={"invalid": _("through_month 应为 1 到 12 的整数。")},
    )  # fmt: skip


class MonthlyRowSerializer(serializers.Serializer):
    month = serializers.IntegerField()
    complete = serializers.BooleanField()
    contracts = serializers.IntegerField()
    contract_amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    technology_amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    ytd_contracts = serializers.IntegerField()
    ytd_contract_amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    ytd_technology_amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    yoy_contract_amount_pct = serializers.DecimalField(
        max_digits=9, decimal_places=1, allow_null=True
    )
    ytd_yoy_contract_amount_pct = serializers.DecimalField(
        max_digits=9, decimal_places=1, allow_null=True
    )


class BreakdownSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    contracts = serializers.IntegerField()
    contract_amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    technology_amount = serializers.DecimalField(max_digits=18, decimal_places=2)


def _money(**kwargs):
    return serializers.DecimalField(max_digits=18, decimal_places=2, **kwargs)


def _pct():
    return serializers.DecimalField(max_digits=9, decimal_places=1, allow_null=True)


class TableRowSerializer(BreakdownSerializer):
    """A breakdown row: the year to date, the last month of the period, a year earlier."""

    month_contracts = serializers.IntegerField()
    month_contract_amount = _money()
    prior_contracts = serializers.IntegerField()
    prior_contract_amount = _money()
    yoy_contract_amount_pct = _pct()


class PartialMonthSerializer(serializers.Serializer):
    month = serializers.IntegerField()
    through_day = serializers.IntegerField()
    contracts = serializers.IntegerField()
    contract_amount = _money()
    technology_amount = _money()
    prior_same_days_contracts = serializers.IntegerField()
    prior_same_days_contract_amount = _money()
    same_days_growth_pct = _pct()


class FiguresSerializer(serializers.Serializer):
    contracts = serializers.IntegerField()
    contract_amount = _money()
    technology_amount = _money()
    prior_contracts = serializers.IntegerField()
    prior_contract_amount = _money()
    yoy_contract_amount_pct = _pct()


class ImportsSerializer(FiguresSerializer):
    by_country = TableRowSerializer(many=True)


class SummarySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    through_month = serializers.IntegerField()
    complete_through_month = serializers.IntegerField()
    as_of = serializers.DateTimeField(allow_null=True)
    partial_month = PartialMonthSerializer(allow_null=True)
    contracts = serializers.IntegerField()
    contract_amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    technology_amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    prior_contracts = serializers.IntegerField()
    prior_contract_amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    growth_pct = serializers.DecimalField(max_digits=9, decimal_places=1, allow_null=True)
    target_amount = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    target_progress_pct = serializers.DecimalField(max_digits=9, decimal_places=1, allow_null=True)
    local_contracts = serializers.IntegerField()
    local_contract_amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    local_share_pct = serializers.DecimalField(max_digits=9, decimal_places=1, allow_null=True)
    average_contract_amount = _money(allow_null=True)
    technology_share_pct = _pct()
    target_remaining_amount = _money(allow_null=True)
    target_needed_per_month = _money(allow_null=True)
    by_type = TableRowSerializer(many=True)
    by_subtype = TableRowSerializer(many=True)
    by_field = TableRowSerializer(many=True)
    by_entity_nature = TableRowSerializer(many=True)
    by_seller_nature = TableRowSerializer(many=True)
    by_buyer_nature = TableRowSerializer(many=True)
    by_ip_type = TableRowSerializer(many=True)
    imports = ImportsSerializer()
    # Issue 17: deals with a (confirmed) technology manager and without; codes "with",
    # "without".
    by_broker = TableRowSerializer(many=True)


class PlaceSerializer(FiguresSerializer):
    code = serializers.CharField()
    name = serializers.CharField()


class CountrySerializer(FiguresSerializer):
    country = serializers.CharField()
    name = serializers.CharField()


class FlowSerializer(serializers.Serializer):
    total = FiguresSerializer()
    city = FiguresSerializer()
    rest_of_region = FiguresSerializer()
    provinces = PlaceSerializer(many=True)
    abroad = CountrySerializer(many=True)
    unknown = FiguresSerializer()


class FlowsSerializer(FlowSerializer):
    year = serializers.IntegerField()
    through_month = serializers.IntegerField()
    absorbed = FlowSerializer()


class RevisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = StatsRevision
        fields = ("year", "month", "field", "old", "new", "reason", "revised_at")


def _period(request) -> tuple[int, int | None]:
    query = SummaryQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    year = query.validated_data.get("year") or selectors.default_year()
    return year, query.validated_data.get("through_month")


class MonthlyStatsView(CachedForAnonymous, APIView):
    """Twelve rows for the year: the month's figures, year-to-date, and growth (同比)."""

    cache_namespaces = (STATS_CACHE,)

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="默认今年")],
        responses=MonthlyRowSerializer(many=True),
    )
    def get(self, request):
        query = YearQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year") or selectors.default_year()
        return Response(
            selectors.stats_cached(
                "api-monthly",
                year,
                build=lambda: list(
                    MonthlyRowSerializer(selectors.monthly_rows(year), many=True).data
                ),
            )
        )


class SummaryStatsView(CachedForAnonymous, APIView):
    """The complete months of the year (or through `through_month`, never past the last
    complete one) against the same months a year earlier; the running month apart."""

    permission_classes = [permissions.AllowAny]
    # The extras (instrument usage) are listings: their writes bump LISTINGS_CACHE.
    cache_namespaces = (STATS_CACHE, LISTINGS_CACHE)
    # Figures the apps above contracts add to the summary: name → f(year, through_month),
    # set by the portal's subclass that the URL serves (contracts cannot import them).
    extras: dict = {}

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="默认：最近一个完整月份所在的年度"),
            OpenApiParameter("through_month", int, description="默认：最近一个完整月份"),
        ],
        responses=SummarySerializer,
    )
    def get(self, request):
        year, through = _period(request)
        data = dict(
            selectors.stats_cached(
                "api-summary",
                year,
                through,
                build=lambda: dict(SummarySerializer(selectors.summary(year, through)).data),
            )
        )
        # Figures other apps add (instrument usage) change with their own rows, not with a
        # statistics computation: never cached with the summary.
        for name, figure in self.extras.items():
            data[name] = figure(year, data["through_month"])
        return Response(data)


class FlowsStatsView(APIView):
    """输出 by the buyer's location and 吸纳 (registered elsewhere) by the seller's."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="默认：最近一个完整月份所在的年度"),
            OpenApiParameter("through_month", int, description="默认：最近一个完整月份"),
        ],
        responses=FlowsSerializer,
    )
    def get(self, request):
        year, through = _period(request)
        complete = selectors.complete_through_month(year)
        through = complete if through is None else min(through, complete)
        return Response(FlowsSerializer(selectors.flows(year, through)).data)


class RevisionsView(generics.ListAPIView):
    """Each revision of a published month of the year: which figure, from what to what,
    why, when; newest first."""

    permission_classes = [permissions.AllowAny]
    serializer_class = RevisionSerializer
    pagination_class = Pagination

    @extend_schema(parameters=[OpenApiParameter("year", int, description="默认今年")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = YearQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.revisions(query.validated_data.get("year") or selectors.default_year())


class ReportQuery(YearQuery):
    quarter = serializers.IntegerField(
        required=False, min_value=1, max_value=4,
        error_messages={"invalid": _("quarter 应为 1 到 4 的整数。")},
    )  # fmt: skip

    def validate(self, attrs):
        year = attrs.get("year") or selectors.default_year()
        quarter = attrs.get("quarter")
        if quarter and quarter * 3 > selectors.complete_through_month(year):
            raise serializers.ValidationError(
                {"quarter": _("%(year)s 年第 %(q)s 季度尚未结束，报表只含完整月份。")
                 % {"year": year, "q": quarter}}
            )  # fmt: skip
        return {**attrs, "year": year}


class ReportView(APIView):
    """The report workbook for reviewers: one sheet per official table, in 万元."""

    permission_classes = [IsReviewer]

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="默认：最近一个完整月份所在的年度"),
            OpenApiParameter("quarter", int, description="1–4；不给时为全年（至最近完整月份）"),
        ],
        responses={(200, XLSX_TYPE): bytes},
    )
    def get(self, request):
        query = ReportQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        year, quarter = query.validated_data["year"], query.validated_data.get("quarter")
        response = HttpResponse(content_type=XLSX_TYPE)
        name = f"stats-report-{year}" + (f"-q{quarter}" if quarter else "") + ".xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        stats_report.write_report(
            response, year=year, through_month=stats_report.report_through_month(year, quarter)
        )
        return response


class ReportPdfView(APIView):
    """The summary with its charts as a PDF for reviewers (complete months only)."""

    permission_classes = [IsReviewer]

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="默认：最近一个完整月份所在的年度"),
            OpenApiParameter("quarter", int, description="1–4；不给时为全年（至最近完整月份）"),
        ],
        responses={(200, "application/pdf"): bytes},
    )
    def get(self, request):
        query = ReportQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        year, quarter = query.validated_data["year"], query.validated_data.get("quarter")
        response = HttpResponse(content_type="application/pdf")
        name = f"stats-summary-{year}" + (f"-q{quarter}" if quarter else "") + ".pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        stats_pdf.write_summary_pdf(
            response, year=year, through_month=stats_report.report_through_month(year, quarter)
        )
        return response
