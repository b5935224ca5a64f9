# Included at the site root: this app serves /instruments/.
from django.urls import path

from instruments import views

app_name = "instruments"
urlpatterns = [
    path("instruments/", views.instrument_list, name="list"),
    path("instruments/new/", views.instrument_create, name="new"),
    path("instruments/bookings/", views.booking_list, name="bookings"),
    path(
        "instruments/bookings/<int:pk>/<slug:action>/",
        views.booking_action,
        name="booking-action",
    ),
    path("instruments/<int:pk>/", views.instrument_detail, name="detail"),
    path("instruments/<int:pk>/edit/", views.instrument_edit, name="edit"),
    path("instruments/<int:pk>/book/", views.booking_new, name="book"),
    path("instruments/<int:pk>/trained/", views.trained_add, name="trained"),
]
