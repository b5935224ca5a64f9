"""API: institutions (read), results (read published; members write their own), enquiries."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from accounts.idempotency import IDEMPOTENCY_KEY, IdempotentCreateMixin
from common.api import BlankableFormats, Pagination
from common.response_cache import CachedForAnonymous
from common.serializers import LabelField
from institutions import selectors, services
from institutions.filters import InstitutionFilter, ResultFilter
from institutions.models import Enquiry, EnquiryReply, EnquiryStatus, Institution, Result


class EnquiryThrottle(SimpleRateThrottle):
    """One budget per client address, shared by the API and the HTML form. The address
    comes from DRF, which believes X-Forwarded-For only as far as settings.NUM_PROXIES
    says (0 by default: the connecting address)."""

    scope = "enquiry"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


# ---- institutions ---------------------------------------------------------------------


class InstitutionSerializer(BlankableFormats, serializers.ModelSerializer):
    resident = serializers.BooleanField(source="is_resident", read_only=True)
    published_results = serializers.IntegerField(read_only=True)

    class Meta:
        model = Institution
        # `resident` sits just before `resident_since`, where clients have always found it.
        _since = Institution.PROFILE_FIELDS.index("resident_since")
        fields = (
            "id",
            *Institution.PROFILE_FIELDS[:_since],
            "resident",
            *Institution.PROFILE_FIELDS[_since:],
            "logo",
            "is_demo",
            "published_results",
        )
        read_only_fields = fields


class InstitutionViewSet(viewsets.ReadOnlyModelViewSet):
    """Resident universities and institutes. Filters: `q`, `kind`, `resident`, `field`."""

    serializer_class = InstitutionSerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = InstitutionFilter

    def get_queryset(self):
        return selectors.institution_list()


# ---- results --------------------------------------------------------------------------


class ResultSerializer(serializers.ModelSerializer):
    patent_numbers = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False
    )
    cooperation_modes = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False
    )

    class Meta:
        model = Result
        fields = ("id", "institution", *Result.MEMBER_FIELDS, "status", "published_at")
        read_only_fields = tuple(f for f in fields if f not in Result.MEMBER_FIELDS)


class WithdrawSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AppealSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000)


class ResultViewSet(
    CachedForAnonymous,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Anyone reads published results; members of an institution write their own.

    Filters: `q`, `technical_field`, `trl_min`, `trl_max`, `cooperation_mode`,
    `institution`, `status`. Newest publication first.
    """

    serializer_class = ResultSerializer
    filterset_class = ResultFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.visible_results(self.request.user)

    def get_object(self):
        write = self.request.method not in permissions.SAFE_METHODS
        result = selectors.result_for_user(self.request.user, self.kwargs["pk"], write=write)
        self.check_object_permissions(self.request, result)
        return result

    def perform_create(self, serializer):
        institution = selectors.institution_of(self.request.user)
        if institution is None:
            raise exceptions.PermissionDenied(_("只有已认证高校院所的成员可以发布科技成果。"))
        serializer.instance = services.result_create(
            institution=institution, data=serializer.validated_data, by=self.request.user
        )

    def perform_update(self, serializer):
        serializer.instance = services.result_update(
            result=serializer.instance, data=serializer.validated_data, by=self.request.user
        )

    @extend_schema(request=None, responses=ResultSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        result = services.result_publish(result=self.get_object(), by=request.user)
        return Response(self.get_serializer(result).data)

    @extend_schema(request=WithdrawSerializer, responses=ResultSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """The owner withdraws its result; a reviewer takes it down (`note` required),
        after which the owner cannot republish it."""
        result = selectors.result_for_user(request.user, pk)
        body = WithdrawSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        note = body.validated_data.get("note", "")
        if selectors.institution_of(request.user) == result.institution:
            result = services.result_withdraw(result=result, by=request.user, note=note)
        elif request.user.is_authenticated and request.user.is_reviewer:
            result = services.result_moderate(result=result, by=request.user, note=note)
        else:
            raise exceptions.PermissionDenied
        return Response(self.get_serializer(result).data)

    @extend_schema(request=WithdrawSerializer, responses=ResultSerializer)
    @action(detail=True, methods=["post"])
    def reinstate(self, request, pk=None):
        """A reviewer puts a result it took down back on the site."""
        result = selectors.result_for_user(request.user, pk)
        body = WithdrawSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = services.result_reinstate(
            result=result, by=request.user, note=body.validated_data.get("note", "")
        )
        return Response(self.get_serializer(result).data)

    @extend_schema(request=AppealSerializer, responses=ResultSerializer)
    @action(detail=True, methods=["post"])
    def appeal(self, request, pk=None):
        """The owning institute asks for a review of a take-down (`note` required)."""
        result = self.get_object()
        body = AppealSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = services.result_appeal(
            result=result, by=request.user, note=body.validated_data["note"]
        )
        return Response(self.get_serializer(result).data)


# ---- enquiries ------------------------------------------------------------------------


class EnquiryTrackThrottle(EnquiryThrottle):
    """Guessing references is as costly as sending enquiries: a budget per address."""

    scope = "enquiry_track"

    def get_rate(self):
        return self.THROTTLE_RATES.get(self.scope) or "30/hour"


# What anyone sends: the enquirer's fields are checked as the model defines them (no
# docstring: it would become the schema's description of the request).
class EnquirySerializer(serializers.ModelSerializer):
    target_id = serializers.CharField(max_length=40)

    class Meta:
        model = Enquiry
        fields = ("target_type", "target_id", *Enquiry.ASKED_FIELDS)

    def create(self, validated_data):
        return services.enquiry_create(
            **validated_data, ip_address=self.context["request"].META.get("REMOTE_ADDR")
        )


class EnquiryCreatedSerializer(serializers.Serializer):
    reference = serializers.CharField(read_only=True)


class EnquiryReplySerializer(serializers.ModelSerializer):
    by = serializers.SerializerMethodField()

    class Meta:
        model = EnquiryReply
        fields = ("id", "message", "by", "created_at")
        read_only_fields = fields

    def get_by(self, reply) -> str:
        """The answering organisation, or the desk: never a person's account name."""
        return selectors.replier_name(reply)


class EnquiryTargetMixin(serializers.Serializer):
    target_id = serializers.SerializerMethodField()
    target_title = serializers.CharField(read_only=True)

    def get_target_id(self, enquiry) -> str:
        if enquiry.result_id:
            return str(enquiry.result_id)
        return enquiry.patent.application_number


class EnquiryListSerializer(EnquiryTargetMixin, serializers.ModelSerializer):
    """What the answering side sees: the enquirer's details and the thread."""

    replies = EnquiryReplySerializer(many=True, read_only=True)

    class Meta:
        model = Enquiry
        fields = (
            "id", "reference", "target_type", "target_id", "target_title", "institution",
            "owner", "at_desk", *Enquiry.ASKED_FIELDS, "status", "created_at", "notified_at",
            "answered_at", "reminded_at", "replies",
        )  # fmt: skip
        read_only_fields = fields


class EnquiryTrackSerializer(EnquiryTargetMixin, serializers.ModelSerializer):
    """What the enquirer sees with the reference and e-mail."""

    replies = EnquiryReplySerializer(many=True, read_only=True)
    status_display = LabelField(of="status")

    class Meta:
        model = Enquiry
        fields = (
            "reference", "target_type", "target_id", "target_title", "status",
            "status_display", "created_at", "replies",
        )  # fmt: skip
        read_only_fields = fields


class ReplyBodySerializer(serializers.Serializer):
    message = serializers.CharField(max_length=4000)


class StatusBodySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=EnquiryStatus.choices)


class TrackQuerySerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=40)
    email = serializers.CharField(max_length=254)


