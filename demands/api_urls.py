from django.urls import path
from rest_framework.routers import SimpleRouter

from demands.api.challenges import (
    ApplicationViewSet,
    ChallengeViewSet,
    ObjectionViewSet,
    QuestionViewSet,
)
from demands.api.demands import DemandAccessViewSet, DemandResponseViewSet, DemandViewSet
from demands.api.matches import DemandMatchesView, DismissView, ResultMatchesView

router = SimpleRouter()
router.register("demands", DemandViewSet, basename="demand")
router.register("demand-responses", DemandResponseViewSet, basename="demand-response")
router.register("demand-access", DemandAccessViewSet, basename="demand-access")
router.register("challenges", ChallengeViewSet, basename="challenge")
router.register("challenge-questions", QuestionViewSet, basename="challenge-question")
router.register("applications", ApplicationViewSet, basename="challenge-application")
router.register("challenge-objections", ObjectionViewSet, basename="challenge-objection")

urlpatterns = [
    path("demands/<int:pk>/matches/", DemandMatchesView.as_view(), name="demand-matches"),
    path("results/<int:pk>/matches/", ResultMatchesView.as_view(), name="result-matches"),
    path("matches/dismiss/", DismissView.as_view(), name="matches-dismiss"),
    *router.urls,
]
