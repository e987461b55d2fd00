"""Comments on a page: post, reply, edit, delete, pages of threads, permalinks, privacy."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from community.comments.services import MAX_DEPTH, THREADS_PER_PAGE
from community.models import Comment, CommentEdit, Reaction, ReactionKind, Status
from insights.models import ActivityEvent, Verb
from tests.community.discussion import (
    HTMX,
    knowledge_page,
    restrict_to_group,
    sibling_page,
)
from tests.community.factories import CommentFactory
from tests.factories import StandardPageFactory, UserFactory


@pytest.fixture
def page(home):
    return knowledge_page(home)


@pytest.fixture
def colleague(db):
    return UserFactory(username="sam", first_name="Sam", last_name="Lee", roles=["Employees"])


def _post(client, page, text, headers=None, follow=False, **fields):
    url = f"/community/pages/{page.pk}/comments/"
    return client.post(url, {"text": text, **fields}, follow=follow, **(headers or {}))


def test_an_employee_posts_a_comment_and_sees_it_on_the_page(employee_client, employee, page):
    response = _post(employee_client, page, "Worked for me with **the new app**.")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{page.url}#comment-{comment.pk}"
    assert (comment.author, comment.page_id, comment.thread_id) == (employee, page.pk, comment.pk)
    assert comment.body_html == "<p>Worked for me with <strong>the new app</strong>.</p>\n"
    assert ActivityEvent.objects.filter(actor=employee, verb=Verb.COMMENTED).count() == 1

    html = employee_client.get(response["Location"]).content.decode()
    assert "Your comment is posted." in html
    assert f'id="comment-{comment.pk}"' in html
    assert "Worked for me with <strong>the new app</strong>." in html


def test_replies_nest_to_the_maximum_depth_then_stay_flat(
    employee_client, signed_in, colleague, page
):
    top = CommentFactory(page=page, author=colleague, body="Top")
    parent = top
    for depth in range(1, MAX_DEPTH + 2):
        client = employee_client if depth % 2 else signed_in(colleague)
        response = _post(client, page, f"Reply at {depth}", parent=parent.pk)
        assert response.status_code == 302, response.content
        reply = Comment.objects.latest("pk")
        assert reply.parent == parent and reply.thread == top
        assert reply.depth == min(depth, MAX_DEPTH)
        parent = reply

    html = employee_client.get(f"{page.url}?thread={top.pk}").content.decode()  # all of it
    deepest = Comment.objects.latest("pk")
    # The deepest reply is listed beside its parent (flat), saying whom it answers.
    holder = Comment.objects.get(depth=MAX_DEPTH - 1)
    replies_list = html.split(f'id="replies-{holder.pk}"')[1]
    assert f'id="comment-{deepest.pk}"' in replies_list
    assert "in reply to Emma" in html or "in reply to" in html
    assert f'id="replies-{deepest.pk}"' not in html


def test_with_htmx_the_reply_comes_back_as_a_fragment_and_is_announced(
    employee_client, colleague, page
):
    top = CommentFactory(page=page, author=colleague)
    response = _post(employee_client, page, "Thanks!", parent=top.pk, headers=HTMX)
    reply = Comment.objects.latest("pk")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li class="comment comment--d1" id="comment-{reply.pk}"')
    assert '<div id="discussion-status" hx-swap-oob="innerHTML">Your reply is posted.</div>' in html
    assert "<html" not in html


def test_the_author_edits_and_readers_see_earlier_versions(
    employee_client, employee, signed_in, colleague, page
):
    comment = CommentFactory(page=page, author=employee, body="Frist version")
    response = employee_client.post(
        f"/community/comments/{comment.pk}/edit/", {"text": "First version"}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "First version" and comment.edited_at is not None
    edit = CommentEdit.objects.get()
    assert (edit.body, edit.edited_by) == ("Frist version", employee)

    html = signed_in(colleague).get(page.url).content.decode()
    assert 'data-testid="comment-edited"' in html
    assert "<p>Frist version</p>" in html  # inside the "edited" disclosure
    assert 'data-testid="edit-toggle"' not in html  # not theirs to edit


def test_edit_with_htmx_replaces_the_card(employee_client, employee, page):
    comment = CommentFactory(page=page, author=employee, body="Old")
    response = employee_client.post(
        f"/community/comments/{comment.pk}/edit/", {"text": "New *text*"}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<p>New <em>text</em></p>" in html and "Your comment is updated." in html
    assert "<li" not in html.split("<details")[0]  # the card only, replies stay in place


def test_someone_elses_comment_cannot_be_edited_or_deleted(employee_client, colleague, page):
    comment = CommentFactory(page=page, author=colleague, body="Mine")
    edit = employee_client.post(f"/community/comments/{comment.pk}/edit/", {"text": "Yours"})
    delete = employee_client.post(f"/community/comments/{comment.pk}/delete/")
    assert edit.status_code == 403 and delete.status_code == 403
    assert "Only the person who wrote a comment can edit it." in edit.content.decode()
    comment.refresh_from_db()
    assert (comment.body, comment.status) == ("Mine", Status.VISIBLE)
    assert not CommentEdit.objects.exists()


def test_delete_leaves_a_placeholder_and_keeps_the_replies(
    employee_client, employee, signed_in, colleague, page
):
    comment = CommentFactory(page=page, author=employee, body="Secret plan")
    reply = CommentFactory(page=page, parent=comment, author=colleague, body="Reply stays")
    employee_client.post(f"/community/comments/{comment.pk}/edit/", {"text": "Secret plan v2"})
    response = employee_client.post(f"/community/comments/{comment.pk}/delete/")
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.DELETED and comment.body_html == ""

    html = signed_in(colleague).get(page.url).content.decode()
    assert "Comment deleted" in html
    assert "Secret plan" not in html  # neither the text nor its earlier versions
    assert f'id="comment-{reply.pk}"' in html and "Reply stays" in html
    assert employee_client.get(f"/community/comments/{comment.pk}/").status_code == 404
    # Deleting again is refused, not an error.
    assert employee_client.post(f"/community/comments/{comment.pk}/delete/").status_code == 400


def test_delete_with_htmx_returns_the_placeholder(employee_client, employee, page):
    comment = CommentFactory(page=page, author=employee)
    response = employee_client.post(f"/community/comments/{comment.pk}/delete/", **HTMX)
    assert response.status_code == 200
    assert "Comment deleted" in response.content.decode()


@pytest.mark.parametrize("status", [Status.DELETED, Status.HIDDEN, Status.PENDING])
def test_no_reply_to_a_deleted_or_hidden_comment(employee_client, colleague, page, status):
    comment = CommentFactory(page=page, author=colleague, status=status)
    response = _post(employee_client, page, "Hello?", parent=comment.pk)
    assert response.status_code == 400
    assert "cannot take replies" in response.content.decode()
    assert Comment.objects.count() == 1


def test_no_reply_to_a_comment_on_another_page(employee_client, colleague, page):
    elsewhere = CommentFactory(page=sibling_page(page), author=colleague)
    response = _post(employee_client, page, "Wrong page", parent=elsewhere.pk)
    assert response.status_code == 400
    assert "belongs to another page" in response.content.decode()
    # The text comes back in a form, so nothing is lost.
    assert "Wrong page</textarea>" in response.content.decode()
    assert Comment.objects.count() == 1


def test_moderated_comments_show_placeholders_and_keep_replies(
    employee_client, employee, signed_in, colleague, page
):
    hidden = CommentFactory(page=page, author=colleague, body="Rude words", status=Status.HIDDEN)
    pending = CommentFactory(page=page, author=colleague, body="Flagged", status=Status.PENDING)
    removed = CommentFactory(page=page, author=colleague, body="Spam", status=Status.REMOVED)
    reply = CommentFactory(page=page, parent=hidden, author=employee, body="A calm reply")
    html = employee_client.get(page.url).content.decode()
    assert "Comment hidden by a moderator" in html
    assert "Comment hidden pending review" in html
    assert "Comment removed by a moderator" in html
    for text in ("Rude words", "Flagged", "Spam"):
        assert text not in html
    assert f'id="comment-{reply.pk}"' in html
    # The author still sees their own hidden text, marked as hidden.
    own = signed_in(colleague).get(page.url).content.decode()
    assert "Rude words" in own and "Flagged" in own and "Spam" not in own
    for comment in (hidden, pending, removed):
        assert employee_client.get(f"/community/comments/{comment.pk}/").status_code == 404


def test_threads_are_paginated_oldest_first_and_permalinks_find_the_page(
    employee_client, colleague, page
):
    threads = [
        CommentFactory(page=page, author=colleague, body=f"Thread number {n}.")
        for n in range(THREADS_PER_PAGE + 5)
    ]
    late_reply = CommentFactory(page=page, parent=threads[-1], author=colleague, body="Late")
    first = employee_client.get(page.url).content.decode()
    assert "Thread number 0." in first and f"Thread number {THREADS_PER_PAGE - 1}." in first
    assert f"Thread number {THREADS_PER_PAGE}." not in first
    assert "Comments page 1 of 2" in first
    second = employee_client.get(page.url, {"comments": 2}).content.decode()
    assert f"Thread number {THREADS_PER_PAGE}." in second and "Late" in second
    # Nonsense page numbers fall back to a real page, never an error.
    assert employee_client.get(page.url, {"comments": "abc"}).status_code == 200
    assert employee_client.get(page.url, {"comments": "99999"}).status_code == 200

    response = employee_client.get(f"/community/comments/{late_reply.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{page.url}?comments=2#comment-{late_reply.pk}"
    response = employee_client.get(f"/community/comments/{threads[0].pk}/")
    assert response["Location"] == f"{page.url}#comment-{threads[0].pk}"


def test_unknown_comment_ids_are_404(employee_client, page):
    for path in (
        "/community/comments/999999/",
        "/community/comments/abc/",
        "/community/comments/99999999999999999999999/",
    ):
        assert employee_client.get(path).status_code == 404
    assert (
        employee_client.post("/community/comments/999999/edit/", {"text": "x"}).status_code == 404
    )
    assert employee_client.post("/community/comments/999999/delete/").status_code == 404
    assert _post(employee_client, page, "x", parent="abc").status_code == 404
    assert _post(employee_client, page, "x", parent="999999").status_code == 404
    assert (
        employee_client.post("/community/pages/999999/comments/", {"text": "x"}).status_code == 404
    )


def test_empty_and_too_long_comments_are_refused_with_a_message(employee_client, page):
    for text in ("", "   \n\t  "):
        response = _post(employee_client, page, text)
        assert response.status_code == 400
        assert "Write something first" in response.content.decode()
    response = _post(employee_client, page, "x" * 100_000)
    assert response.status_code == 400
    assert "the limit is 10,000" in response.content.decode()
    response = _post(employee_client, page, "x" * 100_000, headers=HTMX)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Comment.objects.exists()


@override_settings(HEARTH_POSTS_PER_MINUTE=2)
def test_posting_too_fast_is_429_with_a_message(employee_client, page):
    assert _post(employee_client, page, "One").status_code == 302
    assert _post(employee_client, page, "Two").status_code == 302
    response = _post(employee_client, page, "Three")
    assert response.status_code == 429
    assert "Please wait a minute" in response.content.decode()
    assert Comment.objects.count() == 2


def test_outsiders_get_404_and_never_see_the_comments(signed_in, colleague, page):
    restrict_to_group(page).user_set.add(colleague)
    comment = CommentFactory(page=page, author=colleague, body="Board-only plans")
    outsider = signed_in(UserFactory(username="out", roles=["Employees"]))
    assert _post(outsider, page, "Let me in").status_code == 404
    assert _post(outsider, page, "Let me in", parent=comment.pk).status_code == 404
    for path in (
        f"/community/comments/{comment.pk}/",
        f"/community/pages/{page.pk}/people/?q=sa",
        f"/community/pages/{page.pk}/reactions/people/?kind=like",
    ):
        response = outsider.get(path)
        assert response.status_code == 404, path
        assert "Board-only" not in response.content.decode()
    assert (
        outsider.post(f"/community/comments/{comment.pk}/edit/", {"text": "x"}).status_code == 404
    )
    assert outsider.get(page.url).status_code in (302, 403, 404)
    assert "Board-only" not in outsider.get(page.url, follow=True).content.decode()
    assert Comment.objects.count() == 1
    # Members of the group take part as usual.
    assert _post(signed_in(colleague), page, "Members only").status_code == 302


def test_a_standard_page_takes_comments_too(employee_client, home):
    page = StandardPageFactory(parent=home, title="Canteen")
    response = _post(employee_client, page, "Great soup today")
    assert response.status_code == 302
    assert "Great soup today" in employee_client.get(page.url).content.decode()


def _count_queries(client, url) -> int:
    client.get(url)  # warm: the day's view, the cached body
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_a_busy_discussion_costs_the_same_queries_as_none(signed_in, home):
    quiet = knowledge_page(home, title="Quiet page")
    busy = sibling_page(quiet, title="Busy page")
    people = [UserFactory(roles=["Employees"]) for _ in range(6)]
    for n in range(15):
        top = CommentFactory(page=busy, author=people[n % 6])
        child = CommentFactory(page=busy, parent=top, author=people[(n + 1) % 6])
        grandchild = CommentFactory(page=busy, parent=child, author=people[(n + 2) % 6])
        CommentFactory(page=busy, parent=grandchild, author=people[(n + 3) % 6])
        for person in people[:3]:
            Reaction.objects.create(page=busy, comment=top, user=person, kind=ReactionKind.LIKE)
    CommentEdit.objects.create(comment=top, body="old", body_html="<p>old</p>")
    for person in people:
        Reaction.objects.create(page=busy, user=person, kind=ReactionKind.HELPFUL)
    assert Comment.objects.filter(page=busy).count() == 60
    reader = signed_in(people[0])
    assert _count_queries(reader, quiet.url) == _count_queries(reader, busy.url)


def test_reply_and_edit_forms_open_on_their_own_page_or_in_place(
    employee_client, employee, colleague, page
):
    theirs = CommentFactory(page=page, author=colleague, body="Question")
    mine = CommentFactory(page=page, author=employee, body="My draft")
    reply_page = employee_client.get(f"/community/comments/{theirs.pk}/reply/")
    html = reply_page.content.decode()
    assert reply_page.status_code == 200 and "<html" in html
    assert f'<input type="hidden" name="parent" value="{theirs.pk}">' in html
    assert "hx-post" not in html.split('name="parent"')[0].rsplit("<form", 1)[1]
    fragment = employee_client.get(f"/community/comments/{theirs.pk}/reply/", **HTMX)
    assert "<html" not in fragment.content.decode()
    assert f'hx-target="#replies-{theirs.pk}"' in fragment.content.decode()
    edit = employee_client.get(f"/community/comments/{mine.pk}/edit/", **HTMX).content.decode()
    assert "My draft</textarea>" in edit
    assert employee_client.get(f"/community/comments/{theirs.pk}/edit/").status_code == 403
    theirs.status = Status.DELETED
    theirs.save()
    assert employee_client.get(f"/community/comments/{theirs.pk}/reply/").status_code == 400


def _heading(html: str) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser").select_one("#discussion-heading").get_text()


def test_the_thread_count_follows_htmx_posts_and_deletes(employee_client, colleague, page):
    """The heading's count changes in place (htmx's out-of-band swap) when a thread is
    started or its opening comment deleted, and the page says the same number after."""
    CommentFactory(page=page, author=colleague)
    assert _heading(employee_client.get(page.url).content.decode()) == "Discussion: 1 thread"

    posted = _post(employee_client, page, "A second question.", headers=HTMX).content.decode()
    assert 'id="discussion-heading" hx-swap-oob="true"' in posted
    assert _heading(posted) == "Discussion: 2 threads"
    assert _heading(employee_client.get(page.url).content.decode()) == "Discussion: 2 threads"

    mine = Comment.objects.latest("pk")
    reply = _post(employee_client, page, "Also this.", parent=mine.pk, headers=HTMX)
    assert "discussion-heading" not in reply.content.decode()  # a reply starts no thread

    deleted = employee_client.post(f"/community/comments/{mine.pk}/delete/", **HTMX)
    assert _heading(deleted.content.decode()) == "Discussion: 1 thread"
    assert _heading(employee_client.get(page.url).content.decode()) == "Discussion: 1 thread"
