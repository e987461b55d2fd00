"""/healthz (readiness: every dependency answers) and /healthz/live (the process answers).

The failures here are real: the cache and the task queue point at a port where nothing
listens, the database at a file that cannot be opened, the search backend at a closed port.
"""

import socket

import pytest
from django.db import connections
from django.test import Client, override_settings

READY = {
    "status": "ok",
    "database": "ok",
    "cache": "ok",
    "tasks": "ok",
    "search": "ok",
    "storage": "ok",
}


def _closed_port() -> int:
    """A local port with nothing listening: connecting to it is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_readiness_answers_json_without_sign_in(db):
    response = Client().get("/healthz", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response.json() == READY
    assert "no-cache" in response["Cache-Control"]


def test_liveness_answers_without_touching_a_dependency():
    # No `db` fixture: pytest-django refuses any database access in this test.
    response = Client().get("/healthz/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readiness_reports_an_unreachable_cache_as_503(db):
    down = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
        }
    }
    with override_settings(CACHES=down):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {**READY, "status": "error", "cache": "unavailable"}
    assert "127.0.0.1" not in response.content.decode()


def test_readiness_reports_an_unreachable_task_queue_as_503(db):
    port = _closed_port()
    rq_tasks = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    rq_queues = {"default": {"URL": f"redis://127.0.0.1:{port}/0"}}
    with override_settings(TASKS=rq_tasks, RQ_QUEUES=rq_queues):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {**READY, "status": "error", "tasks": "unavailable"}


def test_readiness_reports_an_unreachable_search_cluster_as_503(db):
    port = _closed_port()
    backends = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [f"http://127.0.0.1:{port}"],
            "INDEX": "hearth-health-test",
            "TIMEOUT": 1,
        }
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {**READY, "status": "error", "search": "unavailable"}


@pytest.fixture
def unreachable_database(tmp_path):
    """New connections to the default database fail, as when its server is down.

    The checks run in worker threads, which open their own connections from these
    settings; the test's own connection (and its transaction) is left alone.
    """
    settings_dict = connections.settings["default"]
    saved = dict(settings_dict)
    if settings_dict["ENGINE"].endswith("sqlite3"):
        settings_dict["NAME"] = str(tmp_path / "no-such-directory" / "hearth.sqlite3")
        settings_dict["TEST"] = {**settings_dict.get("TEST", {}), "NAME": settings_dict["NAME"]}
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=str(_closed_port()))
    yield
    settings_dict.clear()
    settings_dict.update(saved)


def test_readiness_reports_an_unreachable_database_as_503(db, unreachable_database):
    response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "unavailable"
    assert "no-such-directory" not in response.content.decode()


def test_liveness_stays_up_when_the_database_is_down(db, unreachable_database):
    assert Client().get("/healthz/live").status_code == 200
