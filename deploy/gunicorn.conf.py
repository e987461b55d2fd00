"""gunicorn's settings for deploy/ (and anyone running Hearth under gunicorn by hand).

Every value can be changed from the environment: WEB_CONCURRENCY (worker processes, by
default 2 per CPU + 1), WEB_THREADS, PORT, GUNICORN_TIMEOUT. gunicorn's own lines are JSON
like Hearth's (hearth/logs.py); Hearth logs each request itself, so no access log here.
"""

import multiprocessing
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("WEB_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# A worker is replaced after this many requests (memory growth never accumulates).
max_requests = 2000
max_requests_jitter = 200
worker_tmp_dir = "/dev/shm"  # noqa: S108 - the heartbeat file, in memory
# The reverse proxy in front sets X-Forwarded-For/-Proto; only the container network can
# reach gunicorn, so any peer there is the proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")
accesslog = None
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "hearth.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
