"""Browser tests: Playwright driving Debian's Chromium against a live test server.

Never downloads a browser. Skips with a reason where /usr/bin/chromium is missing, unless
HEARTH_REQUIRE_BROWSER is set (CI sets it), where a missing browser fails the run.
"""

import importlib
import os
import shutil

import pytest

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
    from django.apps import apps
    from wagtail.models import Collection, Locale, Page

    from core.roles import ensure_roles
    from home.models import HomePage

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
    from core.workflows import ensure_default_workflows

    ensure_default_workflows()


@pytest.fixture
def page(browser, live_server, site_data):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def sign_in_in_a_new_tab(context, username):
    """A new tab of `context`, signed in as `username` through the sign-in page."""
    from tests.factories import PASSWORD

    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/accounts/login/")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id("home-heading").wait_for()
    return page
