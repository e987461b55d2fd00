"""Local development: `make run`. Debug on, mail printed to the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-not-secret-hearth-0000000000000000000000")
HEARTH_ENVIRONMENT = "development"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
