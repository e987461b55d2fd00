"""The shared cache on a real Redis server: what one app server counts, every other sees.

Runs where REDIS_URL names a server (`make services` starts one; `.ci/run` does and sets
HEARTH_REQUIRE_REDIS, so there a missing server fails the run instead of skipping).
"""

import os
import uuid
from types import SimpleNamespace

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings

from community import limits
from tests.factories import UserFactory

REDIS_URL = os.environ.get("REDIS_URL", "")


@pytest.fixture
def redis_cache_settings():
    if not REDIS_URL:
        if os.environ.get("HEARTH_REQUIRE_REDIS"):
            pytest.fail("HEARTH_REQUIRE_REDIS is set but REDIS_URL is empty")
        pytest.skip("REDIS_URL is not set: `make services` starts a Redis server")
    prefix = f"hearth-test-{uuid.uuid4().hex}"  # test workers share the server
    settings = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    with override_settings(CACHES=settings):
        yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


@override_settings(HEARTH_POSTS_PER_MINUTE=3)
def test_a_posting_limit_counted_on_one_server_holds_on_another(
    db, redis_cache_settings, monkeypatch
):
    # One minute window for the whole test, however long it takes.
    monkeypatch.setattr(limits, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))
    person = UserFactory(roles=["Employees"])
    for _ in range(3):
        limits.check_rate(person)

    # The count is in Redis itself, under this test's prefix, not in this process.
    stored = redis.Redis.from_url(REDIS_URL).keys(f"{redis_cache_settings}:*posts:{person.pk}:*")
    assert len(stored) == 1, "the posting count was not written to Redis"

    # A second app server is a second connection to the same Redis: it sees the count, and
    # the next post is refused whichever server takes it.
    other_server = caches.create_connection("default")
    assert other_server.get(f"hearth:posts:{person.pk}:{1_800_000_000 // 60}") == 3
    with pytest.raises(limits.RateLimited):
        limits.check_rate(person)
