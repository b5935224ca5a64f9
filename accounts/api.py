import django_filters
from django.contrib.auth import authenticate
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from knox.models import AuthToken
from rest_framework import (
    exceptions,
    generics,
    mixins,
    permissions,
    serializers,
    status,
    views,
    viewsets,
)
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Organization, OrganizationKind, User
from accounts.permissions import IsReviewer
from accounts.services import (
    organization_verify,
    signup,
    token_issue,
    token_revoke,
    user_sign_out_everywhere,
)
from common.api import AddressRateThrottle, BlankableFormats


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


class SignupThrottle(AddressRateThrottle):
    """Sign-ups per client address, through the API and the web form together."""

    scope = "signup"


class SignupView(generics.CreateAPIView):
    """Create a user and its organisation; the organisation starts unverified."""

    serializer_class = SignupSerializer
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []
    throttle_classes = [SignupThrottle]

    @extend_schema(responses={201: MeSerializer})
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.save()
        return Response(MeSerializer(user).data, status=status.HTTP_201_CREATED)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(
        max_length=4096, trim_whitespace=False, style={"input_type": "password"}
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="`Authorization: Token <token>`; shown only once.")
    token_key = serializers.CharField(help_text="The token's public prefix, to revoke it.")
    expiry = serializers.DateTimeField()


class TokenView(generics.GenericAPIView):
    """`{"username", "password"}` → `{"token", "token_key", "expiry"}`. Failed attempts
    count towards the login lockout; a locked-out pair gets 429."""

    serializer_class = TokenRequestSerializer
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(responses={200: TokenSerializer})
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(request=request, **serializer.validated_data)
        if getattr(request, "axes_locked_out", False):
            raise exceptions.Throttled(detail=_("登录失败次数过多，已暂时锁定，请一小时后再试。"))
        if user is None or not user.is_active:
            raise serializers.ValidationError(
                {"non_field_errors": [_("用户名或密码不正确。")]}, code="authorization"
            )
        row, token = token_issue(user=user)
        return Response({"token": token, "token_key": row.token_key, "expiry": row.expiry})


class TokenListSerializer(serializers.Serializer):
    token_key = serializers.CharField()
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField()
    current = serializers.SerializerMethodField()

    def get_current(self, row) -> bool:
        auth = self.context["request"].auth
        return getattr(auth, "digest", None) == row.digest


class TokenListView(generics.ListAPIView):
    """The signed-in user's unexpired API tokens (never the tokens themselves)."""

    serializer_class = TokenListSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AuthToken.objects.none()
        return AuthToken.objects.filter(user=self.request.user, expiry__gt=timezone.now()).order_by(
            "-created", "token_key"
        )


class TokenRevokeView(views.APIView):
    """`DELETE` one of the user's own tokens by its `token_key`; 404 for any other."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, token_key):
        if not token_revoke(user=request.user, token_key=token_key):
            raise exceptions.NotFound(_("未找到该令牌。"))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SignOutEverywhereView(views.APIView):
    """Revoke every token of the user and end all their sessions."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=None,
        responses={
            200: inline_serializer("SignOutEverywhere", {"revoked": serializers.IntegerField()})
        },
    )
    def post(self, request):
        return Response({"revoked": user_sign_out_everywhere(user=request.user)})


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
