"""Questions and answers in real Chromium: an employee asks in a space, an expert answers
(in a second browser), the asker accepts the answer, and a space owner turns it into a
knowledge page draft that the question links to."""

import pytest

from knowledge.models import KnowledgePage, QuestionPage
from tests.browser.conftest import sign_in
from tests.factories import UserFactory, knowledge_space, publish


@pytest.fixture
def space(site_data):
    owner = UserFactory(username="olga", first_name="Olga", last_name="Owner", roles=["Employees"])
    UserFactory(username="emma", first_name="Emma", last_name="Asker", roles=["Employees"])
    expert = UserFactory(
        username="erin", first_name="Erin", last_name="Expert", roles=["Employees"]
    )
    expert.profile.expertise.add("vpn")
    it_space = knowledge_space("IT Help", owner)
    publish(it_space, owner)
    return it_space


def test_ask_answer_accept_and_promote(new_browser, space):
    asker = sign_in(new_browser(), "emma")
    expert = sign_in(new_browser(), "erin")
    owner = sign_in(new_browser(), "olga")
    # The employee asks from the space page.
    asker.goto(space.url)
    asker.get_by_test_id("ask-here").click()
    asker.get_by_test_id("ask-title").fill("How do I reset my VPN token abroad?")
    asker.get_by_test_id("ask-body").fill("The portal sends a code to my *office* phone.")
    asker.get_by_test_id("ask-tags").fill("vpn")
    asker.get_by_test_id("ask-submit").click()
    asker.get_by_test_id("question").wait_for()
    question = QuestionPage.objects.get()
    assert asker.locator("h1").inner_text() == "How do I reset my VPN token abroad?"

    # The expert (told by a notification) answers in another browser.
    expert.goto("/community/notifications/")
    expert.get_by_text("How do I reset my VPN token abroad?").first.click()
    expert.get_by_test_id("answer-text").fill("Use the **backup codes** in the portal.")
    expert.get_by_test_id("answer-submit").click()
    expert.get_by_test_id("answer").first.wait_for()
    assert "backup codes" in expert.get_by_test_id("answer").first.inner_text()

    # The asker accepts it.
    asker.reload()
    asker.locator("[data-testid^=accept-]").first.click()
    asker.get_by_test_id("accepted-answer").wait_for()
    assert asker.get_by_test_id("answer-accepted").count() == 1
    question.refresh_from_db()
    assert question.accepted_answer is not None

    # The space owner promotes it into a knowledge page draft.
    owner.goto(question.url)
    owner.get_by_test_id("promote").click()
    owner.wait_for_url("**/admin/pages/*/edit/")
    draft = KnowledgePage.objects.get()
    assert not draft.live
    assert draft.title == "How do I reset my VPN token abroad?"
    owner.goto(question.url)
    link = owner.get_by_test_id("promoted-link")
    assert "draft" in link.inner_text()
    assert link.locator("a").get_attribute("href") == f"/admin/pages/{draft.pk}/edit/"
    question.refresh_from_db()
    assert question.promoted_page_id == draft.pk
