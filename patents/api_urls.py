from rest_framework.routers import SimpleRouter

from patents import api

router = SimpleRouter()
router.register("patents", api.PatentViewSet, basename="patent")
router.register("catalogues", api.CatalogueViewSet, basename="catalogue")

urlpatterns = router.urls
