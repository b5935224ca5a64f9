"""`/api/v1/demands/{id}/matches/`, `/results/{id}/matches/`, `/matches/dismiss/`: the
stored suggestions, read as they are (never computed on a request)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from demands import matching, selectors
from demands.choices import MatchTarget
from demands.models import Match
from demands.services import matching as services
from institutions.models import Result


class MatchSerializer(serializers.ModelSerializer):
    reasons = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_reasons(self, match) -> list[str]:
        return matching.reason_texts(match.reasons)

    class Meta:
        model = Match
        fields = ("target_type", "target_id", "title", "url", "score", "reasons")
        read_only_fields = fields


class DemandMatchesView(APIView):
    """Suggested results, catalogue patents and institutions for a demand, best first."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=MatchSerializer(many=True))
    def get(self, request, pk):
        demand = selectors.demand_for_user(request.user, pk)
        rows = selectors.matches_for_demand(demand)
        if request.query_params.get("target_type") in MatchTarget.values:
            rows = rows.filter(target_type=request.query_params["target_type"])
        return Response(MatchSerializer(rows[:50], many=True).data)


class ResultMatchesView(APIView):
    """Published demands a result could answer (the same stored pairs, read backwards)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=MatchSerializer(many=True))
    def get(self, request, pk):
        result = get_object_or_404(Result.objects.published(), pk=pk)
        rows = selectors.demands_for_result(result.pk)[:20]
        return Response(
            [
                {
                    "target_type": "demand",
                    "target_id": match.demand_id,
                    "title": match.demand.title,
                    "url": match.demand.get_absolute_url(),
                    "score": match.score,
                    "reasons": matching.reason_texts(match.reasons),
                }
                for match in rows
            ]
        )


class DismissSerializer(serializers.Serializer):
    demand = serializers.IntegerField()
    target_type = serializers.ChoiceField(choices=MatchTarget.choices)
    target_id = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")


class DismissView(APIView):
    """The demand's owner turns a suggestion away; it never comes back."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=DismissSerializer, responses={201: None})
    def post(self, request):
        body = DismissSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        demand = selectors.demand_for_user(request.user, data["demand"], write=True)
        services.match_dismiss(
            demand=demand,
            target_type=data["target_type"],
            target_id=data["target_id"],
            reason=data["reason"],
            by=request.user,
        )
        return Response(status=status.HTTP_201_CREATED)
