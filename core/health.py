"""Readiness checks for `/healthz` (django-health-check): can this process do its work?

Each check names one dependency: the database, the cache, the task queue, the search
backend and the file storage. A check that fails logs why (health_check's logger) and the
response says only which one is down, never the error (it can name hosts or users).
"""

import contextlib
import dataclasses
from collections.abc import Iterator

import django_rq
from django.conf import settings
from django.db import Error as DatabaseError
from django.db import connections
from django_tasks_db.models import DBTaskResult
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
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


# The name each check has in the JSON answer, in the order they are reported.
READINESS_CHECKS: dict[str, type[HealthCheck]] = {
    "database": ClosingDatabase,
    "cache": Cache,
    "tasks": TaskQueue,
    "search": Search,
    "storage": Storage,  # writes, reads and deletes a small file
}
