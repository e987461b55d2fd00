"""Settings for the search benchmarks: `bench.settings`, on SQLite or PostgreSQL.

HEARTH_BENCH_DB is a SQLite file path, or a `postgres://` URL for PostgreSQL. Never the
developer's db.sqlite3 and never a production database: the corpus generator empties the
page tree it writes.
"""

import environ

from bench.settings import *  # noqa: F403

_target = environ.Env().str("HEARTH_BENCH_DB")
if _target.startswith("postgres"):
    DATABASES = {"default": environ.Env.db_url_config(_target)}
    DATABASES["default"]["CONN_MAX_AGE"] = 60
# The generator indexes with the update_index command, not in tasks. What a measured
# request queues (the search log) is only queued, as in production, where a worker runs it
# outside the request; the immediate backend would time the log writes as part of the page.
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
