"""The content security policy and the other security headers, on the front end and in
the admin (core/security.py, settings CONTENT_SECURITY_POLICY)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import KnowledgePageFactory, UserFactory, knowledge_space

TEMPLATE_DIRS = [
    Path(settings.BASE_DIR) / "templates",
    *Path(settings.BASE_DIR).glob("*/templates"),
]
# E-mails and PDF sources are not web pages: mail clients and the PDF renderer (WeasyPrint,
# in the server) need their styles inline, and no browser or CSP ever sees them. A PDF
# source is named `*_pdf.html` and rendered only by the code that makes the PDF.
EMAIL_TEMPLATE = re.compile(r"/email/|_pdf\.html$")
TEMPLATE_COMMENT = re.compile(r"{#.*?#}|{% comment %}.*?{% endcomment %}", re.DOTALL)


def policy_of(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.fixture
def pages(home):
    space = knowledge_space()
    article = KnowledgePageFactory(parent=space, title="Expenses")
    return space, article


@pytest.fixture
def superuser_client(signed_in, db):
    return signed_in(UserFactory(username="root", is_superuser=True, is_staff=True))


FRONT_END = [
    "/",
    "/search/?q=expenses",
    "/updates/",
    "/people/",
    "/community/notifications/",
    "/no-such-page/",
]
ADMIN = ["/admin/", "/admin/pages/", "/admin/images/", "/admin/documents/", "/admin/users/"]


def test_front_end_pages_forbid_inline_scripts_and_foreign_sources(superuser_client, pages):
    space, article = pages
    for url in [*FRONT_END, space.url, article.url]:
        response = superuser_client.get(url)
        assert response["Content-Type"].startswith("text/html"), url
        policy = policy_of(response)
        assert policy["script-src"] == ["'self'"], url
        assert policy["default-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"], url
        assert policy["base-uri"] == ["'self'"], url
        assert policy["form-action"] == ["'self'"], url
        assert policy["frame-ancestors"] == ["'self'"], url
        assert policy["img-src"] == ["'self'", "data:"], url
        assert policy["report-uri"] == ["/csp-report"], url
        # Styles: Hearth's own files, and the brand's <style> by this response's nonce.
        assert policy["style-src"][0] == "'self'", url
        assert "'unsafe-inline'" not in policy["style-src"], url
        nonce = policy["style-src"][1].removeprefix("'nonce-").removesuffix("'")
        assert f'<style nonce="{nonce}">' in response.content.decode(), url


def test_the_sign_in_page_carries_the_policy_for_everyone(db, home):
    response = Client().get("/accounts/login/")
    assert response.status_code == 200
    assert policy_of(response)["script-src"] == ["'self'"]


def test_each_response_has_its_own_nonce(employee_client, home):
    first = policy_of(employee_client.get("/"))["style-src"]
    second = policy_of(employee_client.get("/"))["style-src"]
    assert first != second


def test_the_admin_allows_inline_scripts_and_styles_and_nothing_else_more(superuser_client, pages):
    """Wagtail 8's own admin templates still write inline <script>s (date pickers,
    InlinePanel, choosers): the admin, and only it, gets 'unsafe-inline'."""
    space, article = pages
    for url in [*ADMIN, f"/admin/pages/{article.pk}/edit/", f"/admin/pages/{space.pk}/"]:
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        policy = policy_of(response)
        assert policy["script-src"] == ["'self'", "'unsafe-inline'"], url
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"], url
        assert policy["object-src"] == ["'none'"], url
        assert policy["frame-ancestors"] == ["'self'"], url
        assert policy["default-src"] == ["'self'"], url
        assert "'unsafe-eval'" not in response["Content-Security-Policy"], url


def test_the_other_security_headers(employee_client, home):
    response = employee_client.get("/")
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


def test_no_page_template_has_inline_script_or_style():
    """Every inline script and style moved to static files; the brand's theme <style>,
    which carries the nonce, is the one exception."""
    inline = re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>"
        r"|<style(?![^>]*\bnonce=)[^>]*>"
        r"|\sstyle=\"|\son[a-z]+=\"|javascript:|hx-on",
        re.IGNORECASE,
    )
    found = []
    for directory in TEMPLATE_DIRS:
        for template in directory.rglob("*.html"):
            if EMAIL_TEMPLATE.search(template.as_posix()):
                continue
            source = TEMPLATE_COMMENT.sub("", template.read_text())
            for match in inline.finditer(source):
                found.append(f"{template.relative_to(settings.BASE_DIR)}: {match.group(0)}")
    assert found == []
