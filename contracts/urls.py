from django.urls import path

from contracts import views

app_name = "contracts"
urlpatterns = [
    path("", views.contract_list, name="list"),
    path("new/", views.contract_new, name="new"),
    path("<int:pk>/", views.contract_detail, name="detail"),
    path("<int:pk>/edit/", views.contract_form, name="edit"),
    path("<int:pk>/submit/", views.contract_submit, name="submit"),
    path("<int:pk>/certificate/", views.certificate_download, name="certificate"),
    path("<int:pk>/withdraw/", views.contract_withdraw, name="withdraw"),
    path("<int:pk>/changes/new/", views.change_request_new, name="change-new"),
    path(
        "change-requests/<int:pk>/attachments/<int:attachment_pk>/",
        views.change_attachment_download,
        name="change-attachment",
    ),
    path("expert-reviews/", views.expert_review_list, name="expert-reviews"),
    path("expert-reviews/<int:pk>/", views.expert_review_detail, name="expert-review"),
    path(
        "expert-reviews/<int:pk>/attachments/<int:attachment_pk>/",
        views.expert_attachment_download,
        name="expert-attachment",
    ),
    path("<int:pk>/income/", views.income_file, name="income"),
    path(
        "<int:pk>/income/<int:income_pk>/evidence/",
        views.income_evidence,
        name="income-evidence",
    ),
    path("<int:pk>/income/<int:income_pk>/sheet/", views.income_sheet, name="income-sheet"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/delete/",
        views.attachment_delete,
        name="attachment-delete",
    ),
]
