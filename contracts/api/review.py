"""Withdraw, disputes and expert review: `/api/v1/contracts/{id}/withdraw/`,
`/contracts/{id}/experts/`, `/contracts/{id}/dispute/`, `/expert-reviews/`."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.permissions import IsExpert, IsReviewer
from contracts import selectors, services
from contracts.api.contracts import ContractSerializer
from contracts.models import Contract, ExpertReview, Recommendation


def _contract_detail(request, contract, code=status.HTTP_200_OK):
    contract = Contract.objects.select_related("seller").get(pk=contract.pk)
    return Response(ContractSerializer(contract, context={"request": request}).data, status=code)


class WithdrawView(APIView):
    """The seller takes a submitted contract back to draft (before any decision/opinion)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses=ContractSerializer)
    def post(self, request, pk):
        contract = selectors.contract_for_user(request.user, pk, write=True)
        return _contract_detail(
            request, services.contract_withdraw(contract=contract, by=request.user)
        )


class ExpertsSerializer(serializers.Serializer):
    experts = serializers.ListField(
        child=serializers.IntegerField(),
        min_length=1,
        max_length=3,
        error_messages={
            "min_length": _("请选择 1 至 3 位专家。"),
            "max_length": _("请选择 1 至 3 位专家。"),
            "required": _("请选择 1 至 3 位专家。"),
        },
    )

    def validate_experts(self, ids):
        experts = list(User.objects.filter(pk__in=ids))
        missing = set(ids) - {expert.pk for expert in experts}
        if missing:
            raise serializers.ValidationError(
                _("专家不存在：%(ids)s。") % {"ids": "、".join(map(str, sorted(missing)))}
            )
        return experts


class ExpertReviewSerializer(serializers.ModelSerializer):
    expert = serializers.SerializerMethodField()

    class Meta:
        model = ExpertReview
        fields = (
            "id",
            "contract",
            "expert",
            "status",
            "assigned_at",
            "recommendation",
            "technology_amount",
            "opinion",
            "answered_at",
        )

    def get_expert(self, review) -> dict:
        profile = getattr(review.expert, "expert_profile", None)
        return {"id": review.expert_id, "name": profile.name if profile else review.expert.username}


class ExpertsView(APIView):
    """A reviewer assigns one to three experts to a large or disputed contract."""

    permission_classes = [IsReviewer]

    @extend_schema(request=ExpertsSerializer, responses={201: ExpertReviewSerializer(many=True)})
    def post(self, request, pk):
        contract = get_object_or_404(Contract, pk=pk)
        data = ExpertsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reviews = services.expert_reviews_assign(
            contract=contract, experts=data.validated_data["experts"], by=request.user
        )
        return Response(
            ExpertReviewSerializer(reviews, many=True).data, status=status.HTTP_201_CREATED
        )


class DisputeSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, allow_blank=True)


class DisputeView(APIView):
    """A reviewer marks a submitted contract disputed: it then needs expert review."""

    permission_classes = [IsReviewer]

    @extend_schema(request=DisputeSerializer, responses=ContractSerializer)
    def post(self, request, pk):
        contract = get_object_or_404(Contract, pk=pk)
        data = DisputeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        contract = services.contract_mark_disputed(
            contract=contract, note=data.validated_data["note"], by=request.user
        )
        return _contract_detail(request, contract)


class ReviewedContractSerializer(serializers.ModelSerializer):
    """What an expert sees of the contract assigned to them."""

    attachments = serializers.SerializerMethodField()

    class Meta:
        model = Contract
        fields = (
            "id",
            "title",
            "contract_type",
            "subtype",
            "seller_name",
            "buyer_name",
            "contract_amount",
            "technology_amount",
            "signed_on",
            "valid_from",
            "valid_until",
            "technical_field",
            "ip_type",
            "patent_numbers",
            "is_disputed",
            "dispute_note",
            "review_due_on",
            "attachments",
        )

    def get_attachments(self, contract) -> list:
        review = self.context["review"]
        request = self.context.get("request")
        rows = []
        for attachment in contract.attachments.all():
            path = reverse("contracts:expert-attachment", args=[review.pk, attachment.pk])
            rows.append(
                {
                    "id": attachment.pk,
                    "name": attachment.original_name,
                    "size": attachment.size,
                    "url": request.build_absolute_uri(path) if request else path,
                }
            )
        return rows


class AssignmentSerializer(ExpertReviewSerializer):
    contract = serializers.SerializerMethodField()

    def get_contract(self, review) -> dict:
        return ReviewedContractSerializer(
            review.contract, context={**self.context, "review": review}
        ).data


class OpinionSerializer(serializers.Serializer):
    conflict = serializers.BooleanField(required=False, default=False)
    recommendation = serializers.ChoiceField(
        choices=Recommendation.choices, required=False, allow_blank=True
    )
    technology_amount = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, allow_null=True
    )
    opinion = serializers.CharField(max_length=5000, allow_blank=True, required=False, default="")

    def validate(self, attrs):
        if not attrs.get("conflict") and not attrs.get("recommendation"):
            raise serializers.ValidationError(
                {
                    "recommendation": _(
                        "请选择评审建议（register、return 或 reject），或声明回避（conflict）。"
                    )
                }
            )
        return attrs


class ExpertReviewViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """An expert's assignments, with the contract's details and files; the opinion."""

    serializer_class = AssignmentSerializer
    permission_classes = [IsExpert]

    def get_queryset(self):
        return selectors.expert_reviews_for(self.request.user)

    def get_object(self):
        return selectors.expert_review_for(self.request.user, self.kwargs["pk"])

    @extend_schema(request=OpinionSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def opinion(self, request, pk=None):
        review = self.get_object()
        data = OpinionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        review = services.expert_review_answer(
            review=review,
            by=request.user,
            conflict=values["conflict"],
            recommendation=values.get("recommendation") or "",
            technology_amount=values.get("technology_amount"),
            opinion=values.get("opinion") or "",
        )
        return Response(self.get_serializer(self.get_object()).data)
