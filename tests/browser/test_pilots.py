"""An administrator creates a pilot for Sales in real Chromium, sees its progress, downloads
the report as PDF and the PDF (read back with pypdf) holds the targets."""

import io

import pytest
from pypdf import PdfReader

from tests.browser.conftest import sign_in
from tests.factories import DepartmentFactory, UserFactory
from tests.insights.pilots.fixtures import dates, write_ledger


@pytest.fixture
def ledger(site_data):
    DepartmentFactory(name="Sales")
    DepartmentFactory(name="Support")
    UserFactory(username="ada", first_name="Ada", roles=["Administrators", "Employees"])
    return write_ledger()


def test_an_administrator_creates_a_pilot_for_sales_and_downloads_its_report(page, ledger):
    page.set_default_timeout(45_000)  # the report renders a PDF; a busy machine is slow
    sign_in(page, "ada")
    page.goto("/insights/pilots/")
    page.get_by_test_id("pilot-new").click()

    form = page.get_by_test_id("pilot-form")
    form.get_by_label("Name").fill("Sales answers pilot")
    form.get_by_label("Goal").fill("Sales find answers on Hearth.")
    form.get_by_role("group", name="Departments").get_by_label("Sales").check()
    for name, day in dates().items():
        form.locator(f"#id_{name}").fill(day.isoformat())
    first, second = page.get_by_test_id("target-0"), page.get_by_test_id("target-1")
    first.get_by_label("Measure").select_option("active_readers")
    first.get_by_label("Comparison").select_option("gte")
    first.get_by_label("Value").fill("6")
    second.get_by_label("Measure").select_option("comments")
    second.get_by_label("Comparison").select_option("gte")
    second.get_by_label("Value").fill("10")
    page.get_by_test_id("pilot-save").click()

    page.locator("[data-testid=pilot-heading], .field-error, .form-errors").first.wait_for()
    assert page.locator(".field-error, .form-errors").all_inner_texts() == []
    assert page.get_by_test_id("pilot-heading").inner_text() == "Sales answers pilot"
    assert page.get_by_test_id("pilot-score").inner_text() == "1 of 2 targets met."
    targets = page.get_by_test_id("table-targets")
    assert "met" in targets.get_by_role("row", name="Active readers").inner_text()
    assert "missed" in targets.get_by_role("row", name="Comments").inner_text()
    chart = page.get_by_test_id("chart-active_readers")
    assert chart.is_visible()
    assert chart.evaluate("node => node.tagName.toLowerCase()") == "svg"

    with page.expect_download() as download:
        page.get_by_test_id("pilot-pdf").click()
    with open(download.value.path(), "rb") as handle:
        pdf = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(sheet.extract_text() for sheet in pdf.pages)
    assert "Pilot report: Sales answers pilot" in text
    assert "Active readers" in text and "at least (≥) 6" in text
    assert "Comments" in text and "at least (≥) 10" in text
    assert "1 of 2 targets met." in text
