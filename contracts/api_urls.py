from rest_framework.routers import SimpleRouter

from contracts.api.contracts import ContractViewSet

router = SimpleRouter()
router.register("contracts", ContractViewSet, basename="contract")

urlpatterns = router.urls
