"""The idea board in real Chromium: an employee votes for an idea (in place, with htmx) and
the vote is still counted after a reload; then they share an idea of their own."""

import pytest

from brand.models import IdeaPage, IdeaVote
from tests.brand.factories_ideas import IdeaBoardPageFactory, IdeaPageFactory, IdeaVoteFactory
from tests.browser.conftest import open_as
from tests.factories import UserFactory, home_page


@pytest.fixture
def board(site_data):
    UserFactory(username="emma", first_name="Emma", last_name="Stone", roles=["Employees"])
    board = IdeaBoardPageFactory(parent=home_page(), title="Idea board", show_in_menus=True)
    idea = IdeaPageFactory(parent=board, title="Bike racks by the side door")
    IdeaVoteFactory(idea=idea, user=idea.author)
    return board, idea


def test_an_employee_votes_for_an_idea_and_the_vote_stays(page, board):
    ideas, idea = board
    open_as(page, "emma", ideas.url)
    page.evaluate("window.__notReloaded = true")

    card = page.locator(f'[data-testid="idea-card"][data-idea-id="{idea.pk}"]')
    assert card.get_by_test_id("vote-count").inner_text() == "1"
    button = card.get_by_test_id("vote-button")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()

    card.locator('[data-testid="vote-button"][aria-pressed="true"]').wait_for()
    assert card.get_by_test_id("vote-count").inner_text() == "2"
    assert page.evaluate("window.__notReloaded") is True  # swapped in place, no reload
    assert "You voted for" in card.get_by_test_id("vote-status").inner_text()
    assert IdeaVote.objects.filter(idea=idea, user__username="emma").count() == 1

    page.reload()
    card = page.locator(f'[data-testid="idea-card"][data-idea-id="{idea.pk}"]')
    assert card.get_by_test_id("vote-count").inner_text() == "2"
    assert card.get_by_test_id("vote-button").get_attribute("aria-pressed") == "true"


def test_an_employee_shares_an_idea(page, board):
    ideas, _idea = board
    open_as(page, "emma", ideas.url)
    page.get_by_test_id("idea-new").click()
    page.get_by_label("Title").fill("Captions on all-hands recordings")
    page.get_by_label("What is the problem?").fill("Not everyone hears the all-hands well.")
    page.get_by_label("What do you propose?").fill("Turn on automatic captions.")
    page.get_by_test_id("idea-submit").click()

    page.get_by_role("heading", name="Captions on all-hands recordings").wait_for()
    assert page.get_by_test_id("vote-count").inner_text() == "1"
    assert page.get_by_test_id("idea-status").inner_text() == "New"
    idea = IdeaPage.objects.get(title="Captions on all-hands recordings")
    assert idea.author.username == "emma"


def test_a_refused_vote_says_why_in_place(page, board):
    """The idea was declined while the board was open: the in-place vote is refused (400),
    and the reason is read out on the page instead of nothing happening."""
    ideas, idea = board
    open_as(page, "emma", ideas.url)
    status = page.get_by_test_id("site-status")
    assert status.is_hidden()
    IdeaPage.objects.filter(pk=idea.pk).update(status="declined")

    card = page.locator(f'[data-testid="idea-card"][data-idea-id="{idea.pk}"]')
    card.get_by_test_id("vote-button").click()
    status.wait_for(state="visible")
    assert "takes no more votes" in status.inner_text()
    assert status.get_attribute("role") == "alert"
    assert card.get_by_test_id("vote-count").inner_text() == "1"
    assert not IdeaVote.objects.filter(idea=idea, user__username="emma").exists()
