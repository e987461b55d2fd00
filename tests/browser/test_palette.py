"""The command palette in real Chromium: Ctrl-K opens it (a modal dialog, focus in its
box), typing finds a page that Enter opens; an action is chosen with the arrow keys;
Escape closes it and gives focus back."""

import pytest

from tests.browser.conftest import sign_in
from tests.factories import KnowledgePageFactory, UserFactory, knowledge_space, publish


@pytest.fixture
def laptops(site_data):
    UserFactory(username="emma", first_name="Emma", roles=["Employees"])
    UserFactory(username="rosa", first_name="Rosa", last_name="Costa", roles=["Employees"])
    space = knowledge_space("IT Help")
    publish(space)
    publish(KnowledgePageFactory(parent=space, title="Laptop replacement"))
    return space


def open_palette(page):
    page.locator("body").press("Control+k")
    dialog = page.get_by_test_id("palette")
    dialog.wait_for(state="visible")
    box = page.get_by_test_id("palette-input")
    assert box.evaluate("element => document.activeElement === element")
    assert dialog.evaluate("element => element.open && element.matches(':modal')")
    return box


def test_ctrl_k_finds_a_page_and_enter_opens_it(page, laptops):
    sign_in(page, "emma")
    box = open_palette(page)
    box.press_sequentially("laptop repl", delay=30)
    option = page.locator('[data-testid="palette-option"][data-kind="page"]').first
    option.wait_for()
    assert option.locator(".palette__label").inner_text() == "Laptop replacement"
    while option.get_attribute("aria-selected") != "true":
        box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == option.get_attribute("id")
    assert "result" in page.locator("#command-palette-status").inner_text()
    box.press("Enter")
    page.wait_for_url("**/laptop-replacement/")
    assert page.locator("h1").first.inner_text() == "Laptop replacement"


def test_an_action_is_chosen_from_the_keyboard_and_escape_closes(page, laptops):
    sign_in(page, "emma")
    box = open_palette(page)
    box.press("Escape")
    page.get_by_test_id("palette").wait_for(state="hidden")
    assert page.get_by_test_id("palette-open").evaluate(
        "element => document.activeElement === element"
    )
    box = open_palette(page)
    # Before anything is typed the palette lists the first actions; typing narrows them.
    page.locator('[data-testid="palette-option"][data-kind="action"]').first.wait_for()
    box.press_sequentially("kudos", delay=30)
    action = page.locator(
        '[data-testid="palette-option"][data-kind="action"][aria-selected="true"]',
        has_text="Give kudos",
    )
    action.wait_for()
    assert page.locator('[data-testid="palette-option"][data-kind="action"]').count() == 1
    box.press("Tab")  # focus stays in the dialog's box
    assert box.evaluate("element => document.activeElement === element")
    box.press("Enter")
    page.wait_for_url("**/people/recognition/kudos/new/")
    # The kudos form's person picker: type a name, choose with the keyboard.
    to = page.locator("#id_to")
    to.press_sequentially("ros", delay=30)
    page.get_by_test_id("picker-option").first.wait_for()
    to.press("ArrowDown")
    to.press("Enter")
    assert to.input_value() == "rosa"
