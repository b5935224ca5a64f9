# Included at the site root: this app serves /institutions/, /results/ and /enquiries/.
from django.urls import path

from institutions import views

app_name = "institutions"
urlpatterns = [
    path("institutions/", views.institution_list, name="list"),
    path("institutions/dashboard/", views.dashboard, name="dashboard"),
    path("institutions/<int:pk>/", views.institution_detail, name="detail"),
    path("institutions/<int:pk>/edit/", views.institution_edit, name="edit"),
    path("results/", views.result_list, name="results"),
    path("results/new/", views.result_create, name="result-new"),
    path("results/<int:pk>/", views.result_detail, name="result"),
    path("results/<int:pk>/edit/", views.result_edit, name="result-edit"),
    path("results/<int:pk>/publish/", views.result_publish, name="result-publish"),
    path("results/<int:pk>/withdraw/", views.result_withdraw, name="result-withdraw"),
    path("results/<int:pk>/appeal/", views.result_appeal, name="result-appeal"),
    path("enquiries/", views.enquiry_list, name="enquiries"),
    path("enquiries/new/", views.enquiry_new, name="enquiry-new"),
    path("enquiries/sent/", views.enquiry_sent, name="enquiry-sent"),
    path("enquiries/track/", views.enquiry_track, name="enquiry-track"),
    path("enquiries/<int:pk>/", views.enquiry_detail, name="enquiry"),
    path("enquiries/<int:pk>/reply/", views.enquiry_reply, name="enquiry-reply"),
    path("enquiries/<int:pk>/status/", views.enquiry_status, name="enquiry-status"),
]
