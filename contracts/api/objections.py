"""异议: `POST /api/v1/objections/` (anyone, throttled), the reviewers' queue and resolve."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.permissions import IsReviewer
from contracts import selectors, services
from contracts.models import Objection, ObjectionParty, ObjectionStatus
from contracts.throttles import ObjectionThrottle

NOT_FOUND = services.NOT_FOUND_MESSAGE


class FileObjectionSerializer(serializers.Serializer):
    registration_number = serializers.CharField(max_length=30)
    verification_code = serializers.CharField(max_length=20)
    filed_by = serializers.ChoiceField(choices=ObjectionParty.choices)
    name = serializers.CharField(max_length=100)
    contact = serializers.CharField(max_length=200)
    grounds = serializers.CharField(max_length=5000)


class ObjectionSerializer(serializers.ModelSerializer):
    registration_number = serializers.CharField(source="contract.registration_number")

    class Meta:
        model = Objection
        fields = (
            "id",
            "contract",
            "registration_number",
            "filed_by",
            "name",
            "contact",
            "grounds",
            "filed_at",
            "status",
            "resolved_at",
            "note",
        )
        read_only_fields = fields


class ResolveSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=[(ObjectionStatus.STANDS, "stands"), (ObjectionStatus.REVOKED, "revoked")]
    )
    note = serializers.CharField(max_length=2000, allow_blank=True)


class ObjectionViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ObjectionSerializer

    def get_queryset(self):
        queryset = selectors.objections_queue()
        wanted = self.request.query_params.get("status")
        if wanted in ObjectionStatus.values:
            queryset = queryset.filter(status=wanted)
        return queryset

    def get_permissions(self):
        if self.action == "create":
            return [permissions.AllowAny()]
        return [IsReviewer()]

    def get_throttles(self):
        return [ObjectionThrottle()] if self.action == "create" else []

    @extend_schema(
        request=FileObjectionSerializer,
        responses={201: {"type": "object", "properties": {"id": {"type": "integer"}}}},
    )
    def create(self, request, *args, **kwargs):
        data = FileObjectionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            objection = services.objection_file(**data.validated_data)
        except services.RegistrationNotFound:
            raise exceptions.NotFound(NOT_FOUND) from None
        return Response(
            {"id": objection.pk, "status": objection.status, "filed_at": objection.filed_at},
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=ResolveSerializer, responses=ObjectionSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """Close with `stands` or `revoked`; `note` required."""
        objection = self.get_object()
        data = ResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.objection_resolve(objection=objection, by=request.user, **data.validated_data)
        return Response(self.get_serializer(self.get_object()).data)
