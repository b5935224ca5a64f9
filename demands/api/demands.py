"""`/api/v1/demands/`, `/demand-responses/`, `/demand-access/`: technology demands, the
responses to them and who may read their details."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.permissions import IsReviewer
from demands import selectors
from demands.choices import DeclineReason, DemandStatus, IndustryTag
from demands.models import Demand, DemandAccess, DemandResponse
from demands.services import demands as services
from patents.models import CooperationMode


class DemandSerializer(serializers.ModelSerializer):
    organization = serializers.SerializerMethodField()
    tags = serializers.ListField(
        child=serializers.ChoiceField(choices=IndustryTag.choices), required=False
    )
    cooperation_modes = serializers.ListField(
        child=serializers.ChoiceField(choices=CooperationMode.choices), required=False
    )
    details_visible = serializers.SerializerMethodField()

    class Meta:
        model = Demand
        fields = (
            "id",
            "organization",
            "title",
            "summary",
            "details",
            "targets",
            "technical_field",
            "tags",
            "budget",
            "cooperation_modes",
            "deadline",
            "status",
            "review_note",
            "published_at",
            "details_visible",
        )
        read_only_fields = ("id", "organization", "status", "review_note", "published_at")

    def get_organization(self, demand) -> dict:
        return {"id": demand.organization_id, "name": demand.organization.name}

    def get_details_visible(self, demand) -> bool:
        return selectors.can_see_details(self.context["request"].user, demand)

    def to_representation(self, demand):
        data = super().to_representation(demand)
        user = self.context["request"].user
        if not data["details_visible"]:
            data["details"] = None  # restricted: only admitted verified organisations
        if not (selectors.is_owner(user, demand) or getattr(user, "is_reviewer", False)):
            data.pop("review_note")
        return data


class DemandNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


class CloseSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[DemandStatus.SOLVED, DemandStatus.CLOSED])
    note = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


class ResponseSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.name", read_only=True)
    attachment = serializers.FileField(required=False, write_only=True)
    has_attachment = serializers.SerializerMethodField()

    class Meta:
        model = DemandResponse
        fields = (
            "id",
            "demand",
            "organization",
            "message",
            "attachment",
            "has_attachment",
            "status",
            "decline_reason",
            "decline_note",
            "created_at",
        )
        read_only_fields = (
            "id",
            "demand",
            "status",
            "decline_reason",
            "decline_note",
            "created_at",
        )

    def get_has_attachment(self, response) -> bool:
        return bool(response.attachment)


class DeclineSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=DeclineReason.choices)
    note = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


class AccessSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = DemandAccess
        fields = ("id", "demand", "organization", "status", "requested_at", "decided_at")
        read_only_fields = fields


def _reviewer(request) -> None:
    if not IsReviewer().has_permission(request, None):
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated
        raise exceptions.PermissionDenied(IsReviewer.message)


class DemandViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Anyone reads published demands (the public part); a verified organisation's member
    writes its own; reviewers screen. Filters: `q`, `status`, `technical_field`, `mine`."""

    serializer_class = DemandSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        rows = selectors.demands_for_user(self.request.user)
        params = self.request.query_params
        if params.get("mine") and self.request.user.is_authenticated:
            rows = rows.filter(organization_id=self.request.user.organization_id)
        if params.get("status"):
            rows = rows.filter(status=params["status"])
        if params.get("technical_field"):
            rows = rows.filter(technical_field=params["technical_field"])
        return rows.search(params.get("q", "")).order_by("-published_at", "-pk")

    def get_object(self):
        write = self.request.method not in permissions.SAFE_METHODS
        return selectors.demand_for_user(self.request.user, self.kwargs["pk"], write=write)

    def perform_create(self, serializer):
        serializer.instance = services.demand_create(
            by=self.request.user, data=serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.demand_update(
            demand=serializer.instance, by=self.request.user, data=serializer.validated_data
        )

    def _answer(self, demand, code=status.HTTP_200_OK):
        demand = Demand.objects.select_related("organization").get(pk=demand.pk)
        return Response(self.get_serializer(demand).data, status=code)

    @extend_schema(request=None, responses=DemandSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        demand = selectors.demand_for_user(request.user, pk, write=True)
        return self._answer(services.demand_submit(demand=demand, by=request.user))

    def _screen(self, request, pk, service):
        _reviewer(request)
        demand = selectors.demand_for_user(request.user, pk)
        body = DemandNoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(
            service(demand=demand, by=request.user, note=body.validated_data["note"])
        )

    @extend_schema(request=DemandNoteSerializer, responses=DemandSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._screen(request, pk, services.demand_publish)

    @extend_schema(request=DemandNoteSerializer, responses=DemandSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._screen(request, pk, services.demand_return)

    @extend_schema(request=DemandNoteSerializer, responses=DemandSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._screen(request, pk, services.demand_refuse)

    @extend_schema(request=CloseSerializer, responses=DemandSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        demand = selectors.demand_for_user(request.user, pk, write=True)
        body = CloseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(
            services.demand_close(demand=demand, by=request.user, **body.validated_data)
        )

    @extend_schema(request=ResponseSerializer, responses=ResponseSerializer(many=True))
    @action(detail=True, methods=["get", "post"], serializer_class=ResponseSerializer)
    def responses(self, request, pk=None):
        """The owner sees all responses, a responder its own; a verified organisation responds."""
        demand = selectors.demand_for_user(request.user, pk)
        if request.method == "GET":
            if not request.user.is_authenticated:
                raise exceptions.NotAuthenticated
            rows = selectors.responses_for_user(request.user, demand)
            page = self.paginate_queryset(rows)
            return self.get_paginated_response(ResponseSerializer(page, many=True).data)
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated
        body = ResponseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        response = services.demand_respond(
            demand=demand,
            by=request.user,
            message=body.validated_data["message"],
            upload=body.validated_data.get("attachment"),
        )
        return Response(ResponseSerializer(response).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=AccessSerializer)
    @action(detail=True, methods=["post"], serializer_class=AccessSerializer)
    def access(self, request, pk=None):
        """A verified organisation asks the owner to admit it to the details."""
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated
        demand = selectors.demand_for_user(request.user, pk)
        access = services.demand_access_request(demand=demand, by=request.user)
        return Response(AccessSerializer(access).data, status=status.HTTP_201_CREATED)


class DemandResponseViewSet(viewsets.GenericViewSet):
    """The demand's owner shortlists or declines (with a reason from the list) a response."""

    serializer_class = ResponseSerializer
    queryset = DemandResponse.objects.none()

    @extend_schema(request=None, responses=ResponseSerializer)
    @action(detail=True, methods=["post"])
    def shortlist(self, request, pk=None):
        response = selectors.response_for_user(request.user, pk, write=True)
        return Response(
            ResponseSerializer(services.response_shortlist(response=response, by=request.user)).data
        )

    @extend_schema(request=DeclineSerializer, responses=ResponseSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        response = selectors.response_for_user(request.user, pk, write=True)
        body = DeclineSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        response = services.response_decline(
            response=response, by=request.user, **body.validated_data
        )
        return Response(ResponseSerializer(response).data)


class DemandAccessViewSet(viewsets.GenericViewSet):
    """The owner admits or refuses an organisation's request to read the details."""

    serializer_class = AccessSerializer
    queryset = DemandAccess.objects.none()
    permission_classes = [permissions.IsAuthenticated]

    def _decide(self, request, pk, admit):
        access = selectors.access_for_owner(request.user, pk)
        return Response(
            AccessSerializer(
                services.demand_access_decide(access=access, by=request.user, admit=admit)
            ).data
        )

    @extend_schema(request=None, responses=AccessSerializer)
    @action(detail=True, methods=["post"])
    def admit(self, request, pk=None):
        return self._decide(request, pk, True)

    @extend_schema(request=None, responses=AccessSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._decide(request, pk, False)
