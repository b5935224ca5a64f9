from django.urls import path

from portal import dashboard

app_name = "stats"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("export.csv", dashboard.export_csv, name="export_csv"),
    path("export.xlsx", dashboard.export_xlsx, name="export_xlsx"),
]
