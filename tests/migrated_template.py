"""PostgreSQL under xdist: the test database migrated once per run, then copied per worker.

Every xdist worker used to run every migration into its own test database (about 35 CPU
seconds each, plus the server's share). Here the first worker to take a lock migrates a
template database once per run (`make test` passes --create-db in CI, so it is rebuilt
each run and the suite still proves that every migration applies), and each worker's test
database is made with `CREATE DATABASE … TEMPLATE` (Django's TEST["TEMPLATE"] setting):
Django's `migrate` then finds everything applied. The controlling process drops the
template when the run ends. SQLite's in-memory test databases are left as they were.
"""

import fcntl
import hashlib
import tempfile
from pathlib import Path

from django.db import connection


def template_name(test_name: str) -> str:
    return f"{test_name}_template"


def _lock_path(template: str) -> Path:
    settings = connection.settings_dict
    server = f"{settings.get('HOST')}:{settings.get('PORT')}/{template}"
    digest = hashlib.sha256(server.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"hearth-test-template-{digest}.lock"


def use_a_migrated_template(worker: str, run: str) -> None:
    """Make this worker's test database a copy of a template migrated once for `run`."""
    if connection.vendor != "postgresql":
        return
    test = connection.settings_dict.setdefault("TEST", {})
    worker_name = test["NAME"]  # pytest-django's: test_<name>_<worker>
    template = template_name(worker_name.removesuffix(f"_{worker}"))
    with _lock_path(template).open("a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        lock.seek(0)
        if lock.read().strip() != run:
            name = connection.settings_dict["NAME"]
            test["NAME"] = template
            try:
                connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            finally:
                connection.close()
                connection.settings_dict["NAME"] = name
                test["NAME"] = worker_name
            lock.seek(0)
            lock.truncate()
            lock.write(run)
            lock.flush()
    test["TEMPLATE"] = template


def drop_the_template() -> None:
    """In the controlling process, after the workers: drop the run's template, if any."""
    if connection.vendor != "postgresql":
        return
    settings = connection.settings_dict
    test_name = settings.get("TEST", {}).get("NAME") or f"test_{settings['NAME']}"
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(
            f"DROP DATABASE IF EXISTS {connection.ops.quote_name(template_name(test_name))}"
        )
