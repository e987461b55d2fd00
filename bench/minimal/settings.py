"""Settings of the minimal Django app `bench/run.py` serves beside Hearth: no apps, no
middleware, no database, no templates. What is left is Django's request handling and URL
resolver under the same gunicorn settings, so the ratio to it shows what everything else
costs (Hearth's middleware included), as the issue's "bare Django view" does."""

DEBUG = False
SECRET_KEY = "bench-only-minimal-not-secret-0000000000000000000000000"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.minimal.urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
USE_TZ = True
