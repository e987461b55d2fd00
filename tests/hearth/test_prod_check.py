"""`make prod-check` and `make run`: what a person meets is what production serves.

The header and debug-page checks (hearth/prod_check.py) are tested on their own, then
against the production settings through Django's test client, then for real: gunicorn
serving `hearth.settings.local` (make run) and `hearth.settings.production` (make
prod-check) on one migrated SQLite database.
"""

import json
import subprocess

import pytest
from django.http import Http404
from django.test import Client, override_settings
from django.urls import get_resolver
from django.views.debug import technical_404_response

from core import views as core_views
from hearth.prod_check import debug_page_problems, header_problems
from tests.factories import UserFactory
from tests.hearth.processes import PRODUCTION, environment, run

GOOD = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "SAMEORIGIN",
}


def test_complete_headers_pass():
    assert header_problems(GOOD) == []
    assert header_problems({**GOOD, "Permissions-Policy": "camera=(), geolocation=(self)"}) == []
    csp = "default-src 'self'; script-src 'self'; frame-ancestors 'self'"
    assert header_problems({**GOOD, "Content-Security-Policy": csp}, require_csp=True) == []


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("Strict-Transport-Security", None, "Strict-Transport-Security is missing"),
        ("Strict-Transport-Security", "max-age=60", "max-age is below"),
        ("X-Content-Type-Options", None, "X-Content-Type-Options is not nosniff"),
        ("Referrer-Policy", None, "Referrer-Policy is missing"),
        ("Referrer-Policy", "unsafe-url", "leaks full addresses"),
        ("X-Frame-Options", None, "X-Frame-Options is not DENY or SAMEORIGIN"),
        ("Permissions-Policy", "camera", "Permissions-Policy is malformed"),
        ("Content-Security-Policy", "script-src 'self' 'unsafe-inline'", "inline or eval"),
        ("Content-Security-Policy", "img-src 'self'", "neither default-src nor script-src"),
    ],
)
def test_each_weak_header_is_named(name, value, problem):
    headers = {k: v for k, v in GOOD.items() if k != name}
    if value is not None:
        headers[name] = value
    problems = header_problems(headers)
    assert len(problems) == 1
    assert problem in problems[0]


def test_a_declared_policy_must_be_sent():
    assert header_problems(GOOD, require_csp=True) == ["Content-Security-Policy is missing"]


def test_django_debug_pages_are_recognised(rf):
    request = rf.get("/pages/no-such-page/")
    technical_404 = technical_404_response(request, Http404("no such page")).content.decode()
    assert debug_page_problems(technical_404)
    assert debug_page_problems("<html><h1>We can't find that page</h1></html>") == []


PROBE = """
import json
from django.test import Client
from hearth.prod_check import header_problems
client = Client()
secure = client.get("/healthz/live", secure=True)
plain = client.get("/accounts/login/")
print(json.dumps({
    "problems": header_problems(secure, require_csp=False),
    "plain": [plain.status_code, plain.get("Location", "")],
}))
"""


def test_production_settings_send_the_security_headers():
    env = environment(**PRODUCTION, LOG_FORMAT="text", REQUEST_LOG_LEVEL="WARNING")
    result = run("manage.py", "shell", "-c", PROBE, env=env)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["problems"] == []
    status, location = answer["plain"]
    assert status == 301
    assert location.startswith("https://testserver/")


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory):
    """One migrated SQLite file for both servers (migrating is the slow part)."""
    path = tmp_path_factory.mktemp("served") / "hearth.sqlite3"
    url = f"sqlite:///{path}"
    env = environment(DJANGO_SETTINGS_MODULE="hearth.settings.local", DATABASE_URL=url)
    result = run("manage.py", "migrate", "--no-input", "--verbosity", "0", env=env, timeout=900)
    assert result.returncode == 0, result.stderr
    return url


def _prod_check(*args: str) -> subprocess.CompletedProcess[str]:
    return run("scripts/prod_check.py", *args, env=environment(), timeout=900)


def test_make_run_serves_hearth_pages_never_a_debug_page(migrated_database):
    result = _prod_check("--settings", "hearth.settings.local", "--database-url", migrated_database)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok    /no-such-page/ is Hearth's 404, no debug page" in result.stdout
    assert "ok    /static/..%2f..%2fhearth%2fsettings%2fbase.py is Hearth's 404" in result.stdout
    assert "ok    static files are served" in result.stdout


def test_prod_check_passes_on_the_production_settings(migrated_database):
    result = _prod_check("--database-url", migrated_database)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok    manage.py check --deploy" in result.stdout
    assert "ok    security headers on the sign-in page" in result.stdout
    assert "ok    plain HTTP is redirected to HTTPS" in result.stdout


def test_the_site_answers_a_server_error_with_hearths_handler():
    """Django's own handler would render templates/500.html too, so only this tells that
    the site's URLconf names Hearth's (which renders without the request's context)."""
    assert get_resolver("hearth.urls").resolve_error_handler(500) is core_views.server_error


@override_settings(ROOT_URLCONF="tests.hearth.broken_urls", DEBUG=False)
def test_a_server_error_is_hearths_500_page(db):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    response = client.get("/broken/")
    assert response.status_code == 500
    body = response.content.decode()
    # What only templates/500.html draws: Django's fallback is a bare "Server Error (500)".
    assert "<title>Something went wrong</title>" in body
    assert '<link rel="stylesheet" href="/static/hearth/css/error.css">' in body
    assert "<h1>Something went wrong on our side</h1>" in body
    assert '<a href="/">Back to the start page</a>' in body
    assert debug_page_problems(body) == []
    assert "a bug, for the test" not in body
