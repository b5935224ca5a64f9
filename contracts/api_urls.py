from django.urls import path
from rest_framework.routers import SimpleRouter

from contracts.api.changes import ChangeRequestViewSet, ContractChangesView
from contracts.api.contracts import ContractViewSet
from contracts.api.objections import ObjectionViewSet
from contracts.api.review import DisputeView, ExpertReviewViewSet, ExpertsView, WithdrawView

router = SimpleRouter()
router.register("contracts", ContractViewSet, basename="contract")
router.register("expert-reviews", ExpertReviewViewSet, basename="expert-review")
router.register("change-requests", ChangeRequestViewSet, basename="change-request")
router.register("objections", ObjectionViewSet, basename="objection")

urlpatterns = [
    path("contracts/<int:pk>/withdraw/", WithdrawView.as_view(), name="contract-withdraw"),
    path("contracts/<int:pk>/experts/", ExpertsView.as_view(), name="contract-experts"),
    path("contracts/<int:pk>/dispute/", DisputeView.as_view(), name="contract-dispute"),
    path("contracts/<int:pk>/changes/", ContractChangesView.as_view(), name="contract-changes"),
    *router.urls,
]
