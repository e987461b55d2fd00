"""The shared cache on a real Redis server: what one app server counts, every other sees.

Runs where REDIS_URL names a server (`make services` starts one; `.ci/run` does and sets
HEARTH_REQUIRE_REDIS, so there a missing server fails the run instead of skipping).
"""

import os
import uuid

import pytest
import redis
from django.core.cache import caches
from django.test import Client, override_settings

from tests.factories import PASSWORD, UserFactory

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


@override_settings(HEARTH_LOGIN_MAX_FAILURES=3)
def test_a_sign_in_lock_counted_on_one_server_holds_on_another(db, redis_cache_settings):
    UserFactory(username="sam", roles=["Employees"])
    for _ in range(3):
        Client().post("/accounts/login/", {"username": "sam", "password": "wrong"})

    # The failures are in Redis itself, under this test's prefix, not in this process.
    stored = redis.Redis.from_url(REDIS_URL).keys(f"{redis_cache_settings}:*login-failures*")
    assert stored, "the sign-in failures were not written to Redis"

    # A second app server is a second connection to the same Redis: it refuses too.
    other_server = caches.create_connection("default")
    assert other_server.get("login-failures:user:sam") == 3
    response = Client().post("/accounts/login/", {"username": "sam", "password": PASSWORD})
    assert response.status_code == 429
