from rest_framework.routers import SimpleRouter

from managers import api

router = SimpleRouter()
router.register("managers", api.ManagerViewSet, basename="manager")
router.register("help-requests", api.HelpRequestViewSet, basename="help-request")

urlpatterns = router.urls
