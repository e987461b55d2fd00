"""A sponsor opens the insights dashboard from the navigation, changes the period and
reads a chart's figures as a table, in real Chromium (no CSP violation, no sideways
scrolling on a phone)."""

from datetime import timedelta

from django.utils import timezone

from insights import rollups
from insights.models import Verb
from tests.browser.conftest import sign_in
from tests.factories import UserFactory
from tests.insights.ledger_rows import row, write


def _activity():
    """Six people of Sales commented yesterday; two of Legal, a week ago."""
    yesterday = timezone.localdate() - timedelta(days=1)
    sales = [UserFactory(username=f"sales{n}", roles=["Employees"]) for n in range(6)]
    legal = [UserFactory(username=f"legal{n}", roles=["Employees"]) for n in range(2)]
    write(
        [row(person, Verb.COMMENTED, yesterday, "Sales", "ic", "Berlin") for person in sales]
        + [
            row(person, Verb.COMMENTED, yesterday - timedelta(days=7), "Legal", "ic", "Berlin")
            for person in legal
        ]
    )
    rollups.build_days(yesterday - timedelta(days=400), yesterday)


def test_a_sponsor_reads_the_dashboard(new_browser, site_data, settings):
    settings.HEARTH_FEEDBACK_MIN_GROUP = 3
    _activity()
    UserFactory(username="sam", roles=["Employees", "Sponsors"])
    page = sign_in(new_browser(), "sam")

    page.get_by_test_id("nav-insights").click()
    page.get_by_test_id("section-adoption").wait_for()
    assert page.get_by_role("heading", name="Insights", level=1).is_visible()
    assert page.get_by_test_id("current-comments").inner_text().strip() == "8"

    page.get_by_test_id("period-preset").select_option("year")
    page.get_by_test_id("period-submit").click()
    page.wait_for_url("**/insights/?preset=year*")
    page.get_by_test_id("section-engagement").wait_for()

    table = page.get_by_test_id("slices-comments")
    assert not table.is_visible()  # folded away under the chart
    page.get_by_test_id("slices-table-toggle-comments").click()
    assert table.is_visible()
    text = table.inner_text()
    assert "Sales" in text and "Legal" in text
    assert "fewer than 3" in text  # Legal's two people, never the number
    assert page.get_by_role("img", name="Comments, week by week").is_visible()


def test_the_dashboard_fits_a_phone(new_browser, site_data):
    UserFactory(username="sam", roles=["Employees", "Sponsors"])
    phone = sign_in(new_browser(viewport={"width": 375, "height": 740}, is_mobile=True), "sam")
    phone.goto("/insights/")
    phone.get_by_test_id("section-adoption").wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_employee_is_told_no(new_browser, site_data):
    UserFactory(username="emma", roles=["Employees"])
    page = sign_in(new_browser(), "emma")
    assert page.get_by_test_id("nav-insights").count() == 0
    response = page.goto("/insights/")
    assert response.status == 403
    assert page.get_by_role("heading", name="You don't have access to this").is_visible()
    assert "sponsors" in page.get_by_test_id("refused").inner_text()
