"""Who hears about what (each event), privacy, the notification centre and the header count."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks.signals import task_enqueued, task_finished, task_started

from community.comments.services import edit_comment, post_comment
from community.models import (
    Notification,
    NotificationVerb,
    Status,
    Visibility,
    Watch,
    WatchReason,
)
from community.notifications import notify
from core.fragments import CacheVersion
from knowledge import mustread
from tests.community.factories import AnnotationFactory, CommentFactory
from tests.community.notifying import make_private, run
from tests.factories import (
    DepartmentFactory,
    KnowledgePageFactory,
    UserFactory,
    publish,
    restrict_to_groups,
)


def _notes(user):
    return list(Notification.objects.filter(recipient=user).values_list("verb", flat=True))


@pytest.fixture
def watcher(db, page):
    person = UserFactory(username="wendy", roles=["Employees"])
    Watch.objects.create(user=person, page=page)
    return person


# Comments ------------------------------------------------------------------------------------
def test_a_reply_tells_the_parent_author_and_not_the_replier(
    page, reader, owner, django_capture_on_commit_callbacks
):
    parent = run(django_capture_on_commit_callbacks, lambda: post_comment(reader, page, "Hi"))
    run(
        django_capture_on_commit_callbacks,
        lambda: post_comment(owner, page, "Thanks for asking", parent=parent),
    )
    reply_note = Notification.objects.get(recipient=reader)
    assert reply_note.verb == NotificationVerb.REPLY
    assert reply_note.actor == owner
    assert reply_note.comment.parent == parent
    # The owner watches their page, so heard of the first comment; never of their reply.
    assert _notes(owner) == [NotificationVerb.COMMENT]


def test_a_mentioned_watcher_gets_the_mention_only(
    page, reader, watcher, django_capture_on_commit_callbacks
):
    run(
        django_capture_on_commit_callbacks,
        lambda: post_comment(reader, page, "What do you think, @wendy?"),
    )
    assert _notes(watcher) == [NotificationVerb.MENTION]
    assert _notes(reader) == []


def test_an_edit_tells_only_the_people_it_newly_mentions(
    page, reader, watcher, owner, django_capture_on_commit_callbacks
):
    comment = run(
        django_capture_on_commit_callbacks, lambda: post_comment(reader, page, "Ask @wendy")
    )
    Notification.objects.all().delete()
    run(
        django_capture_on_commit_callbacks,
        lambda: edit_comment(reader, comment, f"Ask @wendy and @{owner.username}"),
    )
    assert _notes(owner) == [NotificationVerb.MENTION]
    assert _notes(watcher) == []  # mentioned before the edit: told once already
    # The same mentions again tell nobody.
    run(
        django_capture_on_commit_callbacks,
        lambda: edit_comment(reader, comment, f"Please ask @wendy and @{owner.username}"),
    )
    assert Notification.objects.count() == 1


def test_watchers_hear_of_new_comments_but_the_author_does_not(
    page, reader, watcher, django_capture_on_commit_callbacks
):
    Watch.objects.create(user=reader, page=page)
    run(django_capture_on_commit_callbacks, lambda: post_comment(reader, page, "Note"))
    assert _notes(watcher) == [NotificationVerb.COMMENT]
    assert _notes(reader) == []


def test_commenting_watches_the_page(page, reader, django_capture_on_commit_callbacks):
    run(django_capture_on_commit_callbacks, lambda: post_comment(reader, page, "Note"))
    assert Watch.objects.get(user=reader, page=page).reason == WatchReason.COMMENTED


def test_on_a_private_page_the_outsider_hears_nothing(
    page, owner, reader, outsider, mailoutbox, django_capture_on_commit_callbacks
):
    Watch.objects.create(user=outsider, page=page)
    make_private(page, owner, reader)
    comment = CommentFactory(page=page, author=reader, body="@oscar @olga look")
    comment.mentioned.set([outsider, owner])
    run(django_capture_on_commit_callbacks, lambda: notify.comment_posted(comment))
    assert _notes(outsider) == []
    assert _notes(owner) == [NotificationVerb.MENTION]
    assert [message.to for message in mailoutbox] == [[owner.email]]


def test_a_hidden_comment_tells_nobody(page, reader, watcher, django_capture_on_commit_callbacks):
    comment = CommentFactory(page=page, author=reader, status=Status.PENDING)
    run(django_capture_on_commit_callbacks, lambda: notify.comment_posted(comment))
    assert Notification.objects.count() == 0


# Annotations ---------------------------------------------------------------------------------
def test_a_question_tells_the_page_and_space_owners(
    page, space, reader, django_capture_on_commit_callbacks
):
    space_owner = UserFactory(username="sam", roles=["Employees"])
    space.owners.set([space_owner])
    space.save()
    annotation = AnnotationFactory(page=page, author=reader, is_question=True)
    run(django_capture_on_commit_callbacks, lambda: notify.annotation_posted(annotation))
    told = dict(Notification.objects.values_list("recipient__username", "verb"))
    assert told == {"olga": NotificationVerb.QUESTION, "sam": NotificationVerb.QUESTION}
    assert Notification.objects.filter(annotation=annotation).count() == 2


def test_an_annotation_mention_and_a_private_annotation(
    page, reader, watcher, django_capture_on_commit_callbacks
):
    shared = AnnotationFactory(page=page, author=reader)
    shared.mentioned.set([watcher])
    private = AnnotationFactory(
        page=page, author=reader, visibility=Visibility.PRIVATE, is_question=True
    )
    private.mentioned.set([watcher])
    run(django_capture_on_commit_callbacks, lambda: notify.annotation_posted(shared))
    run(django_capture_on_commit_callbacks, lambda: notify.annotation_posted(private))
    assert list(Notification.objects.values_list("recipient", "verb", "annotation")) == [
        (watcher.pk, NotificationVerb.MENTION, shared.pk)
    ]


# Publishing, must-reads, moderation ----------------------------------------------------------
def test_a_new_version_tells_page_and_space_watchers_with_the_change_note(
    page, space, owner, reader, watcher, django_capture_on_commit_callbacks
):
    Watch.objects.create(user=reader, page=space, include_descendants=True)
    run(
        django_capture_on_commit_callbacks,
        lambda: publish(page, owner, change_note="Taxi limit raised to 60"),
    )
    for person in (watcher, reader):
        note = Notification.objects.get(recipient=person)
        assert (note.verb, note.detail, note.actor) == (
            NotificationVerb.PUBLISHED,
            "Taxi limit raised to 60",
            owner,
        )
    assert _notes(owner) == []


def test_a_new_page_in_a_watched_space_tells_the_space_watcher(
    space, owner, reader, django_capture_on_commit_callbacks
):
    Watch.objects.create(user=reader, page=space, include_descendants=True)
    fresh = KnowledgePageFactory(parent=space, title="Travel", owner=owner)
    run(django_capture_on_commit_callbacks, lambda: publish(fresh, owner, change_note="New"))
    assert _notes(reader) == [NotificationVerb.PUBLISHED]
    assert Watch.objects.get(user=owner, page=fresh).reason == WatchReason.CREATED


def test_a_must_read_asks_its_audience_once(
    page, owner, reader, outsider, django_capture_on_commit_callbacks
):
    sales = DepartmentFactory(name="Sales")
    for person in (owner, reader, outsider):
        person.profile.department = sales
        person.profile.save()
    make_private(page, owner, reader)
    editor = UserFactory(username="ed", roles=["Editors"])
    editor.is_superuser = True
    editor.save()

    def set_it():
        return mustread.set_must_read(editor, page, everyone=False, departments=[sales])

    run(django_capture_on_commit_callbacks, set_it)
    run(django_capture_on_commit_callbacks, set_it)  # saving again asks nobody twice
    assert _notes(reader) == [NotificationVerb.ACKNOWLEDGE]
    assert _notes(owner) == [NotificationVerb.ACKNOWLEDGE]
    assert _notes(outsider) == []  # in the audience, but cannot see the page


def test_a_material_change_asks_again_instead_of_a_plain_update(
    page, owner, reader, watcher, django_capture_on_commit_callbacks
):
    editor = UserFactory(username="ed", roles=["Editors"])
    editor.is_superuser = True
    editor.save()
    mustread.set_must_read(editor, page, everyone=True)  # not run: no request yet
    mustread.acknowledge(reader, page)
    run(
        django_capture_on_commit_callbacks,
        lambda: publish(page, editor, change_note="New threshold", material_change=True),
    )
    assert _notes(reader) == [NotificationVerb.ACKNOWLEDGE]
    assert _notes(watcher) == [NotificationVerb.ACKNOWLEDGE]  # one per person per event
    assert _notes(owner) == [NotificationVerb.ACKNOWLEDGE]
    assert _notes(editor) == []


def test_moderation_tells_the_author(page, reader, django_capture_on_commit_callbacks):
    moderator = UserFactory(username="mo", roles=["Moderators"])
    comment = CommentFactory(page=page, author=reader, status=Status.HIDDEN)
    run(
        django_capture_on_commit_callbacks,
        lambda: notify.item_moderated(comment, "hide", "Personal data", moderator),
    )
    note = Notification.objects.get(recipient=reader)
    assert note.verb == NotificationVerb.MODERATED
    assert note.detail == "Hidden by a moderator: Personal data"
    assert note.actor == moderator


# Fan-out ---------------------------------------------------------------------------------
def test_five_thousand_watchers_are_one_task_with_bounded_queries(
    page, owner, django_capture_on_commit_callbacks, mailoutbox
):
    from community.models import EmailFrequency, NotificationSettings
    from core.models import User

    User.objects.bulk_create(
        [User(username=f"w{n}", email=f"w{n}@example.com") for n in range(5000)]
    )
    people = list(User.objects.filter(username__startswith="w").values_list("pk", flat=True))
    Watch.objects.bulk_create([Watch(user_id=pk, page=page) for pk in people])
    # Ten read email as it happens; the rest get a daily digest.
    NotificationSettings.objects.bulk_create(
        [
            NotificationSettings(user_id=pk, email_frequency=EmailFrequency.DAILY)
            for pk in people[10:]
        ]
    )
    enqueued, spans = [], {}

    def on_enqueued(sender, task_result, **kwargs):
        enqueued.append(task_result.task.name)

    def on_started(sender, task_result, **kwargs):
        spans.setdefault(task_result.task.name, [len(queries.captured_queries)])

    def on_finished(sender, task_result, **kwargs):
        spans[task_result.task.name].append(len(queries.captured_queries))

    signals = (
        (task_enqueued, on_enqueued),
        (task_started, on_started),
        (task_finished, on_finished),
    )
    for signal, receiver in signals:
        signal.connect(receiver)
    try:
        with CaptureQueriesContext(connection) as queries:
            run(django_capture_on_commit_callbacks, lambda: publish(page, owner, change_note="v2"))
    finally:
        for signal, receiver in signals:
            signal.disconnect(receiver)
    assert [name for name in enqueued if name.startswith("notify")] == ["notify_published"]
    start, end = spans["notify_published"]
    # Rows go in batches (500, or fewer where SQLite caps a query's parameters): about 20
    # queries plus one insert per batch, never one per watcher.
    fields = [f for f in Notification._meta.concrete_fields if not f.primary_key]
    batch = min(500, connection.ops.bulk_batch_size(fields, [Notification()] * 5000))
    inserts = -(-5000 // batch)
    # Issue 19: each recipient's own version moves with their new notification (the
    # header's cached unread count): one upsert per batch of versions, never one per person.
    version_fields = list(CacheVersion._meta.concrete_fields)
    versions = -(-5000 // connection.ops.bulk_batch_size(version_fields, [CacheVersion()] * 5000))
    assert end - start <= 20 + inserts + versions, "\n".join(
        q["sql"][:100] for q in queries.captured_queries[start:end]
    )
    assert Notification.objects.filter(verb=NotificationVerb.PUBLISHED).count() == 5000
    assert len(mailoutbox) == 10


# The notification centre -----------------------------------------------------------------
@pytest.fixture
def two_notes(page, reader, owner):
    first = CommentFactory(page=page, author=owner, body="First")
    second = CommentFactory(page=page, author=owner, body="Second **bold**")
    notes = [
        Notification.objects.create(
            recipient=reader, verb=NotificationVerb.COMMENT, actor=owner, page=page, comment=c
        )
        for c in (first, second)
    ]
    return notes


def test_the_centre_lists_newest_first_with_unread_marked(signed_in, reader, two_notes):
    client = signed_in(reader)
    html = client.get("/community/notifications/").content.decode()
    assert html.index(f'id="notification-{two_notes[1].pk}"') < html.index(
        f'id="notification-{two_notes[0].pk}"'
    )
    assert html.count("notification--unread") == 2
    assert "Olga Owner</strong> commented on" in html
    assert "Second bold" in html  # the excerpt, as plain text
    assert "2 unread notifications" in html  # the header


def test_following_a_notification_marks_it_read_and_goes_to_the_comment(
    signed_in, reader, two_notes
):
    client = signed_in(reader)
    note = two_notes[0]
    response = client.get(f"/community/notifications/{note.pk}/open/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{note.comment_id}")
    note.refresh_from_db()
    assert note.read_at is not None
    assert "1 unread notification<" in client.get("/").content.decode()


def test_mark_one_and_mark_all_read(signed_in, reader, two_notes):
    client = signed_in(reader)
    response = client.post(f"/community/notifications/{two_notes[0].pk}/read/")
    assert response.status_code == 302
    assert Notification.objects.unread().filter(recipient=reader).count() == 1
    response = client.post(
        f"/community/notifications/{two_notes[1].pk}/read/", headers={"HX-Request": "true"}
    )
    assert response["HX-Trigger"] == "notifications-changed"
    assert "notification--unread" not in response.content.decode()

    Notification.objects.update(read_at=None)
    response = client.post("/community/notifications/read-all/", headers={"HX-Request": "true"})
    assert response["HX-Trigger"] == "notifications-changed"
    assert Notification.objects.unread().count() == 0
    count = client.get("/community/notifications/count/").content.decode()
    assert "0 unread notifications" in count
    assert 'data-count="0"' in count


def test_someone_elses_notification_is_403_and_an_unknown_one_404(
    signed_in, owner, reader, two_notes
):
    client = signed_in(owner)
    assert client.get(f"/community/notifications/{two_notes[0].pk}/open/").status_code == 403
    assert client.post(f"/community/notifications/{two_notes[0].pk}/read/").status_code == 403
    assert client.post("/community/notifications/999999/read/").status_code == 404
    assert client.get("/community/notifications/read-all/").status_code == 405
    assert Notification.objects.unread().count() == 2


def test_a_page_made_private_hides_its_notifications(signed_in, page, owner, reader, two_notes):
    client = signed_in(reader)
    make_private(page, owner)
    html = client.get("/community/notifications/").content.decode()
    assert 'data-testid="notification"' not in html
    assert "0 unread notifications" in html
    assert client.get(f"/community/notifications/{two_notes[0].pk}/open/").status_code == 404


def test_the_count_endpoint_is_empty_when_signed_out(client, db):
    assert client.get("/community/notifications/count/").status_code == 204


# Session, user, blocked paths, the paginator's count, the page of notifications, then the
# layout: site, brand settings, navigation, the header's unread count, two permission reads.
# 11 before issue 19 (user, profile and permissions in one query).
# 10 before the chrome was cached (issue 19: site, routing, permissions, settings,
# navigation from the cache).
# 5: 6 before the header's unread count was kept per reader under their own version
# (issue 19: community.notifications.services.unread_count).
CENTRE_QUERIES = 5


@pytest.mark.parametrize("how_many", [1, 30])
def test_the_centre_costs_the_same_queries_however_many(
    how_many, signed_in, page, owner, reader, django_assert_num_queries
):
    for n in range(how_many):
        comment = CommentFactory(page=page, author=owner, body=f"Comment {n}")
        Notification.objects.create(
            recipient=reader, verb=NotificationVerb.REPLY, actor=owner, page=page, comment=comment
        )
    client = signed_in(reader)
    client.get("/community/notifications/")
    with django_assert_num_queries(CENTRE_QUERIES):
        response = client.get("/community/notifications/")
    assert response.content.decode().count('data-testid="notification"') == min(how_many, 20)


def test_the_header_count_costs_one_query_then_none(signed_in, reader, two_notes, home):
    """The first page counts once; the next ones take the count kept for this reader
    (issue 19; tests/community/test_unread_cache.py shows it change when it should)."""
    client = signed_in(reader)
    with CaptureQueriesContext(connection) as first:
        client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert "2 unread notifications" in client.get("/").content.decode()
    counted = [q for q in first if "COUNT(*)" in q["sql"] and "community_notification" in q["sql"]]
    assert len(counted) == 1
    assert not [q for q in queries if "community_notification" in q["sql"]]


def test_restricted_group_members_still_see_their_notifications(signed_in, page, reader, two_notes):
    group = Group.objects.create(name="Finance")
    reader.groups.add(group)
    restrict_to_groups(page, group)
    html = signed_in(reader).get("/community/notifications/").content.decode()
    assert html.count('data-testid="notification"') == 2


def test_the_excerpt_is_escaped_once(signed_in, reader, page, owner):
    """A comment's `>` and `&` reach the reader as `>` and `&` (escaped once in the
    HTML), never as the text `&gt;` (the rendered text's entities escaped again)."""
    comment = CommentFactory(page=page, author=owner, body="If latency > 200 ms & it's red")
    assert "&gt;" in comment.body_html  # what the excerpt is cut from is HTML
    Notification.objects.create(
        recipient=reader, verb=NotificationVerb.COMMENT, actor=owner, page=page, comment=comment
    )
    html = signed_in(reader).get("/community/notifications/").content.decode()
    assert "If latency &gt; 200 ms &amp; it&#x27;s red" in html
    assert "&amp;gt;" not in html and "&amp;amp;" not in html
