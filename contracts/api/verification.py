"""`GET /api/v1/verify/?number=N&code=C`: anyone checks a certificate."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from contracts.choices import ContractType, RegistrationState
from contracts.verification import (
    VerifyThrottle,
    registration_for_verification,
    verification_result,
)

NOT_FOUND = _("没有与该登记编号和验证码相符的登记。")


class VerifyQuerySerializer(serializers.Serializer):
    number = serializers.CharField(
        max_length=32, error_messages={"required": _("请填写登记编号（number）。")}
    )
    code = serializers.CharField(
        max_length=16, error_messages={"required": _("请填写验证码（code）。")}
    )


class VerificationSerializer(serializers.Serializer):
    registration_number = serializers.CharField()
    version = serializers.IntegerField()
    registration_state = serializers.ChoiceField(choices=RegistrationState.choices)
    seller_name = serializers.CharField()
    buyer_name = serializers.CharField()
    contract_type = serializers.ChoiceField(choices=ContractType.choices)
    contract_amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    technology_amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    registered_on = serializers.DateField()
    changed_on = serializers.DateField(allow_null=True)


class VerifyView(APIView):
    """A registration's current state, parties and amounts, given its number and code.
    Anything wrong answers the same 404; look-ups are throttled per client address."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [VerifyThrottle]

    @extend_schema(
        parameters=[
            OpenApiParameter("number", str, required=True, description="登记编号"),
            OpenApiParameter("code", str, required=True, description="验证码"),
        ],
        responses={200: VerificationSerializer, 404: OpenApiResponse(description="not found")},
    )
    def get(self, request):
        query = VerifyQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        contract = registration_for_verification(
            query.validated_data["number"], query.validated_data["code"]
        )
        if contract is None:
            raise exceptions.NotFound(NOT_FOUND)
        return Response(VerificationSerializer(verification_result(contract)).data)
