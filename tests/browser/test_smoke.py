"""An employee signs in, sees the start page, searches, and signs out, in real Chromium."""

import pytest

from home.models import StandardPage
from tests.browser.conftest import sign_in, submit_sign_in
from tests.factories import StandardPageFactory, UserFactory, home_page


@pytest.fixture
def published_page(site_data):
    page = StandardPageFactory(
        parent=home_page(), title="Parental leave", listing_summary="Plan your leave."
    )
    page.save_revision().publish(skip_permission_checks=True)
    return StandardPage.objects.get(pk=page.pk)


def test_employee_signs_in_searches_and_signs_out(page, live_server, published_page):
    UserFactory(username="emma", first_name="Emma", last_name="Employee", roles=["Employees"])

    page.goto("/")
    assert "/accounts/login/" in page.url
    submit_sign_in(page, "emma")

    page.get_by_test_id("home-heading").wait_for()
    assert page.url == f"{live_server.url}/"
    assert "Parental leave" in page.get_by_test_id("latest-updates").inner_text()
    assert page.get_by_test_id("user-menu").inner_text().strip() == "Emma Employee"
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").is_visible()

    page.get_by_test_id("search-input").fill("parental")
    page.get_by_test_id("search-input").press("Enter")
    page.get_by_test_id("search-results").wait_for()
    assert "/search/?q=parental" in page.url
    page.get_by_test_id("search-results").get_by_role("link", name="Parental leave").click()
    page.get_by_role("heading", name="Parental leave", level=1).wait_for()

    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("sign-out").click()
    page.get_by_test_id("login-form").wait_for()
    page.goto("/")
    assert "/accounts/login/" in page.url


def test_the_menu_works_on_a_phone(new_browser, published_page):
    UserFactory(username="emma", roles=["Employees"])
    phone = sign_in(new_browser(viewport={"width": 375, "height": 740}, is_mobile=True), "emma")
    nav = phone.get_by_role("navigation", name="Main")
    assert not nav.is_visible()  # folded away behind the menu button
    phone.get_by_test_id("nav-toggle").click()
    assert nav.is_visible()
    assert phone.get_by_test_id("nav-toggle").get_attribute("aria-expanded") == "true"
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
