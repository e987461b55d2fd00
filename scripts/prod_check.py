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

Prints one line per check and exits 1 if any failed. Usage: scripts/prod_check.py [--keep]
"""

import argparse
import http.client
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
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from hearth.prod_check import debug_page_problems, header_problems

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
STARTUP_TIMEOUT_S = 90
USERNAME = "prod-check"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Report:
    failures: list[str] = field(default_factory=list)

    def check(self, name: str, problems: list[str]) -> None:
        if problems:
            self.failures.append(name)
            print(f"FAIL  {name}")
            for problem in problems:
                print(f"        {problem}")
        else:
            print(f"ok    {name}")


class _CsrfInputParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.token: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "input" and values.get("name") == "csrfmiddlewaretoken":
            self.token = values.get("value")


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str


class Browser:
    """HTTP to the local gunicorn as a TLS proxy would forward it, keeping cookies."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, *, https: bool = True, form: dict[str, str] | None = None
    ) -> Answer:
        headers = {"Host": f"{HOST}:{self.port}"}
        if https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = "&".join(f"{k}={v}" for k, v in form.items())
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            origin = f"https://{HOST}:{self.port}"
            headers.update(Origin=origin, Referer=f"{origin}{path}")
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    cookie_name, _, rest = value.partition("=")
                    self.cookies[cookie_name] = rest.split(";", 1)[0]
            return Answer(response.status, dict(response.getheaders()), text)
        finally:
            conn.close()


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


def environment(workdir: Path, database_url: str) -> dict[str, str]:
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "SENTRY_", "PROMETHEUS_", "AWS_"))
        and key not in {"DEBUG", "DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "TASKS_BACKEND"}
    }
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "hearth.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "SECURE_PROXY_SSL_HEADER": "true",
        "EMAIL_URL": "consolemail://",
        "LOG_FORMAT": "json",
        "DJANGO_SUPERUSER_PASSWORD": secrets.token_urlsafe(16),
    }


def serve(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "gunicorn", "hearth.wsgi", "--bind", f"{HOST}:{port}"]
    command += ["--workers", "2", "--threads", "2"]
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


def check_site(port: int, env: dict[str, str], report: Report, require_csp: bool) -> None:
    browser = Browser(port)
    login = browser.request("GET", "/accounts/login/")
    report.check("sign-in page answers 200", [] if login.status == 200 else [str(login.status)])
    report.check(
        "security headers on the sign-in page",
        header_problems(login.headers, require_csp=require_csp),
    )
    cookies = [v for k, v in login.headers.items() if k.lower() == "set-cookie"]
    report.check(
        "cookies are Secure",
        [f"not Secure: {c.split(';')[0]}" for c in cookies if "secure" not in c.lower()],
    )
    plain = browser.request("GET", "/accounts/login/", https=False)
    report.check(
        "plain HTTP is redirected to HTTPS",
        []
        if plain.status == 301 and plain.headers.get("Location", "").startswith("https://")
        else [f"{plain.status} {plain.headers.get('Location')}"],
    )
    for path in ("/healthz", "/healthz/live"):
        answer = browser.request("GET", path, https=False)
        report.check(
            f"{path} answers 200 over plain HTTP",
            [] if answer.status == 200 else [f"{answer.status} {answer.body[:200]}"],
        )
    ready = browser.request("GET", "/healthz")
    report.check(
        "security headers on /healthz", header_problems(ready.headers, require_csp=require_csp)
    )

    parser = _CsrfInputParser()
    parser.feed(login.body)
    signed_in = browser.request(
        "POST",
        "/accounts/login/",
        form={
            "csrfmiddlewaretoken": parser.token or "",
            "username": USERNAME,
            "password": env["DJANGO_SUPERUSER_PASSWORD"],
        },
    )
    report.check(
        "sign-in works over HTTPS", [] if signed_in.status == 302 else [str(signed_in.status)]
    )
    for path in ("/no-such-page/", "/static/..%2f..%2fhearth%2fsettings%2fbase.py"):
        answer = browser.request("GET", path)
        problems = debug_page_problems(answer.body)
        if answer.status != 404:
            problems.append(f"answered {answer.status}, not 404")
        if "<html" not in answer.body:
            problems.append("not Hearth's 404 page")
        report.check(f"{path} is Hearth's 404, no debug page", problems)
        report.check(
            f"security headers on {path}", header_problems(answer.headers, require_csp=require_csp)
        )
    static = browser.request("GET", "/static/hearth/css/hearth.css")
    report.check("static files are served", [] if static.status == 200 else [str(static.status)])


SETTINGS_PROBE = """
import json
from django.conf import settings
print(json.dumps({"csp": bool(getattr(settings, "CONTENT_SECURITY_POLICY", None))}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args()
    report = Report()
    workdir = Path(tempfile.mkdtemp(prefix="hearth-prod-check-"))
    server = os.environ.get("CI_POSTGRES_URL", "").rstrip("/")
    pg_name = None
    if server:
        database_url, pg_name = postgres_database(server)
    else:
        database_url = f"sqlite:///{workdir / 'hearth.sqlite3'}"
    env = environment(workdir, database_url)
    print(f"Production settings, {database_url.split('@')[-1]}, work directory {workdir}")
    process = None
    try:
        deploy = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
        report.check(
            "manage.py check --deploy",
            [] if deploy.returncode == 0 else [deploy.stdout + deploy.stderr],
        )
        must(manage("migrate", "--no-input", env=env), "migrate")
        must(manage("collectstatic", "--no-input", "--verbosity", "0", env=env), "collectstatic")
        must(
            manage(
                "createsuperuser",
                "--no-input",
                "--username",
                USERNAME,
                "--email",
                "prod-check@example.com",
                env=env,
            ),
            "createsuperuser",
        )
        probe = manage("shell", "-c", SETTINGS_PROBE, env=env)
        must(probe, "read the settings")
        require_csp = json.loads(re.findall(r"^\{.*\}$", probe.stdout, re.MULTILINE)[-1])["csp"]
        port = free_port()
        process = serve(env, port, workdir / "gunicorn.log")
        check_site(port, env, report, require_csp)
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
    print("\nAll production checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
