"""Reactions on pages and comments: set on and off, counts, who reacted, privacy."""

import pytest

from community.models import Reaction, ReactionKind, Status
from insights.models import ActivityEvent, Verb
from tests.community.discussion import HTMX, knowledge_page, restrict_to_group, sibling_page
from tests.community.factories import CommentFactory
from tests.factories import UserFactory


@pytest.fixture
def page(home):
    return knowledge_page(home)


def _react(client, page, reaction, headers=None, **fields):
    url = f"/community/pages/{page.pk}/reactions/"
    return client.post(url, {"reaction": reaction, **fields}, **(headers or {}))


def test_an_employee_reacts_to_a_page_and_sees_the_count(employee_client, employee, page):
    response = _react(employee_client, page, "helpful:on")
    assert response.status_code == 302
    assert response["Location"] == f"{page.url}#reactions"
    reaction = Reaction.objects.get()
    assert (reaction.user, reaction.kind, reaction.comment) == (employee, "helpful", None)
    html = employee_client.get(page.url).content.decode()
    assert 'value="helpful:off" aria-pressed="true"' in html
    assert '<span class="reaction__count" data-testid="count-helpful">1</span>' in html
    assert ActivityEvent.objects.filter(actor=employee, verb=Verb.REACTED).count() == 1


def test_asking_twice_counts_once_and_off_takes_it_back(employee_client, employee, page):
    for _ in range(2):
        assert _react(employee_client, page, "like:on").status_code == 302
    assert Reaction.objects.count() == 1
    assert ActivityEvent.objects.filter(verb=Verb.REACTED).count() == 1
    # The explicit fields work as well as the button's combined value.
    response = employee_client.post(
        f"/community/pages/{page.pk}/reactions/", {"kind": "like", "state": "off"}
    )
    assert response.status_code == 302
    assert not Reaction.objects.exists()
    assert _react(employee_client, page, "like:off").status_code == 302  # still nothing


def test_reacting_to_a_comment_with_htmx_returns_its_bar(employee_client, employee, page):
    comment = CommentFactory(page=page)
    response = _react(employee_client, page, "insightful:on", headers=HTMX, comment=comment.pk)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'form="react-form"' in html  # the discussion's one form
    assert f'value="{comment.pk}:insightful:off" aria-pressed="true"' in html
    assert "Your reaction is saved." in html
    assert Reaction.objects.get().comment == comment


def test_a_reaction_on_a_comment_redirects_to_it_without_js(employee_client, page):
    comment = CommentFactory(page=page)
    response = _react(employee_client, page, "celebrate:on", comment=comment.pk)
    assert response["Location"] == f"{page.url}#comment-{comment.pk}"


def test_counts_and_mine_on_comments(signed_in, employee_client, employee, page):
    comment = CommentFactory(page=page, body="Worth celebrating")
    others = [UserFactory(roles=["Employees"]) for _ in range(3)]
    for person in others:
        assert _react(signed_in(person), page, "celebrate:on", comment=comment.pk).status_code
    html = employee_client.get(page.url).content.decode()
    start = html.index(f'id="comment-card-{comment.pk}"')
    bar = html[html.index("data-reaction-bar", start) :].split("</div>")[0]
    assert f'value="{comment.pk}:celebrate:on" aria-pressed="false"' in bar
    assert '<span class="reaction__count" data-testid="count-celebrate">3</span>' in bar


@pytest.mark.parametrize(
    "data",
    [
        {"reaction": "love:on"},
        {"reaction": "like:maybe"},
        {"reaction": "like"},
        {"kind": "", "state": ""},
        {},
    ],
)
def test_bad_reactions_are_400_and_change_nothing(employee_client, page, data):
    response = employee_client.post(f"/community/pages/{page.pk}/reactions/", data)
    assert response.status_code == 400
    assert not Reaction.objects.exists()


def test_reactions_on_deleted_or_foreign_comments_are_refused(employee_client, page):
    deleted = CommentFactory(page=page, status=Status.DELETED)
    foreign = CommentFactory(page=sibling_page(page))
    assert _react(employee_client, page, "like:on", comment=deleted.pk).status_code == 400
    assert _react(employee_client, page, "like:on", comment=foreign.pk).status_code == 400
    assert _react(employee_client, page, "like:on", comment="abc").status_code == 404
    assert _react(employee_client, page, "like:on", comment="424242").status_code == 404
    assert employee_client.post("/community/pages/424242/reactions/", {}).status_code == 404
    assert not Reaction.objects.exists()


def test_who_reacted_lists_names_by_kind_and_paginates(signed_in, employee_client, page):
    people = [
        UserFactory(username=f"fan{n:02}", first_name=f"Fan{n:02}", roles=["Employees"])
        for n in range(23)
    ]
    for person in people:
        Reaction.objects.create(page=page, user=person, kind=ReactionKind.CELEBRATE)
    Reaction.objects.create(page=page, user=people[0], kind=ReactionKind.LIKE)
    url = f"/community/pages/{page.pk}/reactions/people/"
    first = employee_client.get(url, {"kind": "celebrate"})
    html = first.content.decode()
    assert first.status_code == 200
    assert html.count("<li>Fan") == 20 and "Page 1 of 2" in html
    assert "Fan22" in html  # newest first
    second = employee_client.get(url, {"kind": "celebrate", "page": 2}).content.decode()
    assert second.count("<li>Fan") == 3
    liked = employee_client.get(url, {"kind": "like"}, **HTMX).content.decode()
    assert liked.count("<li>Fan") == 1 and "<html" not in liked
    assert employee_client.get(url, {"kind": "nonsense"}).status_code == 400
    assert employee_client.get(url, {"kind": "like", "comment": "x"}).status_code == 404


def test_the_page_links_to_who_reacted(employee_client, page, signed_in):
    assert 'data-testid="who-reacted"' not in employee_client.get(page.url).content.decode()
    _react(signed_in(UserFactory(roles=["Employees"])), page, "like:on")
    html = employee_client.get(page.url).content.decode()
    assert f'href="/community/pages/{page.pk}/reactions/people/?kind=like"' in html


def test_outsiders_cannot_react_or_see_reactions(signed_in, page):
    members = restrict_to_group(page)
    insider = UserFactory(username="in", first_name="Insider", roles=["Employees"])
    members.user_set.add(insider)
    comment = CommentFactory(page=page, author=insider)
    Reaction.objects.create(page=page, user=insider, kind=ReactionKind.LIKE)
    outsider = signed_in(UserFactory(username="out", roles=["Employees"]))
    assert _react(outsider, page, "like:on").status_code == 404
    assert _react(outsider, page, "like:on", comment=comment.pk).status_code == 404
    response = outsider.get(f"/community/pages/{page.pk}/reactions/people/", {"kind": "like"})
    assert response.status_code == 404 and "Insider" not in response.content.decode()
    assert Reaction.objects.count() == 1
