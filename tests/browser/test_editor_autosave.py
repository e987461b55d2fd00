"""One editor alone in Wagtail's editor, in real Chromium, with autosave on (Wagtail's
default): creating a knowledge page autosaves it, the form becomes the page's edit form,
saving a draft and publishing work, and no editing-session ping ever reports "a new
version in another window" (a revision the editor's own tab does not know about: what a
Hearth signal that wrote revisions behind the editor's back would cause)."""

import json

import pytest

from knowledge.models import KnowledgePage
from tests.browser.conftest import sign_in
from tests.factories import UserFactory, knowledge_space


@pytest.fixture
def space(site_data, settings):
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 1000
    return knowledge_space(owner=UserFactory(username="eddie", roles=["Employees", "Editors"]))


def _type_title(page, text):
    """As a person types: key by key, then on to the next field (Wagtail fills the slug
    from the title on these events)."""
    title = page.locator("#id_title")
    title.focus()
    title.press("End")
    title.press_sequentially(text)
    page.keyboard.press("Tab")


def _wait_until(page, condition, seconds=15):
    for _ in range(seconds * 4):
        if condition():
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"still at {page.url}")


def test_an_editor_alone_autosaves_saves_and_publishes_without_conflicts(page, space):
    pings, autosaves = [], []

    def listen(response):
        if "/editing-sessions/ping/" in response.url:
            pings.append(json.loads(response.text()))
        elif response.request.method == "POST" and "json" in response.request.headers.get(
            "accept", ""
        ):
            autosaves.append(response.status)

    sign_in(page, "eddie")
    page.on("response", listen)
    page.goto(f"/admin/pages/add/knowledge/knowledgepage/{space.pk}/")
    _type_title(page, "Expense claims")
    page.wait_for_timeout(2000)
    page.locator("#id_listing_summary").press_sequentially("How to claim expenses.")
    # Autosave creates the page; the form then becomes its edit form.
    _wait_until(page, lambda: "/edit/" in page.url)
    assert autosaves and set(autosaves) == {200}
    created = KnowledgePage.objects.get(title="Expense claims")
    assert created.slug == "expense-claims"

    _type_title(page, " and refunds")
    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()
    assert page.locator(".error-message").count() == 0
    assert page.get_by_text("already in use").count() == 0

    page.locator("footer [data-w-dropdown-target='toggle']").last.click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_url(f"**/admin/pages/{space.pk}/")
    assert KnowledgePage.objects.filter(title__startswith="Expense claims").count() == 1
    published = KnowledgePage.objects.get(pk=created.pk)
    assert published.live

    page.goto(f"/admin/pages/{created.pk}/edit/")
    _type_title(page, " (2027)")
    page.wait_for_timeout(3000)  # an autosave and a few pings
    assert pings, "the editor never pinged its editing session"
    conflicts = [other for ping in pings for other in ping.get("other_sessions", [])]
    assert conflicts == [], conflicts
    assert page.get_by_text("saved a new version in another window").count() == 0
