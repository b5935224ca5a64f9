from django.urls import path
from rest_framework.routers import SimpleRouter

from contracts.api.contracts import ContractViewSet
from contracts.api.exports import Jj001ExportView
from contracts.api.income import IncomeFileView, IncomeVerificationViewSet
from contracts.api.verification import VerifyView

router = SimpleRouter()
router.register("contracts", ContractViewSet, basename="contract")
router.register("income-verifications", IncomeVerificationViewSet, basename="income-verification")

urlpatterns = [
    path("verify/", VerifyView.as_view(), name="api-verify"),
    path("contracts/export.xlsx", Jj001ExportView.as_view(), name="api-contracts-jj001"),
    path("contracts/<int:pk>/income/", IncomeFileView.as_view(), name="api-contract-income"),
    *router.urls,
]
