from django.conf import settings
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control, never_cache
from django.views.static import serve

from portal import selectors


def home(request):
    return render(request, "portal/home.html", selectors.home_context())


@never_cache
def healthz(request):
    """For the load balancer: the database answers; 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure means "not healthy", nothing more to say
        return JsonResponse({"status": "error", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})


PUBLIC_MEDIA_PREFIXES = ("institutions/logos/",)


@cache_control(public=True, max_age=86400)
def public_media(request, path):
    if not path.startswith(PUBLIC_MEDIA_PREFIXES) or ".." in path.split("/"):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
