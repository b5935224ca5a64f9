"""技术性收入核定 over the API:
`POST /api/v1/contracts/{id}/income/` (the seller: year, amount, evidence PDF),
`GET /api/v1/income-verifications/` and `/{id}/`, `POST …/{id}/confirm/` (reviewer,
optional corrected amount), `GET …/{id}/pdf/` (the 技术性收入核定表)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, parsers, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsReviewer
from contracts import selectors, services
from contracts.income_sheet import income_sheet_response
from contracts.models import IncomeStatus, IncomeVerification


class IncomeVerificationSerializer(serializers.ModelSerializer):
    registration_number = serializers.CharField(source="contract.registration_number")
    evidence = serializers.CharField(source="evidence_name")

    class Meta:
        model = IncomeVerification
        fields = (
            "id",
            "contract",
            "registration_number",
            "year",
            "amount",
            "confirmed_amount",
            "status",
            "evidence",
            "filed_at",
            "confirmed_at",
            "note",
        )
        read_only_fields = fields


class IncomeFilingSerializer(serializers.Serializer):
    year = serializers.IntegerField(
        min_value=1990,
        max_value=2100,
        error_messages={
            "required": _("请填写年度（year）。"),
            "invalid": _("年度（year）应为 4 位数字。"),
            "min_value": _("年度（year）不能早于 1990 年。"),
            "max_value": _("年度（year）不能晚于 2100 年。"),
        },
    )
    amount = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        error_messages={
            "required": _("请填写技术性收入金额（amount），单位：元。"),
            "invalid": _("技术性收入金额（amount）应为数字，单位：元。"),
        },
    )
    file = serializers.FileField(
        error_messages={
            "required": _("请上传收入凭证（file，PDF）。"),
            "empty": _("上传的文件是空的。"),
        }
    )


class ConfirmSerializer(serializers.Serializer):
    amount = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        required=False,
        allow_null=True,
        error_messages={"invalid": _("核定金额（amount）应为数字，单位：元。")},
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class IncomeFileView(APIView):
    """The seller files one year's technology income of a registered contract."""

    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [parsers.MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": IncomeFilingSerializer},
        responses={201: IncomeVerificationSerializer},
    )
    def post(self, request, pk):
        contract = selectors.contract_for_user(request.user, pk, write=True)
        data = IncomeFilingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        filing = services.income_file(
            contract=contract,
            year=data.validated_data["year"],
            amount=data.validated_data["amount"],
            evidence=data.validated_data["file"],
            by=request.user,
        )
        return Response(IncomeVerificationSerializer(filing).data, status=status.HTTP_201_CREATED)


class IncomeVerificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Filings: reviewers see all, an organisation its own contracts'."""

    serializer_class = IncomeVerificationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ("status", "year", "contract")

    def get_queryset(self):
        return selectors.income_verifications_for_user(self.request.user).order_by(
            "-filed_at", "-pk"
        )

    def get_permissions(self):
        if self.action == "confirm":
            return [IsReviewer()]
        return super().get_permissions()

    def get_object(self):
        return selectors.income_verification_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(request=ConfirmSerializer, responses=IncomeVerificationSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """Confirm the filed figure, or a corrected `amount` (then `note` is required)."""
        data = ConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        filing = services.income_confirm(
            verification=self.get_object(),
            by=request.user,
            amount=data.validated_data.get("amount"),
            note=data.validated_data.get("note", ""),
        )
        return Response(IncomeVerificationSerializer(filing).data)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            404: OpenApiResponse(description="not confirmed yet"),
        }
    )
    @action(detail=True, methods=["get"], filterset_fields=None)
    def pdf(self, request, pk=None):
        """The 技术性收入核定表, once the reviewer has confirmed the figure."""
        filing = self.get_object()
        if filing.status != IncomeStatus.CONFIRMED:
            raise exceptions.NotFound(_("该申报尚未核定，没有核定表。"))
        return income_sheet_response(filing)
