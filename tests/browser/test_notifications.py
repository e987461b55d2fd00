"""Notifications in real Chromium: a reply raises the header count without a reload, and
"mark all as read" in the notification centre brings it back to zero."""

import pytest

from community.comments.services import post_comment
from tests.browser.conftest import sign_in
from tests.factories import KnowledgePageFactory, UserFactory, knowledge_space, publish


@pytest.fixture
def discussed_page(site_data, settings):
    # The header polls for its count; a short interval keeps the test quick.
    settings.HEARTH_NOTIFICATION_POLL_SECONDS = 1
    owner = UserFactory(username="olga", first_name="Olga", roles=["Employees"])
    employee = UserFactory(username="emma", first_name="Emma", roles=["Employees"])
    space = knowledge_space("Operations")
    page = KnowledgePageFactory(parent=space, title="Expense policy", content_owner=owner)
    publish(page, owner, change_note="First version")
    comment = post_comment(employee, page, "Can I take a taxi after 10pm?")
    return owner, page, comment


def test_a_reply_shows_in_the_header_then_mark_all_read(page, discussed_page):
    owner, knowledge_page, comment = discussed_page
    sign_in(page, "emma")
    count = page.get_by_test_id("notification-count")
    assert count.get_attribute("data-count") == "0"
    assert "0 unread notifications" in page.get_by_test_id("notifications-link").inner_text()
    page.evaluate("window.__noReload = true")

    post_comment(owner, knowledge_page, "Yes, keep the receipt.", parent=comment)

    page.wait_for_selector('[data-testid="notification-count"][data-count="1"]')
    assert page.evaluate("window.__noReload") is True  # updated in place, not reloaded
    assert count.is_visible()
    assert "1 unread notification" in page.get_by_test_id("notifications-link").inner_text()

    page.get_by_test_id("notifications-link").click()
    item = page.get_by_test_id("notification")
    item.wait_for()
    assert "replied to you on" in item.inner_text()
    assert "Expense policy" in item.inner_text()

    page.get_by_test_id("mark-all-read").click()
    page.wait_for_selector('[data-testid="notification-count"][data-count="0"]', state="attached")
    assert not page.get_by_test_id("notification-count").is_visible()
    assert page.locator(".notification--unread").count() == 0
