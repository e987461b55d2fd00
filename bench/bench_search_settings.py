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
# Index in the generator's own process (the update_index command), not in a task.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
