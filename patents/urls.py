from django.urls import path

from patents import views

app_name = "patents"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("export.xlsx", views.export_xlsx, name="export"),
    path("<str:number>/", views.patent_detail, name="detail"),
]
