"""API: institutions (read), results (read published; members write their own), enquiries."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import CreateAPIView
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle

from accounts.idempotency import IDEMPOTENCY_KEY, IdempotentCreateMixin
from institutions import selectors, services
from institutions.filters import InstitutionFilter, ResultFilter
from institutions.models import Enquiry, Institution, Result


class EnquiryThrottle(SimpleRateThrottle):
    """One budget per client address, shared by the API and the HTML form. The address
    comes from DRF, which believes X-Forwarded-For only as far as settings.NUM_PROXIES
    says (0 by default: the connecting address)."""

    scope = "enquiry"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


# ---- institutions ---------------------------------------------------------------------


class InstitutionSerializer(serializers.ModelSerializer):
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


class ResultViewSet(
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
            raise exceptions.PermissionDenied(_("只有入驻高校院所的成员可以发布科技成果。"))
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
        result = self.get_object()
        body = WithdrawSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = services.result_withdraw(
            result=result, by=request.user, note=body.validated_data.get("note", "")
        )
        return Response(self.get_serializer(result).data)


# ---- enquiries ------------------------------------------------------------------------


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


class EnquiryCreatedSerializer(serializers.ModelSerializer):
    target_id = serializers.SerializerMethodField()

    class Meta:
        model = Enquiry
        fields = ("id", "target_type", "target_id", "status", "created_at")

    def get_target_id(self, enquiry) -> str:
        if enquiry.result_id:
            return str(enquiry.result_id)
        return enquiry.patent.application_number


class EnquiryCreateView(IdempotentCreateMixin, CreateAPIView):
    """Anyone asks about a published result (`target_id` = its id) or a catalogue patent
    (`target_id` = its application number, `CN…`/`ZL…` forms accepted)."""

    serializer_class = EnquirySerializer
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []
    throttle_classes = [EnquiryThrottle]
    idempotency_scope = "api:enquiry-create"

    @extend_schema(responses={201: EnquiryCreatedSerializer}, parameters=[IDEMPOTENCY_KEY])
    def post(self, request, *args, **kwargs):
        return self.once(request, lambda: self._create(request))

    def _create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        enquiry = serializer.save()
        return Response(EnquiryCreatedSerializer(enquiry).data, status=status.HTTP_201_CREATED)
