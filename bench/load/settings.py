"""Settings for the load test's server (bench/load/run.py): the benchmark settings (DEBUG off,
production middleware, a throwaway directory) on SQLite or, given
HEARTH_LOAD_DATABASE_URL, on the PostgreSQL server the harness started for itself."""

from bench.settings import *  # noqa: F403
from bench.settings import DATABASES, MEDIA_ROOT, env

HEARTH_ENVIRONMENT = "load"

_database_url = env.str("HEARTH_LOAD_DATABASE_URL", default="")
if _database_url:
    DATABASES = {
        "default": {
            **env.db_url_config(_database_url),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    }
else:
    DATABASES = DATABASES

# Every email the site sends lands as a file, so the harness can count them afterwards
# (none lost, none doubled when a worker dies mid-job).
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = str(MEDIA_ROOT.parent / "mail")
