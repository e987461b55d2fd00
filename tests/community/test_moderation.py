"""Readers report comments and shared annotations; enough reports hide a post until a
moderator reviews it; moderators work a queue in Wagtail's admin (hide, restore, remove,
dismiss, always with a reason), the author is told and Wagtail's audit log keeps it all."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry, PageViewRestriction

from community.models import Flag, FlagReason, Status, Visibility
from community.moderation import services as moderation
from tests.community.factories import AnnotationFactory, CommentFactory
from tests.factories import (
    KnowledgeIndexPageFactory,
    KnowledgePageFactory,
    SpacePageFactory,
    UserFactory,
)

QUEUE_URL = "/admin/moderation/"


def flag_url(kind, pk):
    return f"/community/flag/{kind}/{pk}/"


def detail_url(kind, pk):
    return f"{QUEUE_URL}{kind}/{pk}/"


@pytest.fixture
def page(home):
    index = KnowledgeIndexPageFactory(parent=home)
    space = SpacePageFactory(parent=index)
    return KnowledgePageFactory(parent=space, title="Expense policy")


@pytest.fixture
def author(db):
    return UserFactory(username="arthur", roles=["Employees"])


@pytest.fixture
def comment(page, author):
    return CommentFactory(page=page, author=author, body="Buy cheap watches at example.com")


@pytest.fixture
def moderator(db):
    return UserFactory(username="mona", roles=["Employees", "Moderators"])


@pytest.fixture
def moderator_client(moderator, signed_in):
    return signed_in(moderator)


def reader(name):
    return UserFactory(username=name, roles=["Employees"])


def report(signed_in, user, kind, item, reason="spam", note="", headers=None):
    return signed_in(user).post(
        flag_url(kind, item.pk), {"reason": reason, "note": note}, headers=headers or {}
    )


# Reporting -----------------------------------------------------------------------------


def test_a_reader_opens_the_report_form_and_reports_a_comment(employee_client, comment):
    form = employee_client.get(flag_url("comment", comment.pk))
    assert form.status_code == 200
    assert 'data-testid="flag-form"' in form.content.decode()
    assert "Buy cheap watches" in form.content.decode()

    response = employee_client.post(
        flag_url("comment", comment.pk),
        {"reason": FlagReason.SPAM, "note": "An advert"},
        follow=True,
    )
    assert response.redirect_chain[0][0] == f"{comment.page.url}#comment-{comment.pk}"
    assert "Thanks, a moderator will look at it." in response.content.decode()
    flag = Flag.objects.get()
    assert (flag.comment, flag.page_id, flag.reason, flag.note) == (
        comment,
        comment.page_id,
        FlagReason.SPAM,
        "An advert",
    )
    comment.refresh_from_db()
    assert (comment.flag_count, comment.status) == (1, Status.VISIBLE)


def test_with_htmx_the_form_and_the_thanks_are_fragments(employee_client, comment):
    url = flag_url("comment", comment.pk)
    form = employee_client.get(url, headers={"HX-Request": "true"})
    assert form.status_code == 200
    assert "<html" not in form.content.decode()
    assert f'hx-post="{url}"' in form.content.decode()

    invalid = employee_client.post(url, {"reason": "nonsense"}, headers={"HX-Request": "true"})
    assert invalid.status_code == 400
    assert 'data-testid="flag-reason-error"' in invalid.content.decode()
    assert not Flag.objects.exists()

    done = employee_client.post(url, {"reason": "abuse"}, headers={"HX-Request": "true"})
    assert done.status_code == 200
    assert "<html" not in done.content.decode()
    assert "Thanks, a moderator will look at it." in done.content.decode()


def test_reporting_twice_counts_once(signed_in, employee, comment):
    first = report(signed_in, employee, "comment", comment)
    assert first.status_code == 302
    again = signed_in(employee).post(
        flag_url("comment", comment.pk), {"reason": "abuse"}, follow=True
    )
    assert again.status_code == 200
    assert "You already reported this." in again.content.decode()
    htmx = report(signed_in, employee, "comment", comment, headers={"HX-Request": "true"})
    assert htmx.status_code == 200
    assert "You already reported this." in htmx.content.decode()
    assert Flag.objects.count() == 1
    comment.refresh_from_db()
    assert comment.flag_count == 1


def test_the_service_says_so_when_reported_twice(employee, comment):
    _flag, created = moderation.flag_item(employee, comment, FlagReason.SPAM)
    _again, created_again = moderation.flag_item(employee, comment, FlagReason.ABUSE)
    assert (created, created_again) == (True, False)
    comment.refresh_from_db()
    assert comment.flag_count == 1


def test_the_author_cannot_report_their_own_post(signed_in, author, comment):
    response = signed_in(author).post(flag_url("comment", comment.pk), {"reason": "spam"})
    assert response.status_code == 302
    htmx = signed_in(author).post(
        flag_url("comment", comment.pk), {"reason": "spam"}, headers={"HX-Request": "true"}
    )
    assert htmx.status_code == 400
    assert "You cannot report your own post" in htmx.content.decode()
    assert not Flag.objects.exists()


def test_a_long_note_is_refused_with_the_limit(employee_client, comment):
    response = employee_client.post(
        flag_url("comment", comment.pk), {"reason": "other", "note": "x" * 5000}
    )
    assert response.status_code == 400
    assert "500" in response.content.decode()
    assert not Flag.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, comment):
    response = client.post(flag_url("comment", comment.pk), {"reason": "spam"})
    assert response.status_code == 302
    assert "/accounts/" in response["Location"] or "login" in response["Location"]
    assert not Flag.objects.exists()


@override_settings(HEARTH_FLAGS_TO_HIDE=2)
def test_enough_reports_hide_the_comment_until_reviewed(signed_in, comment, page):
    other = signed_in(reader("carl"))
    assert "Buy cheap watches" in other.get(page.url).content.decode()
    report(signed_in, reader("ann"), "comment", comment)
    comment.refresh_from_db()
    assert comment.status == Status.VISIBLE
    report(signed_in, reader("ben"), "comment", comment, reason="abuse")
    comment.refresh_from_db()
    assert (comment.status, comment.flag_count) == (Status.PENDING, 2)

    assert "Buy cheap watches" not in other.get(page.url).content.decode()
    # Nobody can report (or reach) what is hidden.
    assert other.post(flag_url("comment", comment.pk), {"reason": "spam"}).status_code == 404
    entry = ModelLogEntry.objects.get(action="hearth.comment.pending")
    assert entry.object_id == str(comment.pk)
    assert entry.user is None
    assert "2 readers reported it." in entry.data["reason"]


def test_a_reader_cannot_report_on_a_page_they_cannot_see(signed_in, comment, page):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="groups")
    restriction.groups.set([Group.objects.get_or_create(name="Leadership")[0]])
    response = signed_in(reader("eve")).post(flag_url("comment", comment.pk), {"reason": "spam"})
    assert response.status_code == 404
    assert signed_in(reader("fay")).get(flag_url("comment", comment.pk)).status_code == 404
    assert not Flag.objects.exists()


def test_a_private_annotation_cannot_be_reported(signed_in, page, author):
    private = AnnotationFactory(page=page, author=author, visibility=Visibility.PRIVATE)
    client = signed_in(reader("gil"))
    assert client.post(flag_url("annotation", private.pk), {"reason": "spam"}).status_code == 404
    assert not Flag.objects.exists()


def test_a_shared_annotation_can_be_reported(signed_in, page, author):
    shared = AnnotationFactory(page=page, author=author, body="Rude note")
    response = report(signed_in, reader("hal"), "annotation", shared, reason="abuse")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#annotation-{shared.pk}")
    assert Flag.objects.get().annotation == shared
    shared.refresh_from_db()
    assert shared.flag_count == 1


@pytest.mark.parametrize(
    "url", ["/community/flag/page/1/", "/community/flag/comment/999999/", "/community/flag/x/1/"]
)
def test_bad_kinds_and_ids_are_404(employee_client, comment, url):
    assert employee_client.post(url, {"reason": "spam"}).status_code == 404
    assert employee_client.get(url).status_code == 404


def test_a_deleted_comment_cannot_be_reported(employee_client, comment):
    comment.status = Status.DELETED
    comment.save()
    response = employee_client.post(flag_url("comment", comment.pk), {"reason": "spam"})
    assert response.status_code == 404


def test_the_report_link_shows_on_others_posts_only(rf, comment, author, employee):
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = employee
    html = render_to_string(
        "community/includes/flag_form.html", {"item": comment, "kind": "comment"}, request
    )
    assert f'href="{flag_url("comment", comment.pk)}"' in html
    request.user = author
    html = render_to_string(
        "community/includes/flag_form.html", {"item": comment, "kind": "comment"}, request
    )
    assert "flag-link" not in html


# The queue ---------------------------------------------------------------------------


@override_settings(HEARTH_FLAGS_TO_HIDE=2)
def test_the_queue_lists_reported_posts_pending_first(moderator_client, page, author):
    older = CommentFactory(page=page, author=author, body="Reported once")
    pending = CommentFactory(page=page, author=author, body="Reported twice")
    note = AnnotationFactory(page=page, author=author, body="Reported annotation")
    moderation.flag_item(reader("ivy"), pending, FlagReason.SPAM)
    moderation.flag_item(reader("ivy"), older, FlagReason.OFF_TOPIC)
    moderation.flag_item(reader("jon"), pending, FlagReason.ABUSE, "Rude")
    moderation.flag_item(reader("jon"), note, FlagReason.PERSONAL)

    response = moderator_client.get(QUEUE_URL)
    assert response.status_code == 200
    html = response.content.decode()
    rows = [
        html.index(f'data-testid="queue-row-comment-{pending.pk}"'),
        html.index(f'data-testid="queue-row-annotation-{note.pk}"'),
        html.index(f'data-testid="queue-row-comment-{older.pk}"'),
    ]
    assert rows[0] == min(rows)  # hidden until reviewed comes first
    assert "Spam or advertising" in html and "Rude, abusive or harassing" in html
    assert "Expense policy" in html
    assert "hidden until reviewed" in html


def test_the_queue_costs_the_same_queries_for_few_and_many(
    moderator, moderator_client, page, django_assert_num_queries
):
    def count_queries():
        moderator_client.get(QUEUE_URL)  # warm caches (content types, site root)
        with CaptureQueriesContext(connection) as queries:
            assert moderator_client.get(QUEUE_URL).status_code == 200
        return len(queries)

    for decided in (CommentFactory(page=page), AnnotationFactory(page=page)):
        moderation.flag_item(reader("kim"), decided, FlagReason.SPAM)
        moderation.hide(moderator, decided, "Spam")
    moderation.flag_item(reader("kim"), CommentFactory(page=page), FlagReason.SPAM)
    moderation.flag_item(reader("kim"), AnnotationFactory(page=page), FlagReason.SPAM)
    few = count_queries()
    for number in range(12):
        item = (CommentFactory if number % 2 else AnnotationFactory)(page=page)
        moderation.flag_item(reader(f"lee{number}"), item, FlagReason.SPAM)
        if number % 3 == 0:
            moderation.remove(moderator, item, "Spam")
    moderator_client.get(QUEUE_URL)
    with django_assert_num_queries(few):
        moderator_client.get(QUEUE_URL)


def test_recent_decisions_lead_back_to_hidden_posts(moderator, moderator_client, comment, page):
    moderation.flag_item(reader("nia"), comment, FlagReason.SPAM)
    moderation.hide(moderator, comment, "Advertising")
    html = moderator_client.get(QUEUE_URL).content.decode()
    assert f'href="{detail_url("comment", comment.pk)}"' in html
    assert "Advertising" in html
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="groups")
    restriction.groups.set([Group.objects.get_or_create(name="Leadership")[0]])
    html = moderator_client.get(QUEUE_URL).content.decode()
    assert detail_url("comment", comment.pk) not in html


def test_the_queue_paginates(moderator_client, page):
    for number in range(27):
        moderation.flag_item(reader(f"max{number}"), CommentFactory(page=page), FlagReason.SPAM)
    first = moderator_client.get(QUEUE_URL).content.decode()
    second = moderator_client.get(QUEUE_URL + "?p=2").content.decode()
    assert first.count('data-testid="queue-open"') == 25
    assert second.count('data-testid="queue-open"') == 2


def test_private_annotations_never_reach_the_queue(moderator, moderator_client, page, author):
    private = AnnotationFactory(page=page, author=author, visibility=Visibility.PRIVATE)
    # Even a flag row written behind the services' back stays out of sight.
    Flag.objects.create(page=page, annotation=private, flagged_by=reader("ned"), reason="spam")
    assert f"annotation-{private.pk}" not in moderator_client.get(QUEUE_URL).content.decode()
    assert moderator_client.get(detail_url("annotation", private.pk)).status_code == 404
    with pytest.raises(PermissionDenied):
        moderation.hide(moderator, private, "no")


def test_the_detail_shows_the_post_in_context(moderator_client, page, author):
    parent = CommentFactory(page=page, body="What about train tickets?")
    reply = CommentFactory(page=page, parent=parent, author=author, body="Spam reply here")
    olav = reader("olav")
    moderation.flag_item(olav, reply, FlagReason.SPAM, "Looks like an advert")
    annotation = AnnotationFactory(
        page=page, author=author, exact="receipts", prefix="Keep all ", body="Not true"
    )
    moderation.flag_item(reader("olav"), annotation, FlagReason.OTHER)

    html = moderator_client.get(detail_url("comment", reply.pk)).content.decode()
    assert "Expense policy" in html
    assert "What about train tickets?" in html  # the parent
    assert "Spam reply here" in html
    assert "Looks like an advert" in html
    assert olav.display_name in html
    assert 'data-testid="author-history"' in html
    for action in ("hide", "remove", "dismiss"):
        assert f'data-testid="moderate-{action}"' in html
    assert 'data-testid="moderate-restore"' not in html

    html = moderator_client.get(detail_url("annotation", annotation.pk)).content.decode()
    assert "<mark>receipts</mark>" in html
    assert "Keep all" in html


# Decisions ---------------------------------------------------------------------------


def test_a_moderator_hides_restores_and_removes_with_a_reason(
    moderator, moderator_client, comment, django_capture_on_commit_callbacks
):
    moderation.flag_item(reader("pam"), comment, FlagReason.SPAM)
    url = detail_url("comment", comment.pk)

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(url, {"action": "hide", "reason": "Advertising"})
    assert response.status_code == 302
    assert response["Location"] == QUEUE_URL
    comment.refresh_from_db()
    assert (comment.status, comment.flag_count) == (Status.HIDDEN, 0)
    assert not Flag.objects.filter(reviewed_at__isnull=True).exists()
    assert f"comment-{comment.pk}" not in moderator_client.get(QUEUE_URL).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(url, {"action": "restore", "reason": "It was a real offer"})
    comment.refresh_from_db()
    assert comment.status == Status.VISIBLE

    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(url, {"action": "remove", "reason": "Repeated advertising"})
    comment.refresh_from_db()
    assert comment.status == Status.REMOVED
    assert comment.body == "Buy cheap watches at example.com"  # kept for the audit trail

    entries = ModelLogEntry.objects.for_instance(comment).order_by("timestamp", "pk")
    assert [(e.action, e.user, e.data["reason"]) for e in entries] == [
        ("hearth.comment.hide", moderator, "Advertising"),
        ("hearth.comment.restore", moderator, "It was a real offer"),
        ("hearth.comment.remove", moderator, "Repeated advertising"),
    ]
    assert entries[0].message == "Hid the comment"
    assert entries[0].comment == "Advertising"

    # Removed is final: nothing more to do, and a forged POST changes nothing.
    response = moderator_client.post(url, {"action": "restore", "reason": "Undo"})
    assert response.status_code == 400
    comment.refresh_from_db()
    assert comment.status == Status.REMOVED


def test_a_removed_post_is_gone_from_the_page(moderator, signed_in, comment, page):
    assert "Buy cheap watches" in signed_in(reader("rob")).get(page.url).content.decode()
    moderation.flag_item(reader("quin"), comment, FlagReason.SPAM)
    moderation.remove(moderator, comment, "Spam")
    assert "Buy cheap watches" not in signed_in(reader("rob")).get(page.url).content.decode()


@override_settings(HEARTH_FLAGS_TO_HIDE=1)
def test_dismissing_the_reports_puts_a_pending_post_back(moderator, moderator_client, comment):
    moderation.flag_item(reader("sam"), comment, FlagReason.OFF_TOPIC)
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    response = moderator_client.post(
        detail_url("comment", comment.pk), {"action": "dismiss", "reason": "It is on topic"}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.status, comment.flag_count) == (Status.VISIBLE, 0)
    assert ModelLogEntry.objects.filter(action="hearth.comment.dismiss", user=moderator).exists()
    # The next report is counted afresh, not on top of the dismissed ones.
    moderation.flag_item(reader("tom"), comment, FlagReason.SPAM)
    comment.refresh_from_db()
    assert (comment.status, comment.flag_count) == (Status.PENDING, 1)


def test_an_annotation_is_moderated_like_a_comment(moderator, moderator_client, page, author):
    annotation = AnnotationFactory(page=page, author=author, body="Nasty")
    moderation.flag_item(reader("uma"), annotation, FlagReason.ABUSE)
    response = moderator_client.post(
        detail_url("annotation", annotation.pk), {"action": "hide", "reason": "Abusive"}
    )
    assert response.status_code == 302
    annotation.refresh_from_db()
    assert annotation.status == Status.HIDDEN
    entry = ModelLogEntry.objects.get(action="hearth.annotation.hide")
    assert (entry.user, entry.data["reason"]) == (moderator, "Abusive")


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_decision_needs_a_reason(moderator_client, comment, reason):
    moderation.flag_item(reader("val"), comment, FlagReason.SPAM)
    response = moderator_client.post(
        detail_url("comment", comment.pk), {"action": "hide", "reason": reason}
    )
    assert response.status_code == 400
    assert "Give a reason" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Status.VISIBLE
    assert not ModelLogEntry.objects.filter(action__startswith="hearth.comment.").exists()


def test_an_unknown_action_is_refused(moderator_client, comment):
    response = moderator_client.post(
        detail_url("comment", comment.pk), {"action": "explode", "reason": "Because"}
    )
    assert response.status_code == 400
    comment.refresh_from_db()
    assert comment.status == Status.VISIBLE


def test_the_author_is_told(moderator, comment, author, django_capture_on_commit_callbacks):
    from community.models import Notification, NotificationVerb

    moderation.flag_item(reader("wes"), comment, FlagReason.SPAM)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide(moderator, comment, "Advertising is not allowed")
    told = Notification.objects.get(recipient=author)
    assert told.verb == NotificationVerb.MODERATED
    assert "Advertising is not allowed" in told.detail


# Who may moderate --------------------------------------------------------------------


def test_editors_and_readers_may_not_moderate(signed_in, comment):
    moderation.flag_item(reader("xan"), comment, FlagReason.SPAM)
    editor = signed_in(UserFactory(username="edna", roles=["Employees", "Editors"]))
    assert editor.get(QUEUE_URL).status_code == 403
    assert editor.get(detail_url("comment", comment.pk)).status_code == 403
    response = editor.post(detail_url("comment", comment.pk), {"action": "hide", "reason": "x"})
    assert response.status_code == 403
    employee = signed_in(reader("yul"))
    assert employee.get(QUEUE_URL).status_code in (302, 403)
    response = employee.post(detail_url("comment", comment.pk), {"action": "hide", "reason": "x"})
    assert response.status_code in (302, 403)
    comment.refresh_from_db()
    assert comment.status == Status.VISIBLE
    with pytest.raises(PermissionDenied):
        moderation.hide(UserFactory(username="zed", roles=["Employees"]), comment, "No")


def test_administrators_may_moderate(signed_in, comment):
    admin = signed_in(UserFactory(username="ada", roles=["Administrators"]))
    assert admin.get(QUEUE_URL).status_code == 200


def test_the_menu_item_shows_for_moderators_only(moderator_client, signed_in):
    assert "/admin/moderation/" in moderator_client.get("/admin/").content.decode()
    editor = signed_in(UserFactory(username="ed", roles=["Editors"]))
    assert "/admin/moderation/" not in editor.get("/admin/").content.decode()


def test_moderators_do_not_see_posts_on_pages_they_cannot_read(moderator_client, comment, page):
    moderation.flag_item(reader("abe"), comment, FlagReason.SPAM)
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="groups")
    restriction.groups.set([Group.objects.get_or_create(name="Leadership")[0]])
    assert f"comment-{comment.pk}" not in moderator_client.get(QUEUE_URL).content.decode()
    assert moderator_client.get(detail_url("comment", comment.pk)).status_code == 404


def test_administrators_find_the_actions_in_the_site_history(moderator, signed_in, comment):
    moderation.flag_item(reader("bea"), comment, FlagReason.SPAM)
    moderation.hide(moderator, comment, "Advertising")
    superuser = UserFactory(username="root", is_superuser=True)
    response = signed_in(superuser).get("/admin/reports/site-history/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hid the comment" in html
    assert detail_url("comment", comment.pk) in html


@override_settings(HEARTH_FLAGS_TO_HIDE=1)
def test_the_author_hears_when_reports_hide_their_post(
    comment, author, django_capture_on_commit_callbacks
):
    from community.models import Notification, NotificationVerb

    with django_capture_on_commit_callbacks(execute=True):
        moderation.flag_item(reader("xia"), comment, FlagReason.SPAM)
    told = Notification.objects.get(recipient=author)
    assert (told.verb, told.actor, told.comment) == (NotificationVerb.MODERATED, None, comment)
    assert "Hidden until a moderator reviews it" in told.detail


def test_readers_find_the_report_link_on_the_page(signed_in, comment, page, author):
    html = signed_in(reader("yan")).get(page.url).content.decode()
    assert f'href="{flag_url("comment", comment.pk)}"' in html
    own = signed_in(author).get(page.url).content.decode()
    assert f'href="{flag_url("comment", comment.pk)}"' not in own


@override_settings(HEARTH_FLAGS_TO_HIDE=1)
def test_one_report_is_told_in_the_singular(signed_in, comment):
    report(signed_in, reader("ann"), "comment", comment)
    entry = ModelLogEntry.objects.get(action="hearth.comment.pending")
    assert entry.data["reason"] == "1 reader reported it."
