"""`/api/v1/contracts/`: the enterprise files, the reviewer decides. Rules live in services."""

import django_filters
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, parsers, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.idempotency import IDEMPOTENCY_KEY, IdempotentCreateMixin
from accounts.permissions import IsReviewer
from common.api import KeysFirstPagination
from common.serializers import PlannedListSerializer
from contracts import brokers, selectors, services
from contracts.certificate import certificate_response
from contracts.choices import ContractType, Status, Subtype
from contracts.models import (
    BUYER_FIELDS,
    REGISTRATION_FIELDS,
    SUBJECT_FIELDS,
    TERMS_FIELDS,
    Contract,
    ContractAttachment,
    ContractEvent,
    TechnicalField,
)


class SellerSerializer(serializers.Serializer):
    """The registering organisation as recorded on the contract (a snapshot)."""

    id = serializers.IntegerField(source="seller_id", allow_null=True)
    name = serializers.CharField(source="seller_name")
    uscc = serializers.CharField(source="seller_uscc")
    entity_nature = serializers.CharField(source="seller_entity_nature")


class AttachmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = ContractAttachment
        fields = ("id", "name", "size", "uploaded_at", "url")

    def get_url(self, attachment) -> str:
        path = reverse("contracts:attachment", args=[attachment.contract_id, attachment.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class TaxReliefSerializer(serializers.Serializer):
    vat_exempt = serializers.BooleanField()
    income_tax_relief = serializers.BooleanField()


class BrokerField(serializers.PrimaryKeyRelatedField):
    """A technology manager's id or null; only an approved one may be named (the rule is
    the service's, `contracts.brokers`)."""

    default_error_messages = {
        "does_not_exist": _("编号为 {pk_value} 的技术经理人不存在。"),
        "incorrect_type": _("技术经理人应填写其编号（整数）或 null。"),
    }

    def get_queryset(self):
        return brokers.broker_model().objects.all()


class ContractSerializer(serializers.ModelSerializer):
    seller = SellerSerializer(source="*", read_only=True)
    patent_numbers = serializers.ListField(
        child=serializers.CharField(max_length=30), required=False, max_length=50
    )
    tax_relief = TaxReliefSerializer(read_only=True)
    # Only the owner and reviewers read contracts through this API (see get_queryset).
    verification_code = serializers.CharField(read_only=True)
    # A technology import: the seller's country (not 156) and name; the filing
    # organisation is then the buyer (its data fill the buyer fields).
    seller_country_code = serializers.CharField(required=False, allow_blank=True, max_length=3)
    seller_name = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=200
    )
    is_import = serializers.BooleanField(read_only=True)
    # The 2026 workflow: expert review (large or disputed) and the registration's changes.
    needs_expert_review = serializers.BooleanField(read_only=True)
    is_disputed = serializers.BooleanField(read_only=True)
    changed_on = serializers.DateField(read_only=True, allow_null=True)
    attachments = AttachmentSerializer(many=True, read_only=True, source="attachment_list")
    broker = BrokerField(required=False, allow_null=True)
    broker_confirmed = serializers.SerializerMethodField()

    class Meta:
        model = Contract
        # The reviewer's list of a million contracts: the same rows, planned once a page.
        list_serializer_class = PlannedListSerializer
        read_only_fields = (*REGISTRATION_FIELDS, "created_at", "updated_at")
        fields = (
            "id",
            *SUBJECT_FIELDS,
            "seller",
            *BUYER_FIELDS,
            *TERMS_FIELDS,
            *REGISTRATION_FIELDS,
            "verification_code",
            "seller_country_code",
            "seller_name",
            "is_import",
            "needs_expert_review",
            "is_disputed",
            "changed_on",
            "broker",
            "broker_confirmed",
            "tax_relief",
            "attachments",
            "created_at",
            "updated_at",
        )
        extra_kwargs = {"title": {"required": True}}

    def get_broker_confirmed(self, contract) -> bool:
        """The named manager has confirmed brokering this contract."""
        return bool(contract.broker_id and contract.broker_confirmed_at)

    def create(self, validated_data):
        request = self.context["request"]
        return services.contract_create(
            organization=request.user.organization, data=validated_data, by=request.user
        )

    def update(self, instance, validated_data):
        return services.contract_update(
            contract=instance, data=validated_data, by=self.context["request"].user
        )


class EventSerializer(serializers.ModelSerializer):
    by = serializers.SerializerMethodField()

    class Meta:
        model = ContractEvent
        fields = ("id", "at", "by", "from_status", "to_status", "note")

    def get_by(self, event) -> str | None:
        """A reviewer as "登记员" and the name they chose, never their login name."""
        return event.by.shown_name if event.by else None


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, max_length=2000)


class ApproveSerializer(serializers.Serializer):
    technology_amount = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, allow_null=True
    )
    contract_type = serializers.ChoiceField(
        choices=ContractType.choices, required=False, allow_blank=True
    )
    subtype = serializers.ChoiceField(choices=Subtype.choices, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        error_messages={
            "required": _("请选择要上传的合同文本（PDF）。"),
            "empty": _("上传的文件是空的。"),
        }
    )


class ContractFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices)
    contract_type = django_filters.ChoiceFilter(choices=ContractType.choices)
    technical_field = django_filters.ChoiceFilter(choices=TechnicalField.choices)
    registered_from = django_filters.DateFilter(field_name="registered_on", lookup_expr="gte")
    registered_to = django_filters.DateFilter(field_name="registered_on", lookup_expr="lte")
    q = django_filters.CharFilter(method="search", label="名称、当事人、信用代码或登记编号")

    class Meta:
        model = Contract
        fields = (
            "status",
            "contract_type",
            "technical_field",
            "registered_from",
            "registered_to",
            "q",
        )

    def search(self, queryset, name, value):
        return selectors.search(queryset, value)


class IsOrganizationMember(permissions.BasePermission):
    message = _("只有已注册单位的用户可以填报技术合同。")

    def has_permission(self, request, view) -> bool:
        return bool(request.user.is_authenticated and request.user.organization_id)


@extend_schema_view(create=extend_schema(parameters=[IDEMPOTENCY_KEY]))
class ContractViewSet(
    IdempotentCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Technology contracts: an organisation sees and edits its own, a reviewer sees all."""

    idempotency_scope = "api:contract-create"
    serializer_class = ContractSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_class = ContractFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    # Writes that belong to the seller organisation; reviewers may read, not write.
    OWNER_ACTIONS = {"partial_update", "update", "attachments", "attachment_delete", "submit"}
    # `?cursor=` walks the list in its page order (contract_newest_idx serves both).
    cursor_ordering = ("-created_at", "-pk")
    # A page's keys from contract_newest_cover_idx alone, then its 20 rows.
    pagination_class = KeysFirstPagination

    def get_queryset(self):
        return (
            selectors.contracts_for_user(self.request.user)
            .select_related(None)  # the seller's fields are the contract's own snapshot
            .order_by("-created_at", "-pk")
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return page if page is None else selectors.with_attachment_lists(page)

    def get_permissions(self):
        if self.action == "create":
            return [permissions.IsAuthenticated(), IsOrganizationMember()]
        if self.action in {"approve", "return_", "reject"}:
            return [IsReviewer()]
        return super().get_permissions()

    def get_object(self):
        contract = selectors.contract_for_user(
            self.request.user, self.kwargs["pk"], write=self.action in self.OWNER_ACTIONS
        )
        self.check_object_permissions(self.request, contract)
        return contract

    def _detail(self, contract, code=status.HTTP_200_OK):
        contract = self.get_queryset().get(pk=contract.pk)
        return Response(self.get_serializer(contract).data, status=code)

    @extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={201: AttachmentSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[parsers.MultiPartParser])
    def attachments(self, request, pk=None):
        """Upload the signed contract (PDF, checked by its bytes)."""
        contract = self.get_object()
        upload = UploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        attachment = services.contract_attach(
            contract=contract, upload=upload.validated_data["file"], by=request.user
        )
        return Response(
            AttachmentSerializer(attachment, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=None, responses={204: None})
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"attachments/(?P<attachment_pk>[0-9]+)",
        url_name="attachment-delete",
    )
    def attachment_delete(self, request, pk=None, attachment_pk=None):
        """Remove a file from a draft or returned contract (the owner only)."""
        contract = self.get_object()
        if not contract.attachments.filter(pk=attachment_pk).exists():
            raise exceptions.NotFound(_("该合同没有这个文件。"))
        services.contract_attachment_delete(
            contract=contract, attachment_id=int(attachment_pk), by=request.user
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=ContractSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """draft/returned → submitted; a 400 names every missing or inconsistent field."""
        contract = services.contract_submit(contract=self.get_object(), by=request.user)
        return self._detail(contract)

    @extend_schema(request=ApproveSerializer, responses=ContractSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Register (认定登记), optionally correcting the technology amount, type and subtype."""
        contract = self.get_object()
        data = ApproveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        contract = services.contract_register(
            contract=contract, by=request.user, **data.validated_data
        )
        return self._detail(contract)

    @extend_schema(request=NoteSerializer, responses=ContractSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        """Return for correction (退回补正); `note` required."""
        return self._decide_with_note(request, services.contract_return)

    @extend_schema(request=NoteSerializer, responses=ContractSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Refuse (不予登记); `note` required."""
        return self._decide_with_note(request, services.contract_reject)

    def _decide_with_note(self, request, decide):
        contract = self.get_object()
        data = NoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decided = decide(contract=contract, by=request.user, note=data.validated_data["note"])
        return self._detail(decided)

    @extend_schema(responses=EventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def events(self, request, pk=None):
        """The audit trail: who, when, from, to, note."""
        contract = self.get_object()
        return Response(EventSerializer(selectors.events_of(contract), many=True).data)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            404: OpenApiResponse(description="not registered"),
        }
    )
    @action(detail=True, methods=["get"], filterset_class=None)
    def certificate(self, request, pk=None):
        """The registration certificate (PDF); registered contracts only."""
        contract = self.get_object()
        if contract.status != Status.REGISTERED:
            raise exceptions.NotFound(_("该合同尚未登记，没有登记证明。"))
        return certificate_response(contract)
