"""The discussion in real Chromium: a reply appears in place (no reload), a reaction counts,
and @mention autocomplete works from the keyboard."""

import pytest
from wagtail.rich_text import RichText

from community.comments.services import THREADS_PER_PAGE
from community.models import Comment, Reaction
from tests.browser.conftest import open_as
from tests.community.factories import CommentFactory
from tests.factories import KnowledgePageFactory, UserFactory, knowledge_space, publish


@pytest.fixture
def discussed_page(site_data):
    owner = UserFactory(username="oona", first_name="Oona", last_name="Owner", roles=["Employees"])
    UserFactory(username="emma", first_name="Emma", last_name="Stone", roles=["Employees"])
    sam = UserFactory(username="sam", first_name="Sam", last_name="Lee", roles=["Employees"])
    space = knowledge_space("IT Help", owner)
    page = KnowledgePageFactory(parent=space, title="Reset your VPN token", content_owner=owner)
    publish(page, owner, body=[("paragraph", RichText("<p>Have your phone ready.</p>"))])
    comment = CommentFactory(page=page, author=sam, body="Does this work on Linux?")
    return page, comment


def test_a_reply_appears_without_reload_and_a_reaction_counts(page, discussed_page):
    vpn, question = discussed_page
    open_as(page, "emma", vpn.url)
    page.evaluate("window.__notReloaded = true")

    thread = page.locator(f"#comment-{question.pk}")
    thread.get_by_test_id("reply-toggle").first.click()  # the form loads in place
    box = thread.get_by_test_id("reply-text").first
    box.fill("Yes, thanks to ")
    # @mention autocomplete from the keyboard: type, arrow down to the option, Enter.
    box.press_sequentially("@sa")
    option = thread.get_by_test_id("mention-option").first
    option.wait_for()
    assert "Sam Lee" in option.inner_text()
    box.press("ArrowDown")
    box.press("Enter")
    assert box.input_value() == "Yes, thanks to @sam "
    box.press_sequentially("it works on Ubuntu.")
    thread.get_by_test_id("reply-submit").first.click()

    replies = page.locator(f"#replies-{question.pk}")
    replies.get_by_test_id("comment-body").get_by_text("it works on Ubuntu.").wait_for()
    page.get_by_test_id("discussion-status").get_by_text("Your reply is posted.").wait_for()
    assert page.evaluate("window.__notReloaded") is True
    reply = Comment.objects.get(parent=question)
    assert reply.body == "Yes, thanks to @sam it works on Ubuntu."
    assert replies.locator(".mention").inner_text() == "@Sam Lee"

    # A quiet comment shows no reaction buttons: "React" brings every kind in place, and
    # each button submits the discussion's one form.
    card = page.locator(f"#comment-card-{question.pk}")
    card.get_by_test_id("react-more").click()
    card.get_by_test_id("react-helpful").click()
    card.locator('[data-testid="react-helpful"][aria-pressed="true"]').wait_for()
    assert card.get_by_test_id("count-helpful").inner_text() == "1"
    assert page.locator("#react-form").count() == 1
    assert page.evaluate("window.__notReloaded") is True
    assert Reaction.objects.filter(comment=question, kind="helpful").count() == 1


def test_an_empty_reply_shows_the_reason_in_place(page, discussed_page):
    vpn, question = discussed_page
    open_as(page, "emma", vpn.url)
    thread = page.locator(f"#comment-{question.pk}")
    thread.get_by_test_id("reply-toggle").first.click()
    # Spaces pass the browser's `required` check; the server refuses them.
    thread.get_by_test_id("reply-text").first.fill("   ")
    thread.get_by_test_id("reply-submit").first.click()
    thread.get_by_test_id("form-error").get_by_text("Write something first").wait_for()
    assert Comment.objects.count() == 1


def test_later_threads_and_more_replies_load_in_place(page, discussed_page):
    vpn, question = discussed_page
    # The question is thread 1: threads 2..N+1 fill page 1 and start page 2 (N per page).
    first_on_next_page = f"Thread number {THREADS_PER_PAGE + 1}"
    for n in range(THREADS_PER_PAGE):
        CommentFactory(page=vpn, body=f"Thread number {n + 2}")
    for n in range(2):
        CommentFactory(page=vpn, parent=question, body=f"Reply number {n + 1}")
    open_as(page, "emma", vpn.url)
    page.evaluate("window.__notReloaded = true")
    thread = page.locator(f"#comment-{question.pk}")
    assert thread.get_by_text("Reply number 2").count() == 0
    thread.get_by_test_id("more-replies").click()
    thread.get_by_text("Reply number 2").wait_for()

    assert page.get_by_text(first_on_next_page).count() == 0
    page.get_by_test_id("comments-next").click()
    page.get_by_text(first_on_next_page).wait_for()
    assert page.get_by_text("Thread number 2", exact=True).count() == 1  # page 1 stays
    assert page.evaluate("window.__notReloaded") is True


def test_the_thread_count_follows_a_new_thread_and_a_deletion_in_place(page, discussed_page):
    vpn, _question = discussed_page
    open_as(page, "emma", vpn.url)
    page.evaluate("window.__notReloaded = true")
    heading = page.get_by_test_id("discussion-heading")
    assert heading.inner_text() == "Discussion: 1 thread"

    page.get_by_test_id("comment-text").fill("Does it work on a Chromebook?")
    page.get_by_test_id("comment-submit").click()
    page.get_by_test_id("discussion-heading").get_by_text("Discussion: 2 threads").wait_for()

    mine = Comment.objects.get(body="Does it work on a Chromebook?")
    page.once("dialog", lambda dialog: dialog.accept())  # htmx's hx-confirm
    page.locator(f"#comment-card-{mine.pk}").get_by_test_id("delete-comment").click()
    page.get_by_test_id("discussion-heading").get_by_text("Discussion: 1 thread").wait_for()
    assert page.evaluate("window.__notReloaded") is True
