"""Settings shared by every environment.

Every value that differs between machines comes from the environment (README lists them
all). The defaults here are the embedded, server-less setup: SQLite in WAL mode and
Wagtail's database search backend.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "core",
    "home",
    "knowledge",
    "people",
    "community",
    "governance",
    "brand",
    "insights",
    "search",
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.table_block",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "axes",
]

# The intranet default: every page needs a signed-in person. Views open to everyone
# (sign-in, password reset, health) are marked with @login_not_required.
HEARTH_LOGIN_REQUIRED = env.bool("HEARTH_LOGIN_REQUIRED", default=True)

MIDDLEWARE = [
    # One log line per request: method, path, status, duration, person (hearth/logs.py).
    "hearth.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy (below) and Permissions-Policy on every page (core/security.py).
    "core.security.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The request's Wagtail site from the cache, after the host was checked (core/routing.py).
    "core.routing.SiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who acts, for Wagtail's audit log (LogContext); logs CSV/Excel downloads.
    "core.audit.AuditMiddleware",
    # Django's, asking the view before loading the user (core/middleware.py).
    *(["core.middleware.LoginRequiredMiddleware"] if HEARTH_LOGIN_REQUIRED else []),
    # The admin: a URL naming a page, revision or file hidden from the person is a 404.
    "core.admin_privacy.AdminPrivacyMiddleware",
    # Django's, with the message storage made only when a message is added or read.
    "core.middleware.MessageMiddleware",
    # Guests: a guest whose access ended is signed out on their next request.
    "governance.guests.middleware.GuestAccessMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Sign-in lockout: turns a refused sign-in into the "paused" page (core/signin.py).
    "axes.middleware.AxesMiddleware",
    # The search engine down in Wagtail's own search paths (admin, choosers, API): a 503
    # with a message, not a 500 (search/middleware.py).
    "search.middleware.SearchOutageMiddleware",
]

ROOT_URLCONF = "hearth.urls"
WSGI_APPLICATION = "hearth.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.navigation",
                "community.context_processors.notifications",
                "governance.guests.context_processors.guest",
            ],
        },
    },
]

# Database: DATABASE_URL (PostgreSQL in production) or the embedded SQLite file.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work side by side; the busy timeout and IMMEDIATE
    # transactions make concurrent writers wait instead of failing with "locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Connections are kept open between requests, SQLite's too: opening one (and its PRAGMAs)
# and closing it (a WAL checkpoint) cost more than a signed-in request's queries (issue 19).
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

# Cache: Redis when REDIS_URL is set, else this process's memory. A Redis that fails (down,
# restarting, full) makes the cache miss, never the page fail (core/cache.py).
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "hearth",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work (mail, indexing, counters) runs in the django-tasks database worker
# (`make worker`), never inside a request. TASKS_BACKEND=rq queues it in Redis instead
# (django-tasks-rq; REDIS_URL required), for workers that scale out: `manage.py rqworker
# --job-class django_tasks_rq.Job default` runs one. TASKS_REDIS_URL puts the queue on a
# Redis of its own (never evicting, unlike a full cache), REDIS_URL's otherwise.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="db")
if TASKS_BACKEND == "rq":
    _tasks_redis = env.str("TASKS_REDIS_URL", default="") or REDIS_URL
    if not _tasks_redis:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL (README, Settings).")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": _tasks_redis, "DEFAULT_TIMEOUT": 600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "db":
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default"],
        }
    }
else:
    raise ImproperlyConfigured(f"TASKS_BACKEND is {TASKS_BACKEND!r}: use db or rq.")

# A task RUNNING this long on the database queue is taken to be one a killed worker left:
# it is made ready again (core/stalled_tasks.py; Hearth's tasks are idempotent).
HEARTH_TASK_STALLED_AFTER_MINUTES = env.int("HEARTH_TASK_STALLED_AFTER_MINUTES", default=30)

# django-axes refuses a locked sign-in before any other backend checks the password, in
# every sign-in path (the site's form, the admin's, a guest's).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "core.auth_backends.ModelBackendWithProfile",  # fewer queries per page (issue 19)
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions in the database, read with one plain SELECT per request (core/sessions.py).
SESSION_ENGINE = "core.sessions"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
# Sign-in lockout (django-axes): this many failures for one account from one address lock
# that pair, and only that pair, until the pause has passed since the last failure. A
# colleague behind the same proxy still signs in, and an attacker elsewhere cannot lock
# the account's owner out. Administrators lift a lock in the admin (Settings > Sign-in
# locks). The database handler keeps attempts across restarts and app servers, and gives
# the admin its list (a cache cannot list its keys).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env.int("HEARTH_LOGIN_MAX_FAILURES", default=5)
AXES_COOLOFF_TIME = timedelta(seconds=env.int("HEARTH_LOGIN_LOCK_SECONDS", default=15 * 60))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.signin.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.signin.client_address"
# No record of every successful sign-in (who, when, from where): only failures are kept,
# and only until their pause has passed.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False  # Django's admin is not served; Wagtail's has the list.
AXES_VERBOSE = False
# Reverse proxies in front of Hearth that each append the address they saw to
# X-Forwarded-For. 0 (the default) trusts no header: the address is the connection's.
HEARTH_TRUSTED_PROXIES = env.int("HEARTH_TRUSTED_PROXIES", default=0)

CSRF_FAILURE_VIEW = "core.views.csrf_failure"

# Content security policy (django-csp), enforced everywhere, tests included: scripts and
# styles only from Hearth's own static files; the one inline <style> (the brand's colours,
# components/theme.html) carries the request's nonce. Wagtail's admin gets 'unsafe-inline'
# for scripts and styles, and only it (core/security.py says why). Browsers report what
# the policy blocked to /csp-report, which logs it (logger "hearth.csp").
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
        "report-uri": "/csp-report",
    },
}
# No page uses these browser features; a script that asks for one is refused.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}
SECURE_REFERRER_POLICY = "same-origin"
# The admin's avatars: Wagtail's own default picture or an uploaded one, never Gravatar
# (an outside host the policy refuses, told a hash of each editor's e-mail address).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
SECURE_CONTENT_TYPE_NOSNIFF = True

# Conversation (community app): limits on what one person can post, and moderation.
HEARTH_POST_MAX_CHARS = env.int("HEARTH_POST_MAX_CHARS", default=10_000)
HEARTH_POSTS_PER_MINUTE = env.int("HEARTH_POSTS_PER_MINUTE", default=6)
HEARTH_FLAGS_TO_HIDE = env.int("HEARTH_FLAGS_TO_HIDE", default=3)
# How often an open page asks for the header's unread-notification count (seconds).
HEARTH_NOTIFICATION_POLL_SECONDS = 45

# Vision hub and campaigns (brand app): groups smaller than this are never shown (on
# screen, in CSV or the API); the floor of 3 holds whatever the environment says.
HEARTH_FEEDBACK_MIN_GROUP = max(3, env.int("HEARTH_FEEDBACK_MIN_GROUP", default=5))
HEARTH_FEEDBACK_SHOW_OVERALL = env.bool("HEARTH_FEEDBACK_SHOW_OVERALL", default=True)
# Questions (community app): unanswered this many days, they surface to the space owners.
HEARTH_QUESTION_UNANSWERED_DAYS = env.int("HEARTH_QUESTION_UNANSWERED_DAYS", default=3)
# Guests (pinholes): the longest access an invite may give, and how long its link works.
HEARTH_GUEST_MAX_DAYS = env.int("HEARTH_GUEST_MAX_DAYS", default=90)
HEARTH_GUEST_INVITE_DAYS = env.int("HEARTH_GUEST_INVITE_DAYS", default=7)
# Review cycle (governance app): `manage.py review_reminders` tells space owners about pages
# stale for more than this many days (once per page per review cycle).
HEARTH_STALE_NOTIFY_DAYS = env.int("HEARTH_STALE_NOTIFY_DAYS", default=14)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "hearth" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Hearth <hearth@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Search: Wagtail's database backend (SQLite FTS5 or PostgreSQL full-text search,
# whichever database is in use); OpenSearch when OPENSEARCH_URL is set (OPENSEARCH_VERSION
# 2 or 3: Wagtail's `opensearch2` backend with the opensearch-py 2.x client that Hearth
# installs and CI tests against a real 2.19 node, or `opensearch3`, which needs the 3.x
# client); else Elasticsearch 8 when ELASTICSEARCH_URL is set. Every index name starts
# with SEARCH_INDEX_PREFIX, so several sites (or test runs) can share one cluster.
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
OPENSEARCH_URL = env.str("OPENSEARCH_URL", default="")
OPENSEARCH_VERSION = env.str("OPENSEARCH_VERSION", default="2")
if OPENSEARCH_VERSION not in ("2", "3"):
    raise ImproperlyConfigured(
        f"OPENSEARCH_VERSION must be 2 or 3 (the server's major version): {OPENSEARCH_VERSION!r}"
    )
SEARCH_INDEX_PREFIX = env.str("SEARCH_INDEX_PREFIX", default="hearth_")
if OPENSEARCH_URL or ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends."
            + (f"opensearch{OPENSEARCH_VERSION}" if OPENSEARCH_URL else "elasticsearch8"),
            "URLS": [OPENSEARCH_URL or ELASTICSEARCH_URL],
            "INDEX_PREFIX": SEARCH_INDEX_PREFIX,
            "TIMEOUT": env.int("SEARCH_TIMEOUT", default=5),
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }
else:
    # PostgreSQL stems English words ("policies" finds "policy"); SQLite ignores this.
    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "english"}
    }
# Search analytics keep the searcher's department (never the person); false keeps none.
HEARTH_SEARCH_LOG_DEPARTMENT = env.bool("HEARTH_SEARCH_LOG_DEPARTMENT", default=True)

WAGTAIL_SITE_NAME = env.str("HEARTH_SITE_NAME", default="Hearth")
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "core.HearthImage"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_COMMENTS_ENABLED = True
# A workflow's last approval publishes, whatever the approver's page permissions (an
# executive signing off may not publish on their own): core/workflow_publish.py.
WAGTAIL_FINISH_WORKFLOW_ACTION = "core.workflow_publish.publish_approved"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Demo logins created by `manage.py seed_demo` (never by migrations, never in production).
HEARTH_DEMO_PASSWORD = env.str("HEARTH_DEMO_PASSWORD", default="hearth-demo")
# "production" refuses demo seeding and unsafe settings; set by production.py.
HEARTH_ENVIRONMENT = "base"

# LOG_FORMAT=json: one JSON object per line on stdout (production's default), for a log
# collector; text: readable lines for a person at a terminal.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "hearth.logs.JsonFormatter"},
    },
    "filters": {
        # Wagtail's save-time index update during a search engine outage: one warning
        # line, not an ERROR with a traceback (search/outage.py).
        "engine_outage": {"()": "search.outage.EngineErrorLogFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # A line per request; REQUEST_LOG_LEVEL=WARNING keeps only the 4xx/5xx from Django.
        "hearth.request": {"level": env.str("REQUEST_LOG_LEVEL", default="INFO")},
        "django.db.backends": {"level": "WARNING"},
        "wagtail": {"level": env.str("WAGTAIL_LOG_LEVEL", default="WARNING")},
        "modelsearch.index": {"filters": ["engine_outage"]},
        "django_tasks": {"level": env.str("TASKS_LOG_LEVEL", default="WARNING")},
        # Every failed sign-in and lockout (names and addresses masked), not the routine.
        "axes": {"level": "WARNING"},
    },
}
