"""`make run`: the embedded setup (SQLite, database search, no server to install) served
the way production serves it: gunicorn, WhiteNoise for static files, DEBUG off, so a
person trying Hearth sees Hearth's own error pages and never a debug page.

The secret key is generated once into `.secret_key` (git-ignored, readable by its owner
only) unless SECRET_KEY is set. `make dev` is the developer's setup (hearth.settings.dev).
"""

import os
import secrets

from .base import *  # noqa: F403
from .base import BASE_DIR, env

SECRET_KEY_FILE = BASE_DIR / ".secret_key"


def _secret_key() -> str:
    """The key in SECRET_KEY_FILE, written on first use (every process then reads it)."""
    try:
        descriptor = os.open(SECRET_KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return SECRET_KEY_FILE.read_text().strip()
    with os.fdopen(descriptor, "w") as handle:
        key = secrets.token_urlsafe(50)
        handle.write(key + "\n")
    return key


HEARTH_ENVIRONMENT = "local"
DEBUG = False
SECRET_KEY = env.str("SECRET_KEY", default="") or _secret_key()
# Static files come from STATIC_ROOT (`make run` runs collectstatic), served by WhiteNoise.
# Not the manifest storage production uses: collecting stays incremental, so a second
# `make run` is up in seconds.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
