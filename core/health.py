"""Readiness checks for `/healthz` (django-health-check): can this process do its work?

Each check names one dependency: the database, the cache, the task queue, the search
backend and the file storage. A check that fails logs why (health_check's logger) and the
response says only which one is down, never the error (it can name hosts or users).

The cache is the one dependency the site serves without (core/cache.py answers as an
empty cache while Redis fails): its outage is reported as "degraded" and readiness stays
200, so a load balancer does not take every working server out of rotation at once.

Load balancers probe every few seconds, so no check writes: the storage check reads.
"""

import contextlib
import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path

import django_rq
from django.conf import settings
from django.core.files.storage import FileSystemStorage, InvalidStorageError, storages
from django.db import Error as DatabaseError
from django.db import connections
from django_tasks_db.models import DBTaskResult
from health_check.base import HealthCheck
from health_check.checks import Cache, Database
from health_check.exceptions import ServiceUnavailable
from redis.exceptions import RedisError
from wagtail.models import Page
from wagtail.search.backends import get_search_backend


@contextlib.contextmanager
def _own_connection(alias: str = "default") -> Iterator[None]:
    """Checks run in a worker thread: close the connection they open, so none leaks."""
    try:
        yield
    finally:
        connections[alias].close()


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    """The queue background tasks go to answers: Redis for RQ, the table for the database."""

    alias: str = "default"

    def run(self) -> None:
        backend = settings.TASKS[self.alias]["BACKEND"]
        if backend.startswith("django_tasks_rq."):
            self._ping_redis()
        elif backend.startswith("django_tasks_db."):
            self._query_table()
        # The immediate and dummy backends (tests) have nothing to reach.

    def _ping_redis(self) -> None:
        queues = settings.TASKS[self.alias].get("QUEUES", ["default"])
        try:
            for name in queues:
                django_rq.get_connection(name).ping()
        except (RedisError, OSError) as error:
            raise ServiceUnavailable("Redis unreachable") from error

    def _query_table(self) -> None:
        with _own_connection():
            try:
                DBTaskResult.objects.filter(pk__isnull=True).exists()
            except DatabaseError as error:
                raise ServiceUnavailable("Task table unreachable") from error


@dataclasses.dataclass
class Search(HealthCheck):
    """The search backend answers a query (Elasticsearch/OpenSearch, or the database)."""

    alias: str = "default"

    def run(self) -> None:
        backend = get_search_backend(self.alias)
        with _own_connection():
            try:
                if hasattr(backend, "es"):
                    if not backend.es.ping():
                        raise ServiceUnavailable("Search cluster unreachable")
                else:
                    list(backend.search("healthz", Page)[:1])
            except ServiceUnavailable:
                raise
            except Exception as error:  # each backend raises its own errors
                raise ServiceUnavailable("Search backend unreachable") from error


@dataclasses.dataclass
class ClosingDatabase(Database):
    def run(self) -> None:
        with _own_connection(self.alias):
            super().run()


@dataclasses.dataclass
class ReadableStorage(HealthCheck):
    """The media storage lists its root. It never writes: health_check's own Storage check
    saves and deletes a file on every probe.

    A media folder that does not exist yet (a fresh install, before the first upload) is
    ready if the storage can create it, as it will on the first save."""

    alias: str = "default"

    def run(self) -> None:
        try:
            storage = storages[self.alias]
        except InvalidStorageError as error:
            raise ServiceUnavailable("Storage alias does not exist") from error
        try:
            storage.listdir("")
        except FileNotFoundError as error:
            if not (isinstance(storage, FileSystemStorage) and _creatable(storage.location)):
                raise ServiceUnavailable("Storage root missing") from error
        except Exception as error:  # each storage raises its own errors
            raise ServiceUnavailable("Storage unreadable") from error


def _creatable(location: str) -> bool:
    """The nearest existing ancestor of `location` is a folder this process may write in."""
    for folder in Path(location).absolute().parents:
        if folder.exists():
            return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)
    return False


# The name each check has in the JSON answer, in the order they are reported.
READINESS_CHECKS: dict[str, type[HealthCheck]] = {
    "database": ClosingDatabase,
    "cache": Cache,
    "tasks": TaskQueue,
    "search": Search,
    "storage": ReadableStorage,
}
# Down, these are "degraded": the site serves without them, so readiness stays 200.
DEGRADED_WHEN_DOWN = frozenset({"cache"})


def readiness(failed: set[str]) -> tuple[dict[str, str], bool]:
    """The answer's body and whether the process is ready, given the checks that failed.

    {"status": "ok" | "degraded" | "error", "<check>": "ok" | "degraded" | "unavailable"}
    """
    body = {name: _state(name, failed) for name in READINESS_CHECKS}
    ready = "unavailable" not in body.values()
    status = "error" if not ready else "degraded" if failed else "ok"
    return {"status": status, **body}, ready


def _state(name: str, failed: set[str]) -> str:
    if name not in failed:
        return "ok"
    return "degraded" if name in DEGRADED_WHEN_DOWN else "unavailable"
