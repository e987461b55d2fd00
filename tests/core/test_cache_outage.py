"""A Redis that fails makes the cache miss, never the page fail (core/cache.py).

Each test runs its own redis-server (tests/redis_server.py), filled until it refuses
writes, or none at all.
"""

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings

from community.models import Comment
from tests.community.discussion import knowledge_page
from tests.redis_server import free_port, redis_server

STOCK = "django.core.cache.backends.redis.RedisCache"
RESILIENT = "core.cache.ResilientRedisCache"


@pytest.fixture
def full_redis():
    """A real Redis at its memory limit with `noeviction`: every write answers OOM."""
    with redis_server("--maxmemory-policy", "noeviction") as server:
        client = server.client
        used = client.info("memory")["used_memory"]
        client.config_set("maxmemory", used + 200_000)
        with pytest.raises(redis.ResponseError):  # "OOM command not allowed"
            for number in range(1000):
                client.set(f"filler:{number}", "x" * 10_000)
        yield server.url


def _cache(backend: str, location: str):
    return override_settings(
        CACHES={"default": {"BACKEND": backend, "LOCATION": location, "KEY_PREFIX": "t"}}
    )


def test_djangos_own_backend_raises_on_a_full_redis(full_redis):
    """The fault is real: without core/cache.py a cache write is an exception (a 500)."""
    with _cache(STOCK, full_redis), pytest.raises(redis.ResponseError):
        caches["default"].set("key", "value")


def test_the_resilient_cache_answers_as_an_empty_cache(full_redis):
    with _cache(RESILIENT, full_redis):
        cache = caches["default"]
        cache.set("key", "value")
        assert cache.get("key", "missing") == "missing"
        assert cache.add("counter", 0) is False
        with pytest.raises(ValueError):
            cache.incr("counter")
        assert cache.get_many(["a", "b"]) == {}
        assert cache.set_many({"a": 1}) == ["a"]


@pytest.mark.parametrize("outage", ["full", "down"])
def test_a_reader_reads_and_comments_while_redis_fails(
    outage, full_redis, home, employee, signed_in
):
    """A page with comments (its cards are cached) and a comment (rate-limited in the cache)
    work on a full Redis and on none at all; the comment is stored once."""
    location = full_redis if outage == "full" else f"redis://127.0.0.1:{free_port()}/0"
    page = knowledge_page(home)
    client = signed_in(employee)
    with _cache(RESILIENT, location):
        first = client.post(f"/community/pages/{page.pk}/comments/", {"text": "Still here"})
        read = client.get(page.url)
    assert first.status_code == 302
    assert read.status_code == 200
    assert "Still here" in read.content.decode()
    assert Comment.objects.filter(page=page, body="Still here").count() == 1
