from django.urls import include, path
from rest_framework.routers import SimpleRouter

from instruments import api

router = SimpleRouter()
router.register("instruments", api.InstrumentViewSet, basename="instrument")
router.register("bookings", api.BookingViewSet, basename="booking")

urlpatterns = [path("", include(router.urls))]
