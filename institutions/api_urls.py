from django.urls import include, path
from rest_framework.routers import SimpleRouter

from institutions import api

router = SimpleRouter()
router.register("institutions", api.InstitutionViewSet, basename="institution")
router.register("results", api.ResultViewSet, basename="result")
router.register("enquiries", api.EnquiryViewSet, basename="enquiry")

urlpatterns = [
    # Before the router, whose enquiries/<pk>/ would take "track" for an id.
    path("enquiries/track/", api.EnquiryTrackView.as_view(), name="api-enquiry-track"),
    path("", include(router.urls)),
]
