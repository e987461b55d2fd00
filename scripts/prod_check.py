#!/usr/bin/env python3
"""`make prod-check`: run Hearth with its production settings under gunicorn, and check it.

On a free loopback port, with a throw-away database (SQLite, or PostgreSQL when
CI_POSTGRES_URL names a server), collected static files and the production settings as a
deployment behind a TLS proxy would have them (`X-Forwarded-Proto: https` trusted):

1. `manage.py check --deploy --fail-level WARNING` passes;
2. pages carry the security headers (HSTS, nosniff, Referrer-Policy, framing limits, and
   the Content-Security-Policy and Permissions-Policy when the settings declare them);
3. plain HTTP is redirected to HTTPS, /healthz and /healthz/live answer 200;
4. a missing page and an encoded `..` under /static/ answer Hearth's 404, never a debug
   page or a 500; a static file is served (WhiteNoise).

Prints one line per check and exits 1 if any failed. `--settings hearth.settings.local`
checks what `make run` serves instead (plain HTTP, no deploy check); `--database-url`
reuses a database; `--keep` keeps the work directory (gunicorn's log is in it).
"""

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hearth.prod_check import HOST, Browser, Report, check_site

REPO = Path(__file__).resolve().parent.parent
PRODUCTION = "hearth.settings.production"
STARTUP_TIMEOUT_S = 90
USERNAME = "prod-check"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def must(result: subprocess.CompletedProcess[str], what: str) -> None:
    if result.returncode != 0:
        print(f"FAIL  {what}\n{result.stdout}{result.stderr}")
        raise SystemExit(1)


def postgres_database(server: str) -> tuple[str, str]:
    """A fresh database on CI_POSTGRES_URL's server: (its URL, its name)."""
    name = f"hearth_prod_check_{os.getpid()}"
    subprocess.run(  # noqa: S603
        ["psql", f"{server}/postgres", "-q", "-c", f"CREATE DATABASE {name}"],  # noqa: S607
        check=True,
        capture_output=True,
    )
    return f"{server}/{name}", name


def environment(workdir: Path, database_url: str, settings: str) -> dict[str, str]:
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "SENTRY_", "PROMETHEUS_", "AWS_"))
        and key not in {"DEBUG", "DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "TASKS_BACKEND"}
    }
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": settings,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "SECURE_PROXY_SSL_HEADER": "true",  # as behind the TLS proxy of deploy/
        "EMAIL_URL": "consolemail://",
        "LOG_FORMAT": "json",
    }


def serve(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "gunicorn", "hearth.wsgi", "--bind", f"{HOST}:{port}"]
    command += ["--workers", "2", "--threads", "2", "--no-control-socket"]
    with log.open("wb") as handle:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=REPO, env=env, stdout=handle, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if Browser(port).request("GET", "/healthz/live").status == 200:
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    print(f"FAIL  gunicorn did not answer /healthz/live\n{log.read_text(errors='replace')[-3000:]}")
    raise SystemExit(1)


SETTINGS_PROBE = """
import json
from django.conf import settings
from core.models import User
user, _ = User.objects.get_or_create(username=USERNAME, defaults={"is_superuser": True})
user.set_password(PASSWORD)
user.save()
print(json.dumps({"csp": bool(getattr(settings, "CONTENT_SECURITY_POLICY", None))}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--settings", default=PRODUCTION, help=f"settings module ({PRODUCTION})")
    parser.add_argument(
        "--database-url", help="use this database (migrated here) instead of a throw-away one"
    )
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args()
    production = args.settings == PRODUCTION
    report = Report()
    workdir = Path(tempfile.mkdtemp(prefix="hearth-prod-check-"))
    server = os.environ.get("CI_POSTGRES_URL", "").rstrip("/")
    pg_name = None
    if args.database_url:
        database_url = args.database_url
    elif server:
        database_url, pg_name = postgres_database(server)
    else:
        database_url = f"sqlite:///{workdir / 'hearth.sqlite3'}"
    env = environment(workdir, database_url, args.settings)
    print(f"{args.settings}, {database_url.split('@')[-1]}, work directory {workdir}")
    process = None
    try:
        if production:
            deploy = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
            report.check(
                "manage.py check --deploy",
                [] if deploy.returncode == 0 else [deploy.stdout + deploy.stderr],
            )
        must(manage("migrate", "--no-input", "--verbosity", "0", env=env), "migrate")
        must(manage("collectstatic", "--no-input", "--verbosity", "0", env=env), "collectstatic")
        password = secrets.token_urlsafe(16)
        probe_code = SETTINGS_PROBE.replace("USERNAME", repr(USERNAME)).replace(
            "PASSWORD", repr(password)
        )
        probe = manage("shell", "-c", probe_code, env=env)
        must(probe, "create the sign-in and read the settings")
        require_csp = json.loads(re.findall(r"^\{.*\}$", probe.stdout, re.MULTILINE)[-1])["csp"]
        port = free_port()
        process = serve(env, port, workdir / "gunicorn.log")
        check_site(
            port,
            report,
            username=USERNAME,
            password=password,
            https=production,
            require_csp=require_csp,
        )
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
        if pg_name:
            subprocess.run(  # noqa: S603
                ["psql", f"{server}/postgres", "-q", "-c", f"DROP DATABASE IF EXISTS {pg_name}"],  # noqa: S607
                check=False,
                capture_output=True,
            )
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    if report.failures:
        print(f"\n{len(report.failures)} check(s) failed: {', '.join(report.failures)}")
        return 1
    print("\nAll checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
