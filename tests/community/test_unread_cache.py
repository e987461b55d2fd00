"""The header's unread count is cached per person (issue 19) and every write that changes
a person's count moves their own version, so the next page they open shows the new count.
Each test warms the count first: without the bump it would keep showing the old one."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.comments.services import post_comment
from community.models import Notification, NotificationVerb
from community.notifications.services import mark_all_read
from core.fragments import CacheVersion
from knowledge import mustread
from tests.community.notifying import run
from tests.factories import UserFactory

COUNT = re.compile(r'data-testid="notification-count" data-count="(\d+)"')


def _shown(client, url) -> int:
    """The unread count the header shows on `url`."""
    response = client.get(url)
    assert response.status_code == 200
    found = COUNT.findall(response.content.decode())
    assert len(found) == 1, "the header shows one count"
    return int(found[0])


@pytest.fixture
def wendy(db):
    return UserFactory(username="wendy", first_name="Wendy", roles=["Employees"])


def test_the_count_is_read_once_then_kept_until_it_changes(signed_in, page, reader, owner):
    Notification.objects.create(recipient=reader, verb=NotificationVerb.COMMENT, page=page)
    client = signed_in(reader)
    assert _shown(client, page.url) == 1
    with CaptureQueriesContext(connection) as queries:
        assert _shown(client, page.url) == 1
    assert not [q for q in queries if "community_notification" in q["sql"]]


def test_a_reply_by_someone_else_shows_on_the_next_page(
    signed_in, page, reader, owner, django_capture_on_commit_callbacks
):
    parent = run(django_capture_on_commit_callbacks, lambda: post_comment(reader, page, "Hi"))
    client = signed_in(reader)
    assert _shown(client, page.url) == 0  # cached at 0
    run(
        django_capture_on_commit_callbacks,
        lambda: post_comment(owner, page, "Thanks for asking", parent=parent),
    )
    assert _shown(client, page.url) == 1


def test_a_mention_shows_on_the_mentioned_persons_next_page(
    signed_in, page, reader, wendy, django_capture_on_commit_callbacks
):
    client = signed_in(wendy)
    assert _shown(client, page.url) == 0
    run(django_capture_on_commit_callbacks, lambda: post_comment(reader, page, "Hi @wendy"))
    assert _shown(client, page.url) == 1


def test_a_must_read_fan_out_shows_on_each_readers_next_page(
    signed_in, page, reader, wendy, django_capture_on_commit_callbacks
):
    """Written with bulk_create by the notification task (community.notifications.deliver)."""
    editor = UserFactory(username="ed", roles=["Editors"])
    editor.is_superuser = True
    editor.save()
    clients = [signed_in(person) for person in (reader, wendy)]
    assert [_shown(client, page.url) for client in clients] == [0, 0]
    run(
        django_capture_on_commit_callbacks,
        lambda: mustread.set_must_read(editor, page.specific, everyone=True),
    )
    assert [_shown(client, page.url) for client in clients] == [1, 1]


def test_marking_read_one_then_all_shows_on_the_next_page(signed_in, page, reader, owner):
    notes = [
        Notification.objects.create(recipient=reader, verb=NotificationVerb.COMMENT, page=page)
        for _ in range(3)
    ]
    client = signed_in(reader)
    assert _shown(client, page.url) == 3
    assert client.post(f"/community/notifications/{notes[0].pk}/read/").status_code == 302
    assert _shown(client, page.url) == 2
    assert client.post("/community/notifications/read-all/").status_code == 302
    assert _shown(client, page.url) == 0
    assert 'data-count="0"' in client.get("/community/notifications/count/").content.decode()


def test_bulk_writes_and_deletes_move_the_count(signed_in, page, reader, owner):
    """Queryset writes send no signal: NotificationQuerySet bumps for them; a cascade from a
    deleted comment goes through the delete signal."""
    client = signed_in(reader)
    assert _shown(client, page.url) == 0
    Notification.objects.bulk_create(
        [
            Notification(recipient=reader, verb=NotificationVerb.COMMENT, page=page),
            Notification(recipient=owner, verb=NotificationVerb.COMMENT, page=page),
        ]
    )
    assert _shown(client, page.url) == 1
    Notification.objects.filter(recipient=reader).update(read_at="2026-01-01T00:00:00Z")
    assert _shown(client, page.url) == 0
    comment = post_comment(owner, page, "About this")
    Notification.objects.create(
        recipient=reader, verb=NotificationVerb.COMMENT, page=page, comment=comment
    )
    assert _shown(client, page.url) == 1
    Notification.objects.filter(recipient=reader, comment=comment).delete()
    assert _shown(client, page.url) == 0
    Notification.objects.create(
        recipient=reader, verb=NotificationVerb.COMMENT, page=page, comment=comment
    )
    assert _shown(client, page.url) == 1
    comment.delete()  # its notification goes with it (CASCADE)
    assert _shown(client, page.url) == 0


def test_a_count_cached_for_one_person_is_never_shown_to_another(signed_in, page, reader, owner):
    """Same groups (same role key), different counts: each sees their own."""
    for _ in range(2):
        Notification.objects.create(recipient=reader, verb=NotificationVerb.COMMENT, page=page)
    readers, owners = signed_in(reader), signed_in(owner)
    assert _shown(readers, page.url) == 2
    assert _shown(owners, page.url) == 0
    assert _shown(readers, page.url) == 2
    assert _shown(owners, page.url) == 0


def _bumps(queries) -> int:
    """The statements that wrote versions (core.fragments.CacheVersion)."""
    table = CacheVersion._meta.db_table
    return sum(
        1
        for query in queries
        if table in query["sql"] and not query["sql"].lstrip().upper().startswith("SELECT")
    )


@pytest.mark.parametrize("per_person", [1, 6])
def test_marking_all_read_bumps_only_the_readers_own_version(
    per_person, signed_in, page, reader, owner, django_assert_num_queries
):
    """One UPDATE of the reader's rows and one of their version: nobody else's count can
    change, so nothing is read first to find whose (3 queries before), however many rows."""
    for person in (reader, owner):
        for _ in range(per_person):
            Notification.objects.create(recipient=person, verb=NotificationVerb.COMMENT, page=page)
    readers, owners = signed_in(reader), signed_in(owner)
    assert (_shown(readers, page.url), _shown(owners, page.url)) == (per_person, per_person)
    with django_assert_num_queries(2):
        assert mark_all_read(reader) == per_person
    assert (_shown(readers, page.url), _shown(owners, page.url)) == (0, per_person)
    with django_assert_num_queries(1):  # nothing left unread: nothing to bump
        assert mark_all_read(reader) == 0


def test_a_bulk_delete_bumps_every_recipient_in_one_statement(
    signed_in, page, reader, owner, wendy
):
    """A queryset's .delete() and the cascade from a deleted comment: each recipient's
    cached count is read afresh after it, and the number of version writes does not grow
    with the rows deleted (one bump_many, not one bump a row)."""
    people = (reader, owner, wendy)
    clients = [signed_in(person) for person in people]
    bumps = []
    for per_person in (1, 5):
        for person in people:
            for _ in range(per_person):
                Notification.objects.create(
                    recipient=person, verb=NotificationVerb.COMMENT, page=page
                )
        assert [_shown(client, page.url) for client in clients] == [per_person] * 3
        with CaptureQueriesContext(connection) as queries:
            assert Notification.objects.filter(page=page).delete()[0] == 3 * per_person
        bumps.append(_bumps(queries))
        assert [_shown(client, page.url) for client in clients] == [0, 0, 0]
    assert bumps == [1, 1]

    cascades = []
    for per_person in (1, 5):
        comment = post_comment(owner, page, f"About this ({per_person})")
        for person in people:
            for _ in range(per_person):
                Notification.objects.create(
                    recipient=person, verb=NotificationVerb.COMMENT, page=page, comment=comment
                )
        assert [_shown(client, page.url) for client in clients] == [per_person] * 3
        with CaptureQueriesContext(connection) as queries:
            comment.delete()  # its notifications go with it (CASCADE)
        cascades.append(_bumps(queries))
        assert [_shown(client, page.url) for client in clients] == [0, 0, 0]
    # The comment's own discussion bump and the recipients' one, whatever the rows.
    assert cascades[0] == cascades[1]
