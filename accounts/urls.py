from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views
from accounts.forms import OutboxPasswordResetForm

urlpatterns = [
    path("signup/", views.signup_view, name="signup"),
    path("profile/", views.profile_view, name="profile"),
    path("profile/licence/", views.licence_view, name="profile-licence"),
    path("profile/resubmit/", views.resubmit_view, name="profile-resubmit"),
    path("tokens/<str:token_key>/revoke/", views.token_revoke_view, name="token-revoke"),
    path("logout-everywhere/", views.sign_out_everywhere_view, name="logout-everywhere"),
    path("login/", views.PortalLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(form_class=OutboxPasswordResetForm),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
