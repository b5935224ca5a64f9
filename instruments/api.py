"""API: the instrument catalogue (anyone reads, the owning institution's members write),
booking requests and the booking actions, and marking users trained."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from institutions.selectors import institution_of
from instruments import selectors, services
from instruments.filters import InstrumentFilter
from instruments.models import SLOT_HOLDING, Booking, Instrument


class SlotSerializer(serializers.ModelSerializer):
    class Meta:
        model = Booking
        fields = ("starts_at", "ends_at")
        read_only_fields = fields


class InstrumentSerializer(serializers.ModelSerializer):
    busy = serializers.SerializerMethodField(help_text="已确认的预约时段（尚未结束的）")
    photos = serializers.SerializerMethodField()

    class Meta:
        model = Instrument
        fields = ("id", "institution", *Instrument.MEMBER_FIELDS, "busy", "photos")
        read_only_fields = ("id", "institution", "busy", "photos")

    @extend_schema_field(SlotSerializer(many=True))
    def get_busy(self, instrument) -> list[dict]:
        return SlotSerializer(instrument.upcoming_busy, many=True).data

    def get_photos(self, instrument) -> list[str]:
        return [photo.image.url for photo in instrument.photos.all()]


class BookingSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Booking
        fields = (
            "id",
            "instrument",
            "requested_by",
            "organization",
            "organization_name",
            "is_external",
            "starts_at",
            "ends_at",
            "purpose",
            "samples",
            "status",
            "decision_note",
            "quantity",
            "fee",
            "contract",
            "created_at",
        )
        read_only_fields = fields


class BookingRequestSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    purpose = serializers.CharField(max_length=2000)
    samples = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class CompleteSerializer(serializers.Serializer):
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)
    fee = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)


class TrainedSerializer(serializers.Serializer):
    user = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


def _upcoming(rows):
    """Each instrument with its slots still to come (one query for the page)."""
    busy = Booking.objects.filter(status__in=SLOT_HOLDING, ends_at__gt=timezone.now())
    return rows.prefetch_related(
        Prefetch("bookings", queryset=busy.order_by("starts_at"), to_attr="upcoming_busy")
    )


class InstrumentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Shared instruments. Anyone reads the catalogue; members of the owning institution
    list and edit theirs. Filters: `q`, `category`, `institution`, `field`, `status`."""

    serializer_class = InstrumentSerializer
    filterset_class = InstrumentFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def get_queryset(self):
        return _upcoming(selectors.visible_instruments(self.request.user))

    def get_object(self):
        write = self.request.method not in permissions.SAFE_METHODS
        instrument = selectors.instrument_for_user(
            self.request.user, self.kwargs["pk"], write=write
        )
        return _upcoming(Instrument.objects.filter(pk=instrument.pk)).get()

    def perform_create(self, serializer):
        institution = institution_of(self.request.user)
        if institution is None:
            raise exceptions.PermissionDenied(_("只有高校院所的成员可以登记共享仪器。"))
        created = services.instrument_create(
            institution=institution, data=serializer.validated_data, by=self.request.user
        )
        serializer.instance = _upcoming(Instrument.objects.filter(pk=created.pk)).get()

    def perform_update(self, serializer):
        services.instrument_update(
            instrument=serializer.instance, data=serializer.validated_data, by=self.request.user
        )
        serializer.instance = _upcoming(Instrument.objects.filter(pk=serializer.instance.pk)).get()

    @extend_schema(request=BookingRequestSerializer, responses={201: BookingSerializer})
    @action(detail=True, methods=["post"])
    def bookings(self, request, pk=None):
        """A member of a verified organisation requests a slot."""
        instrument = selectors.instrument_for_user(request.user, pk)
        body = BookingRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            booking = services.booking_request(
                instrument=instrument, by=request.user, **body.validated_data
            )
        except DjangoPermissionDenied as exc:  # keep the service's reason (common drops it)
            raise exceptions.PermissionDenied(*exc.args) from None
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=TrainedSerializer,
        responses={201: inline_serializer("Trained", {"instrument": serializers.IntegerField(), "user": serializers.IntegerField()})},
    )  # fmt: skip
    @action(detail=True, methods=["post"])
    def trained(self, request, pk=None):
        """The owner marks a user trained on this instrument."""
        instrument = selectors.instrument_for_user(request.user, pk, write=True)
        body = TrainedSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        training = services.instrument_mark_trained(
            instrument=instrument, user_id=body.validated_data["user"], by=request.user
        )
        return Response(
            {"instrument": instrument.pk, "user": training.user_id}, status=status.HTTP_201_CREATED
        )


class BookingViewSet(viewsets.ReadOnlyModelViewSet):
    """Bookings: one's own requests and those for one's institution's instruments."""

    serializer_class = BookingSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.visible_bookings(self.request.user)

    def get_object(self):
        return selectors.booking_for_user(self.request.user, self.kwargs["pk"])

    def _answer(self, booking):
        return Response(BookingSerializer(booking).data)

    @extend_schema(request=None, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._answer(services.booking_approve(booking=self.get_object(), by=request.user))

    @extend_schema(request=ReasonSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        booking = self.get_object()
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(
            services.booking_decline(
                booking=booking, by=request.user, reason=body.validated_data["reason"]
            )
        )

    @extend_schema(request=None, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._answer(services.booking_cancel(booking=self.get_object(), by=request.user))

    @extend_schema(request=None, responses=BookingSerializer)
    @action(detail=True, methods=["post"], url_path="no-show")
    def no_show(self, request, pk=None):
        return self._answer(services.booking_no_show(booking=self.get_object(), by=request.user))

    @extend_schema(request=CompleteSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        booking = self.get_object()
        body = CompleteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(
            services.booking_complete(booking=booking, by=request.user, **body.validated_data)
        )

    @extend_schema(
        request=None,
        responses={201: inline_serializer("BookingContract", {"id": serializers.IntegerField()})},
    )
    @action(detail=True, methods=["post"])
    def contract(self, request, pk=None):
        """A completed paid external booking → a 技术服务 contract draft; answers its id."""
        contract = services.booking_contract(booking=self.get_object(), by=request.user)
        return Response({"id": contract.pk}, status=status.HTTP_201_CREATED)
