"""Settings for the benchmark server started by bench/run.py.

Based on hearth.settings.base rather than production: production refuses to start without
secrets, a DATABASE_URL and HTTPS, none of which a local, throwaway benchmark has. What
matters for a fair measurement is kept as in production: DEBUG off (with DEBUG on, Django
records every SQL query) and the same middleware, templates and apps.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from hearth.settings.base import *  # noqa: F403
from hearth.settings.base import DATABASES as BASE_DATABASES
from hearth.settings.base import env

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

# Always SQLite, even if DATABASE_URL is set, with the options base gives SQLite (WAL, busy
# timeout, IMMEDIATE transactions): the embedded setup, in a file that is thrown away.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": _bench_db,
        "OPTIONS": {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }
}
# Connections kept open between requests, as base gives SQLite (DATABASE_CONN_MAX_AGE).
DATABASES["default"]["CONN_MAX_AGE"] = BASE_DATABASES["default"].get("CONN_MAX_AGE", 0)
# Anything the demo seeding or a request might upload stays in the throwaway directory too.
MEDIA_ROOT = Path(_bench_db).parent / "media"
# seed_demo hashes a password for every demo person; with PBKDF2 that is most of the
# setup time. The measured pages never hash a password (a signed-in request checks an
# HMAC of the stored hash), so a fast hasher shortens setup without changing the result.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
