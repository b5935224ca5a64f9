import django_filters
from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, permissions, serializers, status, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from accounts.models import Organization, OrganizationKind, User
from accounts.permissions import IsReviewer
from accounts.services import organization_verify, signup
from common.api import BlankableFormats


class OrganizationSerializer(BlankableFormats, serializers.ModelSerializer):
    verified = serializers.BooleanField(source="is_verified", read_only=True)

    class Meta:
        model = Organization
        fields = (
            "id",
            "name",
            "uscc",
            "kind",
            "region_code",
            "entity_nature",
            "contact_name",
            "contact_phone",
            "contact_email",
            "verified",
            "verified_at",
            "created_at",
        )
        read_only_fields = ("verified_at", "created_at")
        extra_kwargs = {"uscc": {"validators": []}}


class SignupOrganizationSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    uscc = serializers.CharField(max_length=40)
    kind = serializers.ChoiceField(choices=OrganizationKind.choices)
    region_code = serializers.CharField(max_length=20)
    entity_nature = serializers.CharField(max_length=10)
    contact_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)


class SignupSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    email = serializers.EmailField()
    organization = SignupOrganizationSerializer()

    def create(self, validated_data):
        # The service checks everything at once and raises a ValidationError keyed by field.
        return signup(**validated_data)


class MeSerializer(BlankableFormats, serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()
    organization = OrganizationSerializer(read_only=True, allow_null=True)  # none: staff

    class Meta:
        model = User
        fields = ("id", "username", "email", "roles", "organization")

    def get_roles(self, user) -> list[str]:
        return user.role_names()


class SignupView(generics.CreateAPIView):
    """Create a user and its organisation; the organisation starts unverified."""

    serializer_class = SignupSerializer
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "signup"

    @extend_schema(responses={201: MeSerializer})
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.save()
        return Response(MeSerializer(user).data, status=status.HTTP_201_CREATED)


class TokenView(ObtainAuthToken):
    """`{"username", "password"}` → `{"token"}`; failed attempts count towards the lockout."""


class MeView(generics.RetrieveAPIView):
    serializer_class = MeSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_object(self):
        return self.request.user


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="名称或信用代码")
    uscc = django_filters.CharFilter(field_name="uscc", lookup_expr="iexact")
    kind = django_filters.ChoiceFilter(choices=OrganizationKind.choices)
    verified = django_filters.BooleanFilter(
        field_name="verified_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Organization
        fields = ("q", "uscc", "kind", "verified")

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(uscc__icontains=value))


class OrganizationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Reviewers find organisations and mark them verified."""

    queryset = Organization.objects.order_by("verified_at", "-created_at", "pk")
    serializer_class = OrganizationSerializer
    permission_classes = [IsReviewer]
    filterset_class = OrganizationFilter

    @extend_schema(request=None, responses=OrganizationSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        organization = self.get_object()
        organization_verify(organization=organization, by=request.user)
        return Response(self.get_serializer(organization).data)
