"""`/api/v1/challenges/` and what hangs off a challenge: questions, applications,
experts, scores, objections, the ranking and the winner's contract."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Organization, User
from accounts.permissions import IsReviewer
from common.api import AddressRateThrottle
from demands import selectors
from demands.choices import ObjectionStatus
from demands.models import (
    Challenge,
    ChallengeApplication,
    ChallengeObjection,
    ChallengeQuestion,
)
from demands.services import challenges as services
from demands.services import scoring


class CriterionSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    weight = serializers.IntegerField(min_value=1, max_value=100)


class ChallengeSerializer(serializers.ModelSerializer):
    funder = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.verified())
    funder_name = serializers.CharField(source="funder.name", read_only=True)
    criteria = CriterionSerializer(many=True, required=False)
    winner_name = serializers.CharField(source="winner.name", read_only=True, default=None)
    proposed_name = serializers.SerializerMethodField()

    class Meta:
        model = Challenge
        fields = (
            "id",
            "demand",
            "title",
            "problem",
            "targets",
            "award_amount",
            "funder",
            "funder_name",
            "questions_close_on",
            "applications_close_on",
            "publicity_days",
            "criteria",
            "status",
            "publicity_from",
            "publicity_until",
            "proposed_name",
            "winner",
            "winner_name",
            "outcome_note",
            "contract",
        )
        read_only_fields = (
            "id",
            "status",
            "publicity_from",
            "publicity_until",
            "winner",
            "outcome_note",
            "contract",
        )

    def get_proposed_name(self, challenge) -> str | None:
        return challenge.proposed.organization.name if challenge.proposed_id else None

    def to_representation(self, challenge):
        data = super().to_representation(challenge)
        user = self.context["request"].user
        winner_member = user.is_authenticated and user.organization_id == challenge.winner_id
        if not (getattr(user, "is_reviewer", False) or winner_member):
            data["contract"] = None
        return data


class ChallengeNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, allow_blank=True)


class ProposeSerializer(serializers.Serializer):
    application = serializers.IntegerField()
    # Needed when the application is not the top of the ranking; shown in the 公示.
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class QuestionSerializer(serializers.ModelSerializer):
    """The asker is never shown."""

    class Meta:
        model = ChallengeQuestion
        fields = ("id", "question", "answer", "answered_at", "created_at")
        read_only_fields = ("id", "answer", "answered_at", "created_at")


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=5000)


class ApplicationSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.name", read_only=True)
    proposal = serializers.FileField(required=False, write_only=True)
    has_proposal = serializers.SerializerMethodField()

    class Meta:
        model = ChallengeApplication
        fields = (
            "id",
            "challenge",
            "organization",
            "summary",
            "team",
            "plan",
            "budget",
            "proposal",
            "has_proposal",
            "status",
            "created_at",
        )
        read_only_fields = ("id", "challenge", "status", "created_at")

    def get_has_proposal(self, application) -> bool:
        return bool(application.proposal)


class ChallengeExpertsSerializer(serializers.Serializer):
    experts = serializers.ListField(child=serializers.IntegerField(), min_length=1, max_length=9)

    def validate_experts(self, ids):
        users = list(User.objects.filter(pk__in=ids))
        missing = set(ids) - {u.pk for u in users}
        if missing:
            raise serializers.ValidationError(
                _("专家不存在：%(ids)s。") % {"ids": "、".join(map(str, sorted(missing)))}
            )
        return users


class ScoreSerializer(serializers.Serializer):
    scores = serializers.DictField(child=serializers.JSONField(), required=False)
    comment = serializers.CharField(max_length=5000, allow_blank=True, required=False, default="")
    conflict = serializers.BooleanField(required=False, default=False)


class ChallengeObjectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChallengeObjection
        fields = ("id", "name", "contact", "grounds", "status", "note", "created_at")
        read_only_fields = ("id", "status", "note", "created_at")


class ChallengeResolveSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[ObjectionStatus.DISMISSED, ObjectionStatus.UPHELD])
    note = serializers.CharField(max_length=2000)


class ObjectionThrottle(AddressRateThrottle):
    scope = "objection"


def _reviewer(request) -> None:
    if not IsReviewer().has_permission(request, None):
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated
        raise exceptions.PermissionDenied(IsReviewer.message)


def _signed_in(request) -> None:
    if not request.user.is_authenticated:
        raise exceptions.NotAuthenticated


class ChallengeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Anyone reads challenges from `open`; reviewers write and move them. Filter: `status`."""

    serializer_class = ChallengeSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        rows = selectors.challenges_for_user(self.request.user)
        if self.request.query_params.get("status"):
            rows = rows.filter(status=self.request.query_params["status"])
        return rows.select_related("proposed__organization")

    def get_object(self):
        write = self.request.method not in permissions.SAFE_METHODS
        return selectors.challenge_for_user(self.request.user, self.kwargs["pk"], write=write)

    def create(self, request, *args, **kwargs):
        _reviewer(request)
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        demand = data.pop("demand", None)
        if demand is not None:
            demand = selectors.demand_for_user(self.request.user, demand.pk)
        serializer.instance = services.challenge_create(
            by=self.request.user, data=data, demand=demand
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("demand", None)
        serializer.instance = services.challenge_update(
            challenge=serializer.instance, by=self.request.user, data=data
        )

    def _answer(self, challenge, code=status.HTTP_200_OK):
        challenge = Challenge.objects.select_related("funder", "winner").get(pk=challenge.pk)
        return Response(self.get_serializer(challenge).data, status=code)

    def _reviewed(self, request, pk):
        _reviewer(request)
        return selectors.challenge_for_user(request.user, pk, write=True)

    @extend_schema(request=None, responses=ChallengeSerializer)
    @action(detail=True, methods=["post"], url_path="open")
    def open_(self, request, pk=None):
        challenge = self._reviewed(request, pk)
        return self._answer(services.challenge_open(challenge=challenge, by=request.user))

    @extend_schema(request=None, responses=ChallengeSerializer)
    @action(detail=True, methods=["post"], url_path="close-applications")
    def close_applications(self, request, pk=None):
        challenge = self._reviewed(request, pk)
        return self._answer(
            services.challenge_close_applications(challenge=challenge, by=request.user)
        )

    @extend_schema(request=ProposeSerializer, responses=ChallengeSerializer)
    @action(detail=True, methods=["post"])
    def propose(self, request, pk=None):
        challenge = self._reviewed(request, pk)
        body = ProposeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        application = challenge.applications.filter(pk=body.validated_data["application"]).first()
        if application is None:
            raise exceptions.ValidationError({"application": [_("请选择本榜单的有效揭榜申请。")]})
        return self._answer(
            services.challenge_propose(
                challenge=challenge,
                application=application,
                by=request.user,
                reason=body.validated_data.get("reason", ""),
            )
        )

    @extend_schema(request=None, responses=ChallengeSerializer)
    @action(detail=True, methods=["post"])
    def award(self, request, pk=None):
        challenge = self._reviewed(request, pk)
        return self._answer(services.challenge_award(challenge=challenge, by=request.user))

    @extend_schema(request=ChallengeNoteSerializer, responses=ChallengeSerializer)
    @action(detail=True, methods=["post"], url_path="no-award")
    def no_award(self, request, pk=None):
        challenge = self._reviewed(request, pk)
        body = ChallengeNoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(
            services.challenge_no_award(
                challenge=challenge, by=request.user, note=body.validated_data["note"]
            )
        )

    @extend_schema(request=ChallengeNoteSerializer, responses=ChallengeSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        challenge = self._reviewed(request, pk)
        body = ChallengeNoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(
            services.challenge_cancel(
                challenge=challenge, by=request.user, note=body.validated_data["note"]
            )
        )

    @extend_schema(request=None, responses={201: None})
    @action(detail=True, methods=["post"])
    def contract(self, request, pk=None):
        """The winner's draft 技术开发 contract (a reviewer or the winner's member asks)."""
        _signed_in(request)
        challenge = selectors.challenge_for_user(request.user, pk)
        if not (request.user.is_reviewer or request.user.organization_id == challenge.winner_id):
            raise exceptions.PermissionDenied
        contract = services.challenge_contract(challenge=challenge, by=request.user)
        return Response(
            {"id": contract.pk, "url": f"/contracts/{contract.pk}/"}, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=QuestionSerializer, responses=QuestionSerializer(many=True))
    @action(detail=True, methods=["get", "post"], serializer_class=QuestionSerializer)
    def questions(self, request, pk=None):
        challenge = selectors.challenge_for_user(request.user, pk)
        if request.method == "GET":
            page = self.paginate_queryset(selectors.questions_for_user(request.user, challenge))
            return self.get_paginated_response(QuestionSerializer(page, many=True).data)
        _signed_in(request)
        body = QuestionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        question = services.question_ask(
            challenge=challenge, by=request.user, question=body.validated_data["question"]
        )
        return Response(QuestionSerializer(question).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ApplicationSerializer, responses=ApplicationSerializer(many=True))
    @action(detail=True, methods=["get", "post"], serializer_class=ApplicationSerializer)
    def applications(self, request, pk=None):
        """Sealed from everyone but the applicant until evaluating."""
        challenge = selectors.challenge_for_user(request.user, pk)
        _signed_in(request)
        if request.method == "GET":
            page = self.paginate_queryset(selectors.applications_for_user(request.user, challenge))
            return self.get_paginated_response(ApplicationSerializer(page, many=True).data)
        body = ApplicationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        proposal = data.pop("proposal", None)
        application = services.application_submit(
            challenge=challenge, by=request.user, data=data, proposal=proposal
        )
        return Response(ApplicationSerializer(application).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ChallengeExpertsSerializer, responses={201: None})
    @action(detail=True, methods=["post"], serializer_class=ChallengeExpertsSerializer)
    def experts(self, request, pk=None):
        challenge = self._reviewed(request, pk)
        body = ChallengeExpertsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rows = scoring.experts_assign(
            challenge=challenge, experts=body.validated_data["experts"], by=request.user
        )
        return Response(
            {"experts": [row.expert_id for row in rows]}, status=status.HTTP_201_CREATED
        )

    @extend_schema(responses={200: None})
    @action(detail=True, methods=["get"])
    def ranking(self, request, pk=None):
        """The weighted ranking: reviewers and the assigned experts, once unsealed."""
        _signed_in(request)
        challenge = selectors.challenge_for_user(request.user, pk)
        if not (request.user.is_reviewer or selectors.is_assigned_expert(request.user, challenge)):
            raise exceptions.PermissionDenied
        return Response(selectors.ranking(challenge))

    @extend_schema(
        request=ChallengeObjectionSerializer, responses={201: ChallengeObjectionSerializer}
    )
    @action(
        detail=True,
        methods=["post"],
        serializer_class=ChallengeObjectionSerializer,
        permission_classes=[permissions.AllowAny],
        throttle_classes=[ObjectionThrottle],
    )
    def objections(self, request, pk=None):
        """Anyone during 公示."""
        challenge = selectors.challenge_for_user(request.user, pk)
        body = ChallengeObjectionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        objection = services.objection_file(
            challenge=challenge, by=request.user, **body.validated_data
        )
        return Response(
            ChallengeObjectionSerializer(objection).data, status=status.HTTP_201_CREATED
        )


class QuestionViewSet(viewsets.GenericViewSet):
    serializer_class = QuestionSerializer
    queryset = ChallengeQuestion.objects.all()
    permission_classes = [IsReviewer]

    @extend_schema(request=AnswerSerializer, responses=QuestionSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        question = self.get_object()
        body = AnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        question = services.question_answer(
            question=question, by=request.user, answer=body.validated_data["answer"]
        )
        return Response(QuestionSerializer(question).data)


class ApplicationViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ApplicationSerializer
    queryset = ChallengeApplication.objects.none()
    permission_classes = [permissions.IsAuthenticated]

    def get_object(self):
        return selectors.application_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        application = selectors.application_for_user(request.user, pk, write=True)
        application = services.application_withdraw(application=application, by=request.user)
        return Response(ApplicationSerializer(application).data)

    @extend_schema(request=ScoreSerializer, responses={201: None})
    @action(detail=True, methods=["post"], serializer_class=ScoreSerializer)
    def scores(self, request, pk=None):
        """The assigned expert scores each criterion (0–100) or declares a conflict."""
        application = selectors.application_for_user(request.user, pk)
        if not selectors.is_assigned_expert(request.user, application.challenge):
            raise exceptions.PermissionDenied(_("您未被指派评审该榜单。"))
        body = ScoreSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        row = scoring.score_submit(
            application=application, expert=request.user, **body.validated_data
        )
        return Response(
            {
                "id": row.pk,
                "conflict": row.conflict,
                "total": None if row.total is None else str(row.total),
            },
            status=status.HTTP_201_CREATED,
        )


class ObjectionViewSet(viewsets.GenericViewSet):
    serializer_class = ChallengeObjectionSerializer
    queryset = ChallengeObjection.objects.select_related("challenge")
    permission_classes = [IsReviewer]

    @extend_schema(request=ChallengeResolveSerializer, responses=ChallengeObjectionSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        objection = self.get_object()
        body = ChallengeResolveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        objection = services.objection_resolve(
            objection=objection, by=request.user, **body.validated_data
        )
        return Response(ChallengeObjectionSerializer(objection).data)
