"""An editorial workflow in real Chromium: an editor submits a change to a vision
statement in Wagtail's editor, a reviewer ticks the checklist and approves (both steps:
communications review, then executive sign-off), and the change is live."""

import pytest

from brand.models import StatementPage
from tests.brand.factories_vision import StatementPageFactory, VisionHubPageFactory
from tests.browser.conftest import sign_in, sign_in_in_a_new_tab
from tests.factories import UserFactory, home_page, publish


@pytest.fixture
def statement(site_data):
    UserFactory(username="eddie", roles=["Employees", "Editors"])
    UserFactory(username="cora", roles=["Employees", "Communications", "Executives"])
    hub = VisionHubPageFactory(parent=home_page())
    statement = StatementPageFactory(
        parent=hub, title="Customers first", statement="We listen to customers."
    )
    publish(statement)
    return statement


def _more_actions(page):
    page.locator("footer [data-w-dropdown-target='toggle']").last.click()


def _approve_with_ticks(page, items, explorer_url):
    _more_actions(page)
    page.locator("button[data-workflow-action-name='approve']").click()
    modal = page.locator(".modal-content")
    modal.get_by_role("button", name="Approve").click()
    modal.get_by_text("Tick every item of the checklist before approving.").wait_for()
    for item in items:
        modal.get_by_label(item).check()
    modal.get_by_role("button", name="Approve").click()
    # Wagtail acts, then goes back to the listing of the page's parent.
    page.wait_for_url(f"**{explorer_url}")


def test_editor_submits_reviewer_ticks_and_approves_page_goes_live(page, new_browser, statement):
    edit_url = f"/admin/pages/{statement.pk}/edit/"
    explorer_url = f"/admin/pages/{statement.get_parent().pk}/"

    editor = sign_in_in_a_new_tab(page.context, "eddie")
    editor.goto(edit_url)
    editor.locator("#id_statement").fill("We listen to customers, then act.")
    _more_actions(editor)
    editor.locator("button[name='action-submit']").click()
    editor.get_by_text("has been submitted for moderation").first.wait_for()
    assert StatementPage.objects.get(pk=statement.pk).statement == "We listen to customers."

    # A reader sees that an update is under review, not what it says.
    editor.goto(statement.url)
    editor.get_by_test_id("review-banner").wait_for()

    reviewer = sign_in(new_browser(), "cora")
    reviewer.goto(edit_url)
    _approve_with_ticks(
        reviewer, ["Accurate", "On-brand tone", "No personal data", "Legal checked"], explorer_url
    )
    reviewer.goto(edit_url)
    _approve_with_ticks(
        reviewer,
        ["Consistent with our strategy", "Ready to be shown to every employee"],
        explorer_url,
    )

    reviewer.goto(statement.url)
    reviewer.get_by_text("We listen to customers, then act.").first.wait_for()
    assert reviewer.get_by_test_id("review-banner").count() == 0
