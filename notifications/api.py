"""`/api/v1/notifications/`: a person's own inbox; another person's line answers 404."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from common.mail import absolute_url
from notifications import selectors, services
from notifications.models import Notification

TRUE = {"1", "true", "yes"}
FALSE = {"0", "false", "no"}


class NotificationSerializer(serializers.ModelSerializer):
    link = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ("id", "kind", "title", "body", "url", "link", "is_read", "created_at", "read_at")

    def get_link(self, notification) -> str:
        """The page it is about, on the portal's public address."""
        return absolute_url(notification.url)


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = NotificationSerializer
    permission_classes = [permissions.IsAuthenticated]

    queryset = Notification.objects.none()  # for the schema; requests read their own

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return selectors.inbox(self.request.user)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "unread", OpenApiTypes.BOOL, description="true: only unread; false: only read"
            )
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def filter_queryset(self, queryset):
        value = self.request.query_params.get("unread")
        if value is None or value == "":
            return queryset
        if value.lower() in TRUE:
            return queryset.unread()
        if value.lower() in FALSE:
            return queryset.filter(read_at__isnull=False)
        raise exceptions.ValidationError({"unread": [_("unread 只能是 true 或 false。")]})

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()  # someone else's: 404
        services.notification_read(notification=notification, by=request.user)
        return Response(self.get_serializer(notification).data)

    @extend_schema(
        request=None,
        responses=inline_serializer("NotificationsReadAll", {"marked": serializers.IntegerField()}),
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": services.notifications_read_all(by=request.user)})
