"""Whole responses of the public pages, kept for anonymous visitors.

Home, /stats/ and the public read-only API lists change only when the statistics are
recomputed or a listing changes (a result published, a catalogue imported, a challenge
opened, an institution verified, …): an anonymous GET of such a page is served from the
cache, keyed by scheme, host, path and query, language, the `Accept` header, the day and
the versions of the namespaces the page reads. A change bumps its namespace's version
(`cache_version_bump`; `listings_changed()` for the listings), so a page cached before it
is never served again.

Not cached: signed-in users, requests carrying an `Authorization` header (API tokens),
requests with messages waiting to be shown, anything but a GET answered 200.

CSRF: the cached HTML holds `{% csrf_token %}` inputs (the language switch). Before it is
stored, every token rendered for the first visitor is replaced by a placeholder; each
visitor then gets their own token in its place (`get_token`, which also sets their CSRF
cookie), so a form posted from a cached page passes the CSRF check.

Headers added by middleware (Vary, Content-Language, cookies, CSP, X-Frame-Options) are
added again on every response: the cache sits inside the view, not around the middleware.
"""

import functools
import hashlib
import re

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils import timezone
from django.utils.translation import get_language

from common.cache import VERSIONED_TIMEOUT, _version_key, cache_version, cache_version_bump

# The listings' namespace: everything a public list or the home page shows that is not a
# statistic (results, catalogues and patents, challenges, demands, verified organisations,
# instrument usage, the demo data banner).
LISTINGS_CACHE = "listings"

CSRF_PLACEHOLDER = b"\x00csrf-token\x00"
_TOKEN = re.compile(rb"\b[A-Za-z0-9]{64}\b")
# Response headers set by the view (and DRF) that the stored copy keeps.
_KEPT_HEADERS = ("Content-Type", "Vary", "Allow", "Cache-Control", "Content-Disposition")


def listings_changed() -> None:
    """The public listings changed: no cached page shows them any more — now, and again
    once the transaction commits (a page cached meanwhile from uncommitted rows)."""
    cache_version_bump(LISTINGS_CACHE)
    transaction.on_commit(lambda: cache_version_bump(LISTINGS_CACHE))


def _cacheable(request) -> bool:
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    messages = getattr(request, "_messages", None)
    return not (messages is not None and len(messages))


def _key(request, namespaces) -> str | None:
    known = cache.get_many([_version_key(namespace) for namespace in namespaces])  # one trip
    versions = []
    for namespace in namespaces:
        version = known.get(_version_key(namespace)) or cache_version(namespace)
        if version is None:
            return None  # the cache does not answer: render the page
        versions.append(str(version))
    request_parts = "\n".join(
        (
            # The scheme and host too: a list's `next` link is an absolute URL.
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            get_language() or "",
            request.META.get("HTTP_ACCEPT", ""),
            timezone.localdate().isoformat(),
        )
    )
    digest = hashlib.sha256(request_parts.encode()).hexdigest()
    return ":".join(["page", *namespaces, *versions, digest])


def _without_tokens(request, content: bytes) -> bytes:
    """The content with each CSRF token of this request's secret as a placeholder."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return content

    def swap(match):
        token = match.group().decode()
        return CSRF_PLACEHOLDER if _unmask_cipher_token(token) == secret else match.group()

    return _TOKEN.sub(swap, content)


def _store(request, key: str, response) -> None:
    if response.status_code != 200 or response.streaming or response.cookies:
        return
    headers = {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}
    content = _without_tokens(request, response.content)
    cache.set(key, (content, headers), VERSIONED_TIMEOUT)


def _serve(request, stored) -> HttpResponse:
    content, headers = stored
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    return HttpResponse(content, headers=headers)


def cache_anonymous(*namespaces: str):
    """Decorate a view (a function, or a DRF view's `as_view()`): its anonymous GETs are
    served from the cache under the versions of `namespaces`."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            key = _key(request, namespaces) if _cacheable(request) else None
            if key is None:
                return view(request, *args, **kwargs)
            stored = cache.get(key)
            if stored is not None:
                return _serve(request, stored)
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.add_post_render_callback(lambda r: _store(request, key, r))
            else:
                _store(request, key, response)
            return response

        return wrapper

    return decorate


class CachedForAnonymous:
    """A DRF view mixin: anonymous GETs of `cached_actions` (a viewset's; every GET of a
    plain APIView) are served by `cache_anonymous(*cache_namespaces)`."""

    cache_namespaces: tuple[str, ...] = (LISTINGS_CACHE,)
    cached_actions: tuple[str, ...] = ("list",)

    def dispatch(self, request, *args, **kwargs):
        action_map = getattr(self, "action_map", None)
        if action_map is not None and action_map.get("get") not in self.cached_actions:
            return super().dispatch(request, *args, **kwargs)
        cached = cache_anonymous(*self.cache_namespaces)(super().dispatch)
        return cached(request, *args, **kwargs)
