"""The demo (`seed_demo`) seeded once per test process and lent to each module that asks.

Seeding the whole demo costs 30 to 60 CPU seconds; the suite's modules that read it used
to seed it each (and each xdist worker again). Here it is seeded once, committed in a
database of its own, and a module that asks for it works in that database inside one
transaction that is rolled back after it: every module starts from the same freshly seeded
demo, as before, and every other module from the empty test database, as before.

- PostgreSQL: the seeded copy is a second database, `CREATE DATABASE … TEMPLATE` of the
  test database (so it has every migration), which the connection switches to for the
  module and back after it.
- SQLite (an in-memory test database): the engine's backup API copies the empty and the
  seeded contents into two in-memory snapshots once; a module gets the seeded snapshot
  copied into the test database, and the empty one back after it (milliseconds).

The seeding runs exactly as the module-scoped seeding did: inside one transaction, whose
`on_commit` callbacks are dropped (they never ran under the old rollback), then committed.
They are kept aside, though: a module that asks for the demo as it is after a real commit
(`demo_module_committed`: notifications, routed questions) gets them run inside its lent
transaction, as `django_capture_on_commit_callbacks(execute=True)` around `seed_demo` did,
instead of seeding a demo of its own.
"""

import io
import sqlite3
from collections.abc import Callable
from contextlib import contextmanager

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test import TestCase

OnCommit = list[Callable[[], None]]


def _seed() -> OnCommit:
    """Seed in one transaction; return its `on_commit` callbacks, in order, unrun."""
    with transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        callbacks = [callback for _savepoints, callback, _robust in connection.run_on_commit]
        # What the old module transaction did with them: never run (it was rolled back).
        connection.run_on_commit.clear()
    return callbacks


def _run_on_commit(callbacks: OnCommit) -> None:
    """Run the seed's `on_commit` callbacks now, and those they add, in order: what
    `captureOnCommitCallbacks(execute=True)` around `seed_demo` did when the block ended."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        for callback in callbacks:
            callback()


@contextmanager
def _rolled_back():
    """One transaction, rolled back at the end, as Django's `TestCase.setUpTestData` does."""
    atomic = transaction.atomic()
    atomic.__enter__()
    try:
        yield
    finally:
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


class _PostgresDemo:
    def __init__(self):
        self.empty_name = connection.settings_dict["NAME"]
        self.demo_name = f"{self.empty_name}_demo"
        connection.close()  # CREATE DATABASE … TEMPLATE needs the template unused
        with connection.creation._nodb_cursor() as cursor:
            quote = connection.ops.quote_name
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(self.demo_name)}")
            cursor.execute(
                f"CREATE DATABASE {quote(self.demo_name)} TEMPLATE {quote(self.empty_name)}"
            )
        self._switch(self.demo_name)
        try:
            self.on_commit = _seed()
        finally:
            self._switch(self.empty_name)

    @staticmethod
    def _switch(name: str) -> None:
        connection.close()
        connection.settings_dict["NAME"] = name
        settings.DATABASES[connection.alias]["NAME"] = name

    @contextmanager
    def lent(self, *, committed: bool = False):
        self._switch(self.demo_name)
        try:
            with _rolled_back():
                if committed:
                    _run_on_commit(self.on_commit)
                yield
        finally:
            self._switch(self.empty_name)

    def drop(self) -> None:
        connection.close()
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(self.demo_name)}")


class _SqliteDemo:
    def __init__(self):
        connection.ensure_connection()
        self.empty = self._snapshot()
        self.on_commit = _seed()
        self.seeded = self._snapshot()
        self.empty.backup(connection.connection)

    @staticmethod
    def _snapshot() -> sqlite3.Connection:
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        return copy

    @contextmanager
    def lent(self, *, committed: bool = False):
        connection.ensure_connection()
        self.seeded.backup(connection.connection)
        try:
            with _rolled_back():
                if committed:
                    _run_on_commit(self.on_commit)
                yield
        finally:
            self.empty.backup(connection.connection)

    def drop(self) -> None:
        self.empty.close()
        self.seeded.close()


def seeded_demo():
    """The demo seeded once for this process, in the engine's way (see the module's text)."""
    if connection.vendor == "postgresql":
        return _PostgresDemo()
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return _SqliteDemo()
    return _SeededEachTime()


class _SeededEachTime:
    """Another engine, or a file SQLite database: seeded for each module, as it used to be."""

    @contextmanager
    def lent(self, *, committed: bool = False):
        with _rolled_back():
            on_commit = _seed()
            if committed:
                _run_on_commit(on_commit)
            yield

    def drop(self) -> None:
        pass
