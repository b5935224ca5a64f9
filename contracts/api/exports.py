"""`GET /api/v1/contracts/export.xlsx?registered_from=&registered_to=`: reviewers download
a period's registrations in the JJ-001 layout for the national system."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.views import APIView

from accounts.permissions import IsReviewer
from contracts.exports import jj001_xlsx_response
from contracts.models import Contract


class PeriodSerializer(serializers.Serializer):
    registered_from = serializers.DateField(
        required=False,
        allow_null=True,
        error_messages={"invalid": _("登记日期起（registered_from）应为 YYYY-MM-DD 格式的日期。")},
    )
    registered_to = serializers.DateField(
        required=False,
        allow_null=True,
        error_messages={"invalid": _("登记日期止（registered_to）应为 YYYY-MM-DD 格式的日期。")},
    )

    def validate(self, data):
        start, end = data.get("registered_from"), data.get("registered_to")
        if start and end and start > end:
            raise serializers.ValidationError(
                {"registered_to": [_("登记日期止不能早于登记日期起。")]}
            )
        return data


class Jj001ExportView(APIView):
    """Registered contracts whose registration date is in the period (both ends included)."""

    permission_classes = [IsReviewer]

    @extend_schema(
        parameters=[
            OpenApiParameter("registered_from", OpenApiTypes.DATE),
            OpenApiParameter("registered_to", OpenApiTypes.DATE),
        ],
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): (
                OpenApiResponse(OpenApiTypes.BINARY)
            )
        },
    )
    def get(self, request):
        period = PeriodSerializer(data=request.query_params)
        period.is_valid(raise_exception=True)
        start = period.validated_data.get("registered_from")
        end = period.validated_data.get("registered_to")
        contracts = Contract.objects.registered()
        if start:
            contracts = contracts.filter(registered_on__gte=start)
        if end:
            contracts = contracts.filter(registered_on__lte=end)
        return jj001_xlsx_response(contracts, registered_from=start, registered_to=end)
