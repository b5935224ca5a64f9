from django.urls import path
from rest_framework.routers import SimpleRouter

from contracts.api.changes import ChangeRequestViewSet, ContractChangesView
from contracts.api.contracts import ContractViewSet
from contracts.api.exports import Jj001ExportView
from contracts.api.income import IncomeFileView, IncomeVerificationViewSet
from contracts.api.objections import ObjectionViewSet
from contracts.api.review import DisputeView, ExpertReviewViewSet, ExpertsView, WithdrawView
from contracts.api.verification import VerifyView

router = SimpleRouter()
router.register("contracts", ContractViewSet, basename="contract")
router.register("expert-reviews", ExpertReviewViewSet, basename="expert-review")
router.register("change-requests", ChangeRequestViewSet, basename="change-request")
router.register("objections", ObjectionViewSet, basename="objection")
router.register("income-verifications", IncomeVerificationViewSet, basename="income-verification")

urlpatterns = [
    path("verify/", VerifyView.as_view(), name="api-verify"),
    path("contracts/export.xlsx", Jj001ExportView.as_view(), name="api-contracts-jj001"),
    path("contracts/<int:pk>/income/", IncomeFileView.as_view(), name="api-contract-income"),
    path("contracts/<int:pk>/withdraw/", WithdrawView.as_view(), name="contract-withdraw"),
    path("contracts/<int:pk>/experts/", ExpertsView.as_view(), name="contract-experts"),
    path("contracts/<int:pk>/dispute/", DisputeView.as_view(), name="contract-dispute"),
    path("contracts/<int:pk>/changes/", ContractChangesView.as_view(), name="contract-changes"),
    *router.urls,
]
