from django.urls import include, path
from rest_framework.routers import SimpleRouter

from institutions import api

router = SimpleRouter()
router.register("institutions", api.InstitutionViewSet, basename="institution")
router.register("results", api.ResultViewSet, basename="result")

urlpatterns = [
    path("enquiries/", api.EnquiryCreateView.as_view(), name="api-enquiry-create"),
    path("", include(router.urls)),
]
