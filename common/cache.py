"""The cache may go away (Redis restarting, the network between): it holds nothing that
must not be lost (throttle counters, nothing else), so a request goes on without it
instead of failing. Every cache call that cannot reach Redis within a fraction of a second
is logged and answered as a miss; `ping()` still raises, for /healthz/."""

import functools
import logging

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
