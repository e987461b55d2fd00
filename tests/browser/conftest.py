"""Browser tests: Playwright driving Debian's Chromium against a live test server.

Never downloads a browser. Skips with a reason where /usr/bin/chromium is missing, unless
HEARTH_REQUIRE_BROWSER is set (CI sets it), where a missing browser fails the run.
"""

import contextlib
import importlib
import os
import shutil

import pytest
from django.apps import apps
from playwright.sync_api import Error as PlaywrightError
from wagtail.models import Collection, Locale, Page

from core.roles import ensure_roles
from core.security import csp_violation_reported
from core.workflows import ensure_default_workflows
from home.models import HomePage
from tests.factories import PASSWORD

CHROMIUM = os.environ.get("HEARTH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        if os.environ.get("HEARTH_REQUIRE_BROWSER"):
            pytest.fail(f"HEARTH_REQUIRE_BROWSER is set but there is no Chromium at {CHROMIUM}")
        pytest.skip(f"No Chromium at {CHROMIUM}: install Debian's chromium to run browser tests")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    # make to set up data are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def site_data(transactional_db):
    """Browser tests are transactional (the live server reads committed data), and the
    database is emptied after each one, rows made by data migrations included. Rebuild
    what those migrations make: the tree's root, the home page and site, the roles."""
    if HomePage.objects.exists():
        return
    Locale.objects.get_or_create(language_code="en")
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(title="Root", slug="root")
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
    create_homepage = importlib.import_module("home.migrations.0002_create_homepage")
    create_homepage.create_homepage(apps, None)
    ensure_roles(apps)
    ensure_default_workflows()


DESKTOP = {"width": 1280, "height": 800}

# In every page and frame, before its own scripts: pass each thing the content security
# policy blocked to the test (the binding below).
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__hearthCspViolation({
    page: event.documentURI,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile + ":" + event.lineNumber,
    sample: event.sample,
  });
});
"""


@pytest.fixture
def csp_violations():
    """What the content security policy blocked during the test: violations the pages'
    `securitypolicyviolation` events saw, and reports the live server's /csp-report got.
    new_browser fails the test on any left here at its end; a test that provokes one on
    purpose clears the list."""
    found = []

    def reported(sender, report, **kwargs):
        found.append({"report": report})

    csp_violation_reported.connect(reported, dispatch_uid="browser-tests")
    yield found
    csp_violation_reported.disconnect(dispatch_uid="browser-tests")


def check_no_csp_violations(violations):
    if violations:
        listed = "\n".join(f"  {violation}" for violation in violations)
        pytest.fail(f"The content security policy blocked something:\n{listed}", pytrace=False)


@pytest.fixture
def new_browser(browser, live_server, site_data, csp_violations):
    """new_browser(**options) -> a tab in a browser of its own (its own cookies, so its own
    person), with Playwright's context `options` (viewport, has_touch, is_mobile...); every
    one is closed after the test, which fails if the content security policy blocked
    anything in any of them (csp_violations)."""
    contexts = []

    def new(**options):
        options.setdefault("viewport", DESKTOP)
        context = browser.new_context(base_url=live_server.url, **options)
        context.expose_binding(
            "__hearthCspViolation", lambda source, violation: csp_violations.append(violation)
        )
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        contexts.append(context)
        return new_tab(context)

    yield new
    for context in contexts:
        for tab in context.pages:
            # Delivers the violations still on their way; a tab may have closed or crashed.
            with contextlib.suppress(PlaywrightError):
                tab.evaluate("0")
        context.close()
    check_no_csp_violations(csp_violations)


@pytest.fixture
def page(new_browser):
    return new_browser()


def new_tab(context):
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    return tab


def submit_sign_in(page, username, password=PASSWORD):
    """Fill in and send the sign-in form `page` shows."""
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(password)
    page.get_by_test_id("login-submit").click()


def sign_in(page, username):
    """Sign `page` in as `username` through the sign-in page; returns it at the start page."""
    page.goto("/accounts/login/")
    submit_sign_in(page, username)
    page.get_by_test_id("home-heading").wait_for()
    return page


def open_as(page, username, url):
    """`page` signed in as `username`, showing `url`."""
    sign_in(page, username)
    page.goto(url)
    return page


def sign_in_in_a_new_tab(context, username):
    """A new tab of `context`, signed in as `username` through the sign-in page."""
    return sign_in(new_tab(context), username)
