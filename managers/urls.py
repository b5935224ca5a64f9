from django.urls import path

from managers import views

app_name = "managers"
urlpatterns = [
    path("", views.manager_list, name="list"),
    path("apply/", views.manager_apply, name="apply"),
    path("inbox/", views.inbox, name="inbox"),
    path("help-requests/<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/", views.manager_detail, name="detail"),
    path("<int:pk>/edit/", views.manager_edit, name="edit"),
    path("<int:pk>/certificate/", views.certificate, name="certificate"),
    path("<int:pk>/confirm-contract/", views.confirm_contract, name="confirm-contract"),
    path("<int:pk>/filings/", views.filings, name="filings"),
    path("<int:pk>/help/", views.ask_for_help, name="help"),
]
