"""Redis as a cache that may fail without failing the page.

Everything Hearth keeps in the cache can be recomputed (rendered cards, snapshots, the
search vocabulary) or is a counter that may start again (rate limits, once-a-day markers).
Django's RedisCache raises on any Redis error, so a Redis that is restarting, unreachable or
full (`maxmemory` with `noeviction` refuses writes) turned every page into a 500. Here an
error is logged (at most once a minute per process) and the call answers as a cache that
holds nothing would: a read misses, a write is dropped, `add` says the key was already
there, `incr` says it was missing. Callers already handle those answers. Rate limits thus
start a new window during an outage rather than refusing everyone, and a once-a-day
marker is not set, so what it guards is skipped rather than repeated.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
LOG_EVERY_S = 60.0
_last_logged = [0.0]


def _log(operation: str, error: RedisError) -> None:
    now = time.monotonic()
    if now - _last_logged[0] >= LOG_EVERY_S:
        _last_logged[0] = now
        logger.warning("Cache unavailable (%s): %s; serving without it", operation, error)


def _degrade(answer):
    """Wrap a cache method: a Redis error gives `answer(*args, **kwargs)` instead."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                _log(method.__name__, error)
                return answer(*args, **kwargs)

        return wrapper

    return decorate


def _missing(key, *args, **kwargs):
    raise ValueError(f"Key {key!r} not found (the cache is unavailable).")


class ResilientRedisCache(RedisCache):
    """Django's RedisCache, answering as an empty cache while Redis fails."""

    get = _degrade(lambda key, default=None, version=None: default)(RedisCache.get)
    get_many = _degrade(lambda *args, **kwargs: {})(RedisCache.get_many)
    has_key = _degrade(lambda *args, **kwargs: False)(RedisCache.has_key)
    set = _degrade(lambda *args, **kwargs: None)(RedisCache.set)
    set_many = _degrade(lambda keys, *args, **kwargs: list(keys))(RedisCache.set_many)
    add = _degrade(lambda *args, **kwargs: False)(RedisCache.add)
    touch = _degrade(lambda *args, **kwargs: False)(RedisCache.touch)
    delete = _degrade(lambda *args, **kwargs: False)(RedisCache.delete)
    delete_many = _degrade(lambda *args, **kwargs: None)(RedisCache.delete_many)
    incr = _degrade(_missing)(RedisCache.incr)
    clear = _degrade(lambda *args, **kwargs: False)(RedisCache.clear)
