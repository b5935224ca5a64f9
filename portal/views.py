import logging
import secrets

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control, never_cache
from django.views.static import serve
from kombu import Connection

from common.response_cache import LISTINGS_CACHE, cache_anonymous
from contracts.api.statistics import SummaryStatsView
from contracts.models import STATS_CACHE
from instruments.selectors import usage_summary
from portal import selectors
from portal.dashboard import month_name, month_span

log = logging.getLogger(__name__)


# The headline figures (statistics), open challenges, verified organisations and the demo
# banner (listings): anonymous visitors get the whole page from the cache.
@cache_anonymous(STATS_CACHE, LISTINGS_CACHE)
def home(request):
    context = selectors.home_context()
    headline = context.get("headline")
    if headline:
        context["headline_months"] = month_span(headline["through_month"] or 1)
        partial = headline.get("partial_month")
        context["partial_month_name"] = month_name(partial["month"]) if partial else ""
    return render(request, "portal/home.html", context)


class SiteSummaryStatsView(SummaryStatsView):
    """`/api/v1/stats/summary/`: the contracts' summary with the figures of the apps above
    them, composed here, where every app may be imported (contracts cannot name them)."""

    extras = {"instrument_usage": usage_summary}


def _database_answers() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache_answers() -> None:
    cache = caches["default"]
    if hasattr(cache, "ping"):  # Redis: the tolerant backend would hide a failure
        cache.ping()
        return
    key = f"healthz:{secrets.token_hex(8)}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not keep a value")


def _broker_answers() -> None:
    if not settings.CELERY_BROKER_URL:
        return  # tasks run in-process: there is no broker to be down
    options = {"socket_connect_timeout": 1, "socket_timeout": 1, "max_retries": 0}
    with Connection(
        settings.CELERY_BROKER_URL, connect_timeout=1, transport_options=options
    ) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=1)


HEALTH_CHECKS = {"database": _database_answers, "cache": _cache_answers, "broker": _broker_answers}


@never_cache
def healthz(request):
    """For the load balancer and monitoring: `?live` says only that the process serves
    (liveness); otherwise database, cache and broker are each tried, 200 only when all
    answer, 503 naming the ones that did not."""
    if "live" in request.GET:
        return JsonResponse({"status": "ok"})
    report, errors = {}, {}
    for name, check in HEALTH_CHECKS.items():
        try:
            check()
        except Exception as exc:  # any failure of a part means "that part is down"
            log.warning("health check: %s is down: %s", name, exc)
            report[name] = False
            errors[name] = type(exc).__name__
        else:
            report[name] = True
    if errors:
        return JsonResponse({"status": "error", **report, "errors": errors}, status=503)
    return JsonResponse({"status": "ok", **report})


PUBLIC_MEDIA_PREFIXES = ("institutions/logos/", "instruments/photos/")


@cache_control(public=True, max_age=86400)
def public_media(request, path):
    if not path.startswith(PUBLIC_MEDIA_PREFIXES) or ".." in path.split("/"):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
