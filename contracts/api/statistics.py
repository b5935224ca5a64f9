"""`/api/v1/stats/monthly/` and `/api/v1/stats/summary/`: read from the stored table."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from contracts import selectors


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


class SummarySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    through_month = serializers.IntegerField()
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
    by_type = BreakdownSerializer(many=True)
    by_field = BreakdownSerializer(many=True)
    by_entity_nature = BreakdownSerializer(many=True)
    by_ip_type = BreakdownSerializer(many=True)


class MonthlyStatsView(APIView):
    """Twelve rows for the year: the month's figures, year-to-date, and growth (同比)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="默认今年")],
        responses=MonthlyRowSerializer(many=True),
    )
    def get(self, request):
        query = YearQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year") or timezone.localdate().year
        rows = selectors.monthly_rows(year)
        return Response(MonthlyRowSerializer(rows, many=True).data)


class SummaryStatsView(APIView):
    """Year-to-date through a month against the same period a year earlier."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="默认今年"),
            OpenApiParameter("through_month", int, description="默认：今年为当月，往年为 12"),
        ],
        responses=SummarySerializer,
    )
    def get(self, request):
        query = SummaryQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year") or timezone.localdate().year
        through = query.validated_data.get("through_month") or selectors.default_through_month(year)
        return Response(SummarySerializer(selectors.summary(year, through)).data)
