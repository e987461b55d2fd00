"""Cached comment cards: every reader gets the card for their own state, with their own
CSRF token, and a change to a comment shows at once."""

import re

import pytest
from django.test import Client

from community.comments.cards import CSRF_SLOT
from tests.community.discussion import knowledge_page
from tests.community.factories import CommentFactory
from tests.factories import UserFactory


@pytest.fixture
def page(home):
    return knowledge_page(home)


@pytest.fixture
def author(db):
    return UserFactory(username="ada", first_name="Ada", last_name="Author", roles=["Employees"])


def _card(html: str, comment) -> str:
    start = html.index(f'id="comment-card-{comment.pk}"')
    return html[start : html.index("</article>", start)]


def test_the_authors_card_is_never_served_to_another_reader(signed_in, page, author, employee):
    comment = CommentFactory(page=page, author=author, body="Mine to edit")
    as_author = signed_in(author).get(page.url).content.decode()
    as_reader = signed_in(employee).get(page.url).content.decode()

    assert 'data-testid="edit-toggle"' in _card(as_author, comment)
    assert 'data-testid="flag-link"' not in _card(as_author, comment)
    assert 'data-testid="edit-toggle"' not in _card(as_reader, comment)
    assert 'data-testid="delete-comment"' not in _card(as_reader, comment)
    assert 'data-testid="flag-link"' in _card(as_reader, comment)


def _strict_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_each_reader_gets_their_own_csrf_token_in_cached_cards(page, author, employee):
    CommentFactory(page=page, author=author, body="Hello")
    first = _strict_client(employee)
    second = _strict_client(UserFactory(roles=["Employees"]))
    for client in (first, second, first):
        html = client.get(page.url).content.decode()
        assert CSRF_SLOT not in html
        tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
        assert tokens and all(len(token) == 64 for token in tokens)
        # Every form on the page posts with the token this reader's cookie accepts.
        response = client.post(
            f"/community/pages/{page.pk}/reactions/",
            {"reaction": "like:on", "csrfmiddlewaretoken": tokens.pop()},
        )
        assert response.status_code == 302


def test_an_edit_and_a_reaction_show_on_the_next_read(signed_in, page, author, employee):
    comment = CommentFactory(page=page, author=author, body="First words")
    reader = signed_in(employee)
    assert "First words" in _card(reader.get(page.url).content.decode(), comment)

    signed_in(author).post(f"/community/comments/{comment.pk}/edit/", {"text": "Second words"})
    reader.post(
        f"/community/pages/{page.pk}/reactions/",
        {"reaction": "helpful:on", "comment": comment.pk},
    )
    card = _card(reader.get(page.url).content.decode(), comment)
    assert "Second words" in card and "First words" in card  # the earlier version, under "edited"
    assert re.search(r'data-testid="count-helpful">1<', card)
    assert 'aria-pressed="True"' in card or 'aria-pressed="true"' in card
