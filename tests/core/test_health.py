"""/healthz (readiness: every dependency answers) and /healthz/live (the process answers).

The failures here are real: the cache and the task queue point at a port where nothing
listens or at a redis-server that is stopped, the database at a file that cannot be
opened, the search backend at a closed port, the media storage at a path under a file.
"""

import os

import pytest
from django.db import connections
from django.test import Client, override_settings

from tests.redis_server import free_port as _closed_port
from tests.redis_server import redis_server

READY = {
    "status": "ok",
    "database": "ok",
    "cache": "ok",
    "tasks": "ok",
    "search": "ok",
    "storage": "ok",
}


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


def _resilient_cache(location: str):
    return override_settings(
        CACHES={"default": {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": location}}
    )


def test_a_redis_cache_that_stops_is_degraded_and_readiness_stays_200(db):
    """Pages work without Redis (core/cache.py): a cache outage must not take every web
    process out of the load balancer's rotation, only show in the answer."""
    with redis_server() as server, _resilient_cache(server.url):
        assert Client().get("/healthz").json() == READY
        server.stop()
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {**READY, "status": "degraded", "cache": "degraded"}
    assert "127.0.0.1" not in response.content.decode()


def test_readiness_reports_an_unreachable_cache_as_degraded(db):
    down = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
        }
    }
    with override_settings(CACHES=down):
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {**READY, "status": "degraded", "cache": "degraded"}


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


def test_the_database_down_is_503_even_with_the_cache_down(db, unreachable_database):
    with _resilient_cache(f"redis://127.0.0.1:{_closed_port()}/0"):
        response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"], body["cache"]) == ("error", "unavailable", "degraded")


@pytest.fixture
def media_folder(tmp_path, settings):
    """The default storage is a real folder; point it elsewhere with `settings.MEDIA_ROOT`."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def _snapshot(root) -> list[tuple[str, int]]:
    """Every path under `root` with its modification time (a folder's changes when an
    entry is created or removed in it)."""
    entries = [(str(root), os.stat(root).st_mtime_ns)]
    for folder, folders, files in os.walk(root):
        for name in folders + files:
            path = os.path.join(folder, name)
            entries.append((path, os.stat(path).st_mtime_ns))
    return sorted(entries)


def test_readiness_reads_the_storage_and_never_writes_to_it(db, media_folder):
    (media_folder / "images").mkdir(parents=True)
    (media_folder / "images" / "logo.png").write_bytes(b"png")
    before = _snapshot(media_folder)

    for _ in range(3):
        response = Client().get("/healthz")
        assert response.status_code == 200
        assert response.json()["storage"] == "ok"

    assert _snapshot(media_folder) == before


def test_a_media_folder_not_made_yet_is_ready_and_is_not_made(db, media_folder):
    """A fresh install has no media folder until the first upload makes it."""
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["storage"] == "ok"
    assert not media_folder.exists()


def test_readiness_reports_an_unreadable_storage_as_503(db, media_folder, settings):
    media_folder.parent.joinpath("a-file").write_text("not a folder")
    settings.MEDIA_ROOT = str(media_folder.parent / "a-file" / "media")
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {**READY, "status": "error", "storage": "unavailable"}
    assert "a-file" not in response.content.decode()
