"""Watching a page or a space, automatic watches, and an unwatch that sticks."""

import pytest

from community.comments.services import post_comment
from community.models import Notification, NotificationVerb, Watch, WatchReason
from community.watching import services as watching
from tests.community.notifying import make_private, run
from tests.factories import KnowledgePageFactory, UserFactory, publish

HTMX = {"HX-Request": "true"}


def test_a_reader_watches_a_page_without_javascript(signed_in, page, reader):
    client = signed_in(reader)
    assert 'data-testid="watch-toggle"' in client.get(page.url).content.decode()
    response = client.post(f"/community/watch/{page.pk}/", {"action": "watch"}, follow=True)
    assert response.redirect_chain[-1][0] == page.url
    assert "You are watching “Expense policy”." in response.content.decode()
    row = Watch.objects.get(user=reader, page=page)
    assert (row.reason, row.include_descendants, row.muted) == (WatchReason.MANUAL, False, False)
    assert 'aria-pressed="true"' in response.content.decode()


def test_watching_in_place_with_htmx(signed_in, page, reader):
    client = signed_in(reader)
    response = client.post(f"/community/watch/{page.pk}/", {"action": "watch"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith("<form")  # the button only, not a whole page
    assert "Watching" in html and 'value="unwatch"' in html
    response = client.post(f"/community/watch/{page.pk}/", {"action": "unwatch"}, headers=HTMX)
    assert 'value="watch"' in response.content.decode()
    assert Watch.objects.get(user=reader, page=page).muted


def test_watching_a_space_covers_its_pages(signed_in, space, page, owner, reader):
    client = signed_in(reader)
    html = client.get(space.url).content.decode()
    assert "Watch this space" in html
    client.post(f"/community/watch/{space.pk}/", {"action": "watch"})
    assert Watch.objects.get(user=reader, page=space).include_descendants
    html = client.get(page.url).content.decode()
    assert "Through your watch of “Operations”." in html
    assert watching.watch_state(reader, page)["is_watching"]


def test_an_unwatch_sticks(signed_in, page, owner, reader, django_capture_on_commit_callbacks):
    client = signed_in(reader)
    client.post(f"/community/watch/{page.pk}/", {"action": "unwatch"})
    # Taking part would normally watch the page; the explicit unwatch wins.
    run(django_capture_on_commit_callbacks, lambda: post_comment(reader, page, "A question"))
    assert Watch.objects.get(user=reader, page=page).muted
    run(django_capture_on_commit_callbacks, lambda: post_comment(owner, page, "An answer"))
    assert not Notification.objects.filter(recipient=reader).exists()


def test_unwatching_a_page_in_a_watched_space(
    signed_in, space, page, owner, reader, django_capture_on_commit_callbacks
):
    client = signed_in(reader)
    client.post(f"/community/watch/{space.pk}/", {"action": "watch"})
    client.post(f"/community/watch/{page.pk}/", {"action": "unwatch"})
    assert not watching.watch_state(reader, page)["is_watching"]
    run(django_capture_on_commit_callbacks, lambda: publish(page, owner, change_note="v2"))
    assert not Notification.objects.filter(recipient=reader).exists()
    other = KnowledgePageFactory(parent=space, title="Travel")
    run(django_capture_on_commit_callbacks, lambda: publish(other, owner, change_note="New"))
    assert Notification.objects.get(recipient=reader).page_id == other.pk


def test_automatic_watches_for_creator_owner_space_owners_and_commenters(
    space, owner, reader, django_capture_on_commit_callbacks
):
    creator = UserFactory(username="cy", roles=["Employees"])
    space_owner = UserFactory(username="sam", roles=["Employees"])
    space.owners.set([space_owner])
    space.save()
    fresh = KnowledgePageFactory(parent=space, owner=creator, content_owner=owner)
    run(django_capture_on_commit_callbacks, lambda: publish(fresh, creator))
    reasons = {
        (row.user.username, row.page_id): (row.reason, row.include_descendants)
        for row in Watch.objects.select_related("user")
    }
    assert reasons == {
        ("cy", fresh.pk): (WatchReason.CREATED, False),
        ("olga", fresh.pk): (WatchReason.OWNER, False),
        ("sam", space.pk): (WatchReason.OWNER, True),
    }
    run(django_capture_on_commit_callbacks, lambda: post_comment(reader, fresh, "Hello"))
    assert Watch.objects.get(user=reader, page=fresh).reason == WatchReason.COMMENTED
    # Publishing told the owners (the creator published it); the comment told all three.
    assert set(
        Notification.objects.filter(verb=NotificationVerb.PUBLISHED).values_list(
            "recipient__username", flat=True
        )
    ) == {"olga", "sam"}
    told = dict(
        Notification.objects.filter(verb=NotificationVerb.COMMENT).values_list(
            "recipient__username", "verb"
        )
    )
    assert told == {
        "cy": NotificationVerb.COMMENT,
        "olga": NotificationVerb.COMMENT,
        "sam": NotificationVerb.COMMENT,
    }


@pytest.mark.parametrize("extra_watches", [0, 25])
def test_the_watch_state_is_one_query(
    extra_watches, space, page, reader, django_assert_num_queries
):
    for n in range(extra_watches):
        other = KnowledgePageFactory(parent=space, title=f"Other {n}")
        Watch.objects.create(user=reader, page=other)
    Watch.objects.create(user=reader, page=space, include_descendants=True)
    # The reader's own version (core.fragments.reader) and the state; then kept for them.
    with django_assert_num_queries(2):
        context = watching.page_context(page, reader, {})
    assert context["is_watching"] and context["watching_via"].pk == space.pk
    with django_assert_num_queries(1):  # the version only (read once per request in a page)
        assert watching.page_context(page, reader, {})["watching_via"].pk == space.pk


def test_bad_watch_requests(signed_in, page, owner, reader, outsider):
    client = signed_in(reader)
    assert client.post(f"/community/watch/{page.pk}/", {"action": "explode"}).status_code == 400
    assert client.post("/community/watch/999999/", {"action": "watch"}).status_code == 404
    assert client.get(f"/community/watch/{page.pk}/").status_code == 405
    make_private(page, owner)
    assert client.post(f"/community/watch/{page.pk}/", {"action": "watch"}).status_code == 404
    assert not Watch.objects.filter(user=reader).exists()