class EnquiryViewSet(
    IdempotentCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Anyone sends an enquiry about a published result (`target_id` = its id) or a
    catalogue patent (`target_id` = its application number, `CN…`/`ZL…` forms accepted)
    and gets a reference. The owner's members and the reviewers (service desk) list,
    reply and move them. Filters: `status`, `desk=1`, `overdue=1`."""

    serializer_class = EnquiryListSerializer
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = Pagination  # pages by number, or `?cursor=` newest first
    cursor_ordering = ("-created_at", "-id")
    idempotency_scope = "api:enquiry-create"

    def initialize_request(self, request, *args, **kwargs):
        # Sending is anonymous and keeps no session (no CSRF to satisfy, nobody's cookies).
        self._anonymous = request.method == "POST" and self.action_map.get("post") == "create"
        return super().initialize_request(request, *args, **kwargs)

    def get_authenticators(self):
        return [] if getattr(self, "_anonymous", False) else super().get_authenticators()

    def get_permissions(self):
        if self.action == "create":
            return [permissions.AllowAny()]
        return super().get_permissions()

    def get_throttles(self):
        return [EnquiryThrottle()] if self.action == "create" else super().get_throttles()

    def get_queryset(self):
        rows = selectors.enquiries_for_user(self.request.user).prefetch_related(
            "replies__enquiry__owner", "replies__by"
        )
        params = self.request.query_params
        if params.get("status") in EnquiryStatus.values:
            rows = rows.filter(status=params["status"])
        if params.get("desk") == "1":
            rows = rows.filter(at_desk=True)
        if params.get("overdue") == "1":
            rows = rows.filter(pk__in=selectors.overdue_enquiries().values("pk"))
        return rows.order_by("-created_at", "-id")

    def get_object(self):
        write = self.request.method not in permissions.SAFE_METHODS
        return selectors.enquiry_for_user(self.request.user, self.kwargs["pk"], write=write)

    @extend_schema(
        request=EnquirySerializer,
        responses={201: EnquiryCreatedSerializer},
        parameters=[IDEMPOTENCY_KEY],
    )
    def create(self, request, *args, **kwargs):
        # An Idempotency-Key makes a retried send create one enquiry (accounts.idempotency).
        return self.once(request, lambda: self._create(request))

    def _create(self, request):
        serializer = EnquirySerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        enquiry = serializer.save()
        return Response({"reference": enquiry.reference}, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReplyBodySerializer, responses={201: EnquiryListSerializer})
    @action(detail=True, methods=["post"])
    def replies(self, request, pk=None):
        enquiry = self.get_object()
        body = ReplyBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.enquiry_reply(
            enquiry=enquiry, message=body.validated_data["message"], by=request.user
        )
        enquiry.refresh_from_db()
        return Response(self.get_serializer(enquiry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=StatusBodySerializer, responses=EnquiryListSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, pk=None):
        enquiry = self.get_object()
        body = StatusBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        enquiry = services.enquiry_set_status(
            enquiry=enquiry, status=body.validated_data["status"], by=request.user
        )
        return Response(self.get_serializer(enquiry).data)


class EnquiryTrackView(APIView):
    """The enquirer follows an enquiry: 404 unless `reference` and `email` match one."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []
    throttle_classes = [EnquiryTrackThrottle]

    @extend_schema(parameters=[TrackQuerySerializer], responses=EnquiryTrackSerializer)
    def get(self, request):
        query = TrackQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        enquiry = selectors.tracked_enquiry(**query.validated_data)
        if enquiry is None:
            raise exceptions.NotFound(_("查询编号与邮箱不匹配。"))
        return Response(EnquiryTrackSerializer(enquiry).data)
