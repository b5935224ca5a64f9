"""The cache may go away (Redis restarting, the network between): it holds nothing that
must not be lost (throttle counters, versioned figures that a miss recomputes), so a request goes on without it
instead of failing. Every cache call that cannot reach Redis within a fraction of a second
is logged and answered as a miss; `ping()` still raises, for /healthz/."""

import functools
import logging
import time

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# Short timeouts, so that an unreachable cache costs a request well under a second.
TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


def _tolerant(fallback):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except (RedisError, OSError) as exc:
                log.warning("cache unavailable, %s() skipped: %s", method.__name__, exc)
                return fallback(*args, **kwargs) if callable(fallback) else fallback

        return wrapper

    return decorate


def _default(key, default=None, *args, **kwargs):
    return default


class TolerantRedisCache(RedisCache):
    get = _tolerant(_default)(RedisCache.get)
    get_many = _tolerant({})(RedisCache.get_many)
    has_key = _tolerant(False)(RedisCache.has_key)
    set = _tolerant(None)(RedisCache.set)
    set_many = _tolerant(lambda data, *a, **k: list(data))(RedisCache.set_many)
    add = _tolerant(False)(RedisCache.add)
    touch = _tolerant(False)(RedisCache.touch)
    delete = _tolerant(False)(RedisCache.delete)
    delete_many = _tolerant(None)(RedisCache.delete_many)
    incr = _tolerant(lambda key, delta=1, *a, **k: delta)(RedisCache.incr)
    clear = _tolerant(None)(RedisCache.clear)

    def ping(self) -> None:
        """Raise unless the cache answers (the health check)."""
        self._cache.get_client(write=True).ping()


# ---- versioned figures ------------------------------------------------------------------
# Figures that change only when something recomputes them (the market statistics) are kept
# under a key carrying their namespace's version; a recomputation bumps the version, so a
# figure cached before it is never read again (it expires unread). A version starts at the
# clock's nanoseconds, so a version key lost with the cache never comes back to an old
# number. Entries also expire after VERSIONED_TIMEOUT: the backstop for a bump that could
# not reach the cache.

VERSIONED_TIMEOUT = 15 * 60
_MISSING = object()


def _version_key(namespace: str) -> str:
    return f"v:{namespace}:version"


def cache_version(namespace: str) -> int | None:
    """The namespace's current version; None when the cache does not answer."""
    key = _version_key(namespace)
    version = cache.get(key)
    if version is None:
        cache.add(key, time.time_ns(), None)
        version = cache.get(key)
    return version


def cache_version_bump(namespace: str) -> None:
    """Make every figure cached under `namespace` unreachable."""
    key = _version_key(namespace)
    try:
        cache.incr(key)
    except ValueError:  # no version yet (or lost with the cache): start a new one
        cache.set(key, time.time_ns(), None)


def cached_figures(namespace: str, parts: tuple, build):
    """`build()`, kept in the cache under the namespace's current version and `parts`."""
    version = cache_version(namespace)
    if version is None:
        return build()
    key = ":".join(["v", namespace, str(version), *map(str, parts)])
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, VERSIONED_TIMEOUT)
    return value
