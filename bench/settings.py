"""Settings for the benchmark server started by bench/run.py.

Based on hearth.settings.base rather than production: production refuses to start without
secrets, a DATABASE_URL and HTTPS, none of which a local, throwaway benchmark has. What
matters for a fair measurement is kept from production: DEBUG off (no query logging, no
debug toolbar-style overhead) and the same middleware, templates and apps.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from hearth.settings.base import *  # noqa: F403
from hearth.settings.base import DATABASES, env

# run.py creates a temporary directory per run and passes the database path here, so a
# benchmark never reads or writes the developer's db.sqlite3.
_bench_db = env.str("HEARTH_BENCH_DB", default="")
if not _bench_db:
    raise ImproperlyConfigured(
        "HEARTH_BENCH_DB is not set. bench.settings is meant to be used by bench/run.py, "
        "which sets it to a SQLite file in a temporary directory."
    )

HEARTH_ENVIRONMENT = "bench"
DEBUG = False
SECRET_KEY = "bench-only-not-secret-hearth-00000000000000000000000"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"

# Same SQLite options as base (WAL, busy timeout, IMMEDIATE transactions), another file.
DATABASES = {"default": {**DATABASES["default"], "NAME": _bench_db}}
# Anything the demo seeding or a request might upload stays in the throwaway directory too.
MEDIA_ROOT = Path(_bench_db).parent / "media"
