"""变更/注销: `/api/v1/contracts/{id}/changes/` and `/api/v1/change-requests/`."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import (
    exceptions,
    mixins,
    parsers,
    permissions,
    serializers,
    status,
    viewsets,
)
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsReviewer
from common.api import validation_error_detail
from contracts import selectors, services
from contracts.api.contracts import UploadSerializer
from contracts.models import ChangeKind, ChangeRequest, ChangeRequestAttachment, RequestStatus


class AlreadyOpen(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class ChangeAttachmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name", read_only=True)

    class Meta:
        model = ChangeRequestAttachment
        fields = ("id", "name", "size", "uploaded_at")


class ChangeRequestSerializer(serializers.ModelSerializer):
    registration_number = serializers.CharField(source="contract.registration_number")
    attachments = ChangeAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = ChangeRequest
        fields = (
            "id",
            "contract",
            "registration_number",
            "kind",
            "reason",
            "fields",
            "status",
            "filed_at",
            "decided_at",
            "note",
            "attachments",
        )
        read_only_fields = fields


class FileChangeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=ChangeKind.choices,
        error_messages={"invalid_choice": _("申请类别应为 change（变更）或 cancel（注销）。")},
    )
    reason = serializers.CharField(max_length=2000)
    fields = serializers.DictField(required=False, default=dict)


class ContractChangesView(APIView):
    """The seller files a change or a cancellation of its registration."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=FileChangeSerializer, responses={201: ChangeRequestSerializer})
    def post(self, request, pk):
        contract = selectors.contract_for_user(request.user, pk, write=True)
        data = FileChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            change = services.change_request_file(
                contract=contract, **data.validated_data, by=request.user
            )
        except services.ChangeAlreadyOpen as exc:
            raise AlreadyOpen(validation_error_detail(exc)) from None
        return Response(ChangeRequestSerializer(change).data, status=status.HTTP_201_CREATED)


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


class ChangeRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = ChangeRequestSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        queryset = selectors.change_requests_for(self.request.user).order_by("-filed_at", "-pk")
        wanted = self.request.query_params.get("status")
        if wanted in RequestStatus.values:
            queryset = queryset.filter(status=wanted)
        return queryset

    def get_permissions(self):
        if self.action in {"approve", "refuse"}:
            return [IsReviewer()]
        return super().get_permissions()

    def get_object(self):
        change = selectors.change_request_for(self.request.user, self.kwargs["pk"])
        if self.action == "attachments" and change.contract.seller_id != (
            self.request.user.organization_id
        ):
            raise exceptions.PermissionDenied(_("只有登记单位（卖方）可以上传变更材料。"))
        return change

    @extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={201: ChangeAttachmentSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[parsers.MultiPartParser])
    def attachments(self, request, pk=None):
        """The signed supplement (PDF)."""
        change = self.get_object()
        upload = UploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        attachment = services.change_request_attach(
            change_request=change, upload=upload.validated_data["file"], by=request.user
        )
        return Response(ChangeAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    def _decide(self, request, decide):
        change = self.get_object()
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decide(change_request=change, note=data.validated_data["note"], by=request.user)
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=DecisionSerializer, responses=ChangeRequestSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, services.change_request_approve)

    @extend_schema(request=DecisionSerializer, responses=ChangeRequestSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        """`note` required."""
        return self._decide(request, services.change_request_refuse)
