"""`/api/v1/managers/` and `/api/v1/help-requests/`: anyone reads the approved managers
(contact only when signed in), a signed-in person applies once, reviewers decide, the
manager confirms contracts, files the yearly report and answers requests for help.
Access is `selectors.manager_for_user`; every rule is a service's."""

import mimetypes

from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from common import uploads
from common.api import BlankableFormats, Pagination
from managers import selectors, services
from managers.models import Filing, HelpRequest, HelpSubject, Manager, TechnicalField


class DealsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    contracts = serializers.IntegerField()
    contract_amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    technology_amount = serializers.DecimalField(max_digits=18, decimal_places=2)


class ManagerSerializer(BlankableFormats, serializers.ModelSerializer):
    technical_fields = serializers.ListField(
        child=serializers.ChoiceField(choices=TechnicalField.choices), max_length=11
    )
    deals = serializers.SerializerMethodField()
    certificate_file = serializers.FileField(write_only=True, required=False)

    class Meta:
        model = Manager
        fields = (
            "id",
            *Manager.APPLICANT_FIELDS,
            "certificate_file",
            "status",
            "review_note",
            "approved_at",
            "deals",
            "is_demo",
        )
        read_only_fields = ("status", "review_note", "approved_at", "is_demo")

    @extend_schema_field(DealsSerializer(many=True))
    def get_deals(self, manager):
        """Registered contracts the manager confirmed brokering, per registration year."""
        return DealsSerializer(selectors.deals_by_year(manager), many=True).data

    def to_representation(self, manager):
        data = super().to_representation(manager)
        user = self.context["request"].user
        if not selectors.can_see_contact(user):
            data["phone"] = data["email"] = None  # contact: signed-in users only
        if not (selectors.is_reviewer(user) or manager.user_id == user.pk):
            data["review_note"] = ""
        return data

    def _split(self, validated_data):
        certificate = validated_data.pop("certificate_file", None)
        return validated_data, certificate

    def create(self, validated_data):
        data, certificate = self._split(validated_data)
        return services.manager_apply(
            user=self.context["request"].user, data=data, certificate=certificate
        )

    def update(self, instance, validated_data):
        data, certificate = self._split(validated_data)
        return services.manager_update(
            manager=instance, data=data, by=self.context["request"].user, certificate=certificate
        )


class ManagerNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ManagerRequiredNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000)


class ContractConfirmSerializer(serializers.Serializer):
    contract = serializers.IntegerField(min_value=1)


class ConfirmedSerializer(serializers.Serializer):
    contract = serializers.IntegerField()
    confirmed_at = serializers.DateTimeField()


class FilingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Filing
        fields = ("id", "year", "deals", "services", "training_hours", "summary", "filed_at")
        read_only_fields = ("id", "filed_at")


class HelpRequestSerializer(serializers.ModelSerializer):
    manager_name = serializers.CharField(source="manager.name", read_only=True)
    requester = serializers.CharField(source="requester.shown_name", read_only=True)

    class Meta:
        model = HelpRequest
        fields = (
            "id",
            "manager",
            "manager_name",
            "subject_type",
            "subject_id",
            "subject_title",
            "requester",
            "message",
            "status",
            "answer",
            "created_at",
            "answered_at",
        )
        read_only_fields = fields


class AskSerializer(serializers.Serializer):
    subject_type = serializers.ChoiceField(choices=HelpSubject.choices)
    subject_id = serializers.IntegerField(min_value=1)
    message = serializers.CharField(max_length=2000)


class HelpAnswerSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    answer = serializers.CharField(max_length=2000)


class ManagerViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Technology managers. Filters: `q` (name, employer, experience), `technical_field`,
    `status` (reviewers; others see approved ones and their own)."""

    serializer_class = ManagerSerializer
    pagination_class = Pagination
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        rows = selectors.visible_managers(self.request.user).search(
            self.request.query_params.get("q", "")
        )
        field = self.request.query_params.get("technical_field", "")
        if field:
            if field not in TechnicalField.values:
                raise exceptions.ValidationError(
                    {"technical_field": [_("未知的技术领域代码：%(code)s") % {"code": field}]}
                )
            rows = rows.with_field(field)
        status = self.request.query_params.get("status", "")
        if status:
            rows = rows.filter(status=status)
        return rows.order_by("name", "pk")

    def get_object(self):
        write = self.request.method not in permissions.SAFE_METHODS
        return selectors.manager_for_user(self.request.user, self.kwargs["pk"], write=write)

    def _manager(self, pk):
        return selectors.manager_for_user(self.request.user, pk)

    def _require_owner_or_reviewer(self, manager) -> None:
        user = self.request.user
        if not user.is_authenticated:
            raise exceptions.NotAuthenticated
        if not (selectors.is_reviewer(user) or manager.user_id == user.pk):
            raise exceptions.PermissionDenied

    def _answer(self, manager):
        return Response(self.get_serializer(manager).data)

    @extend_schema(request=ManagerNoteSerializer, responses=ManagerSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        body = ManagerNoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        manager = services.manager_approve(
            manager=self._manager(pk), by=request.user, note=body.validated_data.get("note", "")
        )
        return self._answer(manager)

    @extend_schema(request=ManagerRequiredNoteSerializer, responses=ManagerSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        manager = self._manager(pk)
        body = ManagerRequiredNoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        manager = services.manager_refuse(
            manager=manager, by=request.user, note=body.validated_data["note"]
        )
        return self._answer(manager)

    @extend_schema(request=ManagerRequiredNoteSerializer, responses=ManagerSerializer)
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        manager = self._manager(pk)
        body = ManagerRequiredNoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        manager = services.manager_suspend(
            manager=manager, by=request.user, note=body.validated_data["note"]
        )
        return self._answer(manager)

    @extend_schema(request=ManagerNoteSerializer, responses=ManagerSerializer)
    @action(detail=True, methods=["post"])
    def reinstate(self, request, pk=None):
        manager = self._manager(pk)
        body = ManagerNoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        manager = services.manager_reinstate(
            manager=manager, by=request.user, note=body.validated_data.get("note", "")
        )
        return self._answer(manager)

    @extend_schema(request=ContractConfirmSerializer, responses=ConfirmedSerializer)
    @action(detail=True, methods=["post"], url_path="confirm-contract")
    def confirm_contract(self, request, pk=None):
        """The manager confirms brokering a contract that names them (`broker`)."""
        manager = self._manager(pk)
        body = ContractConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        contract = services.manager_contract_confirm(
            manager=manager, contract_id=body.validated_data["contract"], by=request.user
        )
        return Response({"contract": contract.pk, "confirmed_at": contract.broker_confirmed_at})

    @extend_schema(methods=["GET"], request=None, responses=FilingSerializer(many=True))
    @extend_schema(methods=["POST"], request=FilingSerializer, responses={201: FilingSerializer})
    @action(detail=True, methods=["get", "post"])
    def filings(self, request, pk=None):
        """The yearly filings: the manager and reviewers read them; the manager files."""
        manager = self._manager(pk)
        if request.method == "GET":
            self._require_owner_or_reviewer(manager)
            rows = selectors.filings_of(manager)
            return Response(FilingSerializer(rows, many=True).data)
        if manager.user_id != request.user.pk:
            raise exceptions.PermissionDenied
        body = FilingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        filing = services.filing_submit(manager=manager, by=request.user, data=body.validated_data)
        return Response(FilingSerializer(filing).data, status=201)

    @extend_schema(request=AskSerializer, responses={201: HelpRequestSerializer})
    @action(detail=True, methods=["post"], url_path="help-requests")
    def help_requests(self, request, pk=None):
        """A member of the subject's organisation asks the manager for help (a demand)."""
        manager = self._manager(pk)
        body = AskSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        help_request = services.help_request_create(
            manager=manager, requester=request.user, **body.validated_data
        )
        return Response(HelpRequestSerializer(help_request).data, status=201)

    @extend_schema(
        request=None,
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    @action(detail=True, methods=["get"])
    def certificate(self, request, pk=None):
        """The certificate scan: the manager and reviewers only."""
        manager = self._manager(pk)
        self._require_owner_or_reviewer(manager)
        return certificate_response(manager)


def certificate_response(manager: Manager) -> FileResponse:
    if not manager.certificate_file:
        raise Http404
    name = manager.certificate_file.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return uploads.stored_file_response(
        manager.certificate_file, filename=name, content_type=content_type, sandbox=True
    )


class HelpRequestViewSet(viewsets.ReadOnlyModelViewSet):
    """The manager's inbox of requests for help (and the requests one sent)."""

    serializer_class = HelpRequestSerializer
    pagination_class = Pagination
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return HelpRequest.objects.none()
        user = self.request.user
        manager = selectors.manager_of(user)
        received = selectors.help_inbox(manager) if manager else HelpRequest.objects.none()
        return (received | selectors.help_requests_sent(user)).order_by("-created_at", "-pk")

    def get_object(self):
        return selectors.help_request_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(request=HelpAnswerSerializer, responses=HelpRequestSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        help_request = self.get_object()
        body = HelpAnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        help_request = services.help_request_answer(
            help_request=help_request, by=request.user, **body.validated_data
        )
        return Response(self.get_serializer(help_request).data)
