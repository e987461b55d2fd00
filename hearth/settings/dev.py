"""Development: `make dev` (runserver with autoreload). Debug on, mail printed to the console.

WhiteNoise serves the static files here too (straight from the apps, no collectstatic),
instead of runserver's own handler.
"""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, LOGGING, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-not-secret-hearth-0000000000000000000000")
HEARTH_ENVIRONMENT = "development"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
INSTALLED_APPS = ["whitenoise.runserver_nostatic", *INSTALLED_APPS]
# runserver prints its own line per request.
LOGGING["loggers"]["hearth.request"]["level"] = "WARNING"
