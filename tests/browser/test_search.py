"""Search in real Chromium: header suggestions driven by the keyboard, and a faceted search."""

import pytest

from tests.browser.conftest import sign_in
from tests.factories import (
    KnowledgePageFactory,
    StandardPageFactory,
    UserFactory,
    home_page,
    knowledge_space,
    publish,
)


@pytest.fixture
def laptops(site_data):
    UserFactory(username="emma", first_name="Emma", roles=["Employees"])
    space = knowledge_space("IT Help")
    publish(space)
    for title in ("Laptop replacement", "Laptop bag policy"):
        publish(KnowledgePageFactory(parent=space, title=title))
    publish(StandardPageFactory(parent=home_page(), title="Laptop stickers"))


def test_autocomplete_suggests_and_the_keyboard_chooses(page, laptops):
    sign_in(page, "emma")
    box = page.get_by_test_id("search-input")
    box.click()
    box.press_sequentially("lapt", delay=40)
    options = page.get_by_test_id("autocomplete-option")
    options.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert options.count() == 3

    box.press("ArrowDown")
    box.press("ArrowDown")
    second = options.nth(1)
    assert second.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == second.get_attribute("id")
    assert box.evaluate("element => document.activeElement === element")
    chosen = second.locator(".autocomplete__label").inner_text()

    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.press("ArrowDown")
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url(lambda url: "/search/" not in url and url.rstrip("/").count("/") >= 3)
    assert page.locator("h1").first.inner_text() == chosen


def test_autocomplete_works_on_a_phone(new_browser, laptops):
    page = sign_in(new_browser(viewport={"width": 375, "height": 740}, has_touch=True), "emma")
    box = page.get_by_test_id("search-input")
    box.tap()
    box.press_sequentially("sticker", delay=40)
    option = page.get_by_test_id("autocomplete-option").first
    option.wait_for()
    assert option.bounding_box()["width"] <= 375
    option.tap()
    page.wait_for_url("**/laptop-stickers/")


def test_a_facet_narrows_the_results(page, laptops):
    sign_in(page, "emma")
    page.get_by_test_id("search-input").fill("laptop")
    page.get_by_test_id("search-submit").click()
    page.get_by_test_id("search-results").wait_for()
    assert page.get_by_test_id("search-result").count() == 3
    page.get_by_test_id("facet-type-knowledge.knowledgepage").click()
    page.get_by_test_id("search-summary").get_by_text("2 results").wait_for()
    titles = page.get_by_test_id("search-result").locator(".card__title").all_inner_texts()
    assert sorted(titles) == ["Laptop bag policy", "Laptop replacement"]
    # The chosen filter is marked and removes itself when chosen again.
    chosen = page.get_by_test_id("facet-type-knowledge.knowledgepage")
    assert chosen.get_attribute("aria-current") == "true"
    chosen.click()
    page.get_by_test_id("search-summary").get_by_text("3 results").wait_for()
