from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from accounts import api as accounts_api
from contracts import views as contracts_views
from contracts.api import statistics as stats_api
from institutions import views as institutions_views
from portal import service_views, views, workbench

admin.site.site_header = _("北疆技术交易中心 · 登记管理")
admin.site.site_title = _("北疆技术交易中心")
admin.site.index_title = _("登记员工作台")

router = DefaultRouter()
router.register("organizations", accounts_api.OrganizationViewSet, basename="organization")

api_v1 = [
    path("auth/signup/", accounts_api.SignupView.as_view(), name="api-signup"),
    path("auth/token/", accounts_api.TokenView.as_view(), name="api-token"),
    path("auth/tokens/", accounts_api.TokenListView.as_view(), name="api-tokens"),
    path(
        "auth/tokens/<str:token_key>/",
        accounts_api.TokenRevokeView.as_view(),
        name="api-token-revoke",
    ),
    path(
        "auth/logout-everywhere/",
        accounts_api.SignOutEverywhereView.as_view(),
        name="api-logout-everywhere",
    ),
    path("me/", accounts_api.MeView.as_view(), name="api-me"),
    path("stats/monthly/", stats_api.MonthlyStatsView.as_view(), name="api-stats-monthly"),
    path("stats/summary/", views.SiteSummaryStatsView.as_view(), name="api-stats-summary"),
    path("stats/flows/", stats_api.FlowsStatsView.as_view(), name="api-stats-flows"),
    path("stats/revisions/", stats_api.RevisionsView.as_view(), name="api-stats-revisions"),
    path("stats/report.xlsx", stats_api.ReportView.as_view(), name="api-stats-report"),
    path("stats/report.pdf", stats_api.ReportPdfView.as_view(), name="api-stats-report-pdf"),
    path("", include(router.urls)),
    path("", include("contracts.api_urls")),
    path("", include("patents.api_urls")),
    path("", include("institutions.api_urls")),
    path("", include("notifications.api_urls")),
    path("", include("demands.api_urls")),
    path("", include("managers.api_urls")),
    path("", include("instruments.api_urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("contracts/", include("contracts.urls")),
    # 异议: a public page under /verify/ (the verification page links to it).
    path("verify/objection/", contracts_views.objection_new, name="objection"),
    path("verify/", contracts_views.verify, name="verify"),
    path("patents/", include("patents.urls")),
    path("stats/", include("portal.stats_urls")),
    path("notifications/", include("notifications.urls")),
    path("managers/", include("managers.urls")),
    # An institution's page with the sections of the apps above institutions (instruments).
    path(
        "institutions/<int:pk>/",
        institutions_views.institution_detail,
        {"template_name": "portal/institution_detail.html"},
    ),
    path("", include("institutions.urls")),
    path("", include("demands.urls")),
    path("", include("instruments.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # The reviewer's workbench in place of the admin's index (the app list stays below it).
    path("admin/", admin.site.admin_view(workbench.index), name="workbench"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script (CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]

urlpatterns += [
    # Only public uploads (institution logos) are served from /media/, in production too;
    # signed contracts and pending imports are reached only through their access checks.
    path("media/<path:path>", views.public_media, name="public-media"),
]

urlpatterns += [
    path("guide/", service_views.guide, name="guide"),
    path("search/", service_views.site_search, name="search"),
]
