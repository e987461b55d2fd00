"""The review cycle: owners' digests, stale notices to space owners, the hide and archive
policies (with restore), the reader's banner, and the stale-content report."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import PageLogEntry

from community.models import Notification, NotificationVerb
from demo.loaders import review as demo_review
from governance.review import services as review
from governance.review.services import ReviewState
from knowledge.models import (
    STALE_AFTER,
    ArchivedPage,
    ArchivePage,
    KnowledgePage,
    ReviewStatus,
    StalePolicy,
    Verification,
)
from tests.factories import (
    KnowledgeIndexPageFactory,
    KnowledgePageFactory,
    SpacePageFactory,
    UserFactory,
    publish,
)

INTERVAL = 180  # the spaces' default review interval
REPORT = "/admin/reports/stale-content/"


@pytest.fixture
def owner(db):
    return UserFactory(username="olga", first_name="Olga", roles=["Employees"])


@pytest.fixture
def author(db):
    return UserFactory(username="carl", first_name="Carl", roles=["Employees"])


@pytest.fixture
def index(home):
    return KnowledgeIndexPageFactory(parent=home)


@pytest.fixture
def space(index, owner):
    return SpacePageFactory(parent=index, title="Finance", owners=[owner], edit_policy="editors")


def page_due_in(parent, days: int, *, owner=None, title=None, published_days_ago=None):
    """A live page whose review falls due `days` from now (negative: that long ago),
    never verified, last published `published_days_ago` days ago (default: first
    publication)."""
    page = KnowledgePageFactory(
        parent=parent, content_owner=owner, **({"title": title} if title else {})
    )
    publish(page, owner)
    first = timezone.now() + timedelta(days=days - INTERVAL)
    last = first if published_days_ago is None else timezone.now() - timedelta(published_days_ago)
    KnowledgePage.objects.filter(pk=page.pk).update(
        first_published_at=first, last_published_at=last
    )
    review.refresh_due_dates(KnowledgePage.objects.filter(pk=page.pk))  # dated around signals
    page.refresh_from_db()
    return page


def stale_for(days: int) -> int:
    """`page_due_in` days for a page stale for `days` days."""
    return -(STALE_AFTER.days + days + 1)


def run_job(capture):
    with capture(execute=True):
        call_command("review_reminders", stdout=io.StringIO())


def states() -> dict[str, str]:
    return dict(review.review_pages().values_list("title", "review_state"))


# Review states in SQL ------------------------------------------------------------------
def test_states_computed_in_sql_agree_with_the_page_badge(space, author):
    page_due_in(space, 60, owner=author, title="Fresh")
    page_due_in(space, 10, owner=author, title="Soon")
    page_due_in(space, -5, owner=author, title="Late")
    page_due_in(space, stale_for(2), owner=author, title="Old")
    assert states() == {
        "Fresh": ReviewState.OK,
        "Soon": ReviewState.DUE_SOON,
        "Late": ReviewState.OVERDUE,
        "Old": ReviewState.STALE,
    }
    for page in review.review_pages():
        expected = {"Late": ReviewStatus.REVIEW_DUE, "Old": ReviewStatus.STALE}
        if page.title in expected:
            assert page.review_status() == expected[page.title]
        expected = KnowledgePage.objects.get(pk=page.pk).review_due_at()
        assert page.review_due_at() == expected  # annotations: no query
        assert abs(page.next_review_at - expected) < timedelta(seconds=1)


def test_a_verification_and_the_page_interval_move_the_due_date(space, author):
    late = page_due_in(space, -5, owner=author, title="Late")
    Verification.objects.create(page=late, verified_by=author)
    assert states()["Late"] == ReviewState.OK
    publish(late, author, review_interval_days=7)  # the editor shortens the interval
    assert states()["Late"] == ReviewState.DUE_SOON
    publish(late, author, review_interval_days=None)  # back to the space's 180 days
    assert states()["Late"] == ReviewState.OK


# The stored due date (KnowledgePage.next_review_at) follows every change to its inputs
def stored_due(page) -> timedelta:
    """How far from now the stored review date is (rounded to days)."""
    due = KnowledgePage.objects.values_list("next_review_at", flat=True).get(pk=page.pk)
    return timedelta(days=round((due - timezone.now()) / timedelta(days=1)))


def test_a_space_interval_change_moves_its_pages_dates(space, author, owner):
    own = page_due_in(space, 10, owner=author, title="Own interval")
    publish(own, author, review_interval_days=400)
    inherits = page_due_in(space, 10, owner=author, title="Space interval")
    before = stored_due(own)
    publish(space, owner, review_interval_days=INTERVAL + 90)  # a task, immediate in tests
    assert stored_due(inherits) == timedelta(days=100)
    assert stored_due(own) == before  # its own interval wins
    assert states()["Space interval"] == ReviewState.OK


def test_moving_a_page_to_another_space_takes_that_space_interval(index, space, author):
    quarterly = SpacePageFactory(parent=index, title="Sales", review_interval_days=90)
    page = page_due_in(space, 10, owner=author, title="Moving")
    page.move(quarterly, pos="last-child")
    assert stored_due(page) == timedelta(days=10 - INTERVAL + 90)
    assert states()["Moving"] == ReviewState.STALE


def test_the_nightly_job_heals_a_date_written_around_the_signals(
    space, author, django_capture_on_commit_callbacks
):
    page = page_due_in(space, 60, owner=author, title="Imported")
    # A bulk import writes an old publication date straight to the table.
    KnowledgePage.objects.filter(pk=page.pk).update(
        first_published_at=timezone.now() - timedelta(days=INTERVAL + 3)
    )
    assert states()["Imported"] == ReviewState.OK  # stored: not recomputed yet
    run_job(django_capture_on_commit_callbacks)
    assert states()["Imported"] == ReviewState.OVERDUE


def test_an_archived_page_keeps_its_space_interval_and_restoring_counts_as_verified(
    index, author, owner, django_capture_on_commit_callbacks
):
    quarterly = SpacePageFactory(
        parent=index,
        title="Ops",
        owners=[owner],
        review_interval_days=90,
        stale_policy=StalePolicy.ARCHIVE,
        stale_policy_days=5,
    )
    page = page_due_in(quarterly, stale_for(6), owner=author, title="Old runbook")
    page_due_in(quarterly, 10, owner=author, title="Fresh runbook")
    due = KnowledgePage.objects.get(pk=page.pk).next_review_at
    run_job(django_capture_on_commit_callbacks)
    assert ArchivedPage.objects.filter(page=page.pk).exists()
    # Under the archive (no space of its own), its date still follows the space it came from.
    assert KnowledgePage.objects.get(pk=page.pk).next_review_at == due
    review.restore_archived(owner, page)
    assert stored_due(page) == timedelta(days=90)
    assert states()["Old runbook"] == ReviewState.OK


# The owners' digest --------------------------------------------------------------------
def test_each_owner_gets_one_digest_of_due_and_overdue_pages(
    space, author, owner, mailoutbox, django_capture_on_commit_callbacks
):
    page_due_in(space, 10, owner=author, title="Travel policy")
    page_due_in(space, -3, owner=author, title="Expense policy")
    page_due_in(space, stale_for(1), owner=author, title="Laptop guide")
    page_due_in(space, 90, owner=author, title="Holiday calendar")
    dora = UserFactory(username="dora", roles=["Employees"])
    page_due_in(space, 1, owner=dora, title="Payroll dates")

    run_job(django_capture_on_commit_callbacks)

    mails = {mail.to[0]: mail for mail in mailoutbox}
    assert sorted(mails) == ["carl@example.com", "dora@example.com"]
    body = mails["carl@example.com"].body
    overdue, soon = body.split("Due for review within 14 days")
    assert "Expense policy" in overdue and "Laptop guide" in overdue
    assert "Travel policy" in soon and "Expense policy" not in soon
    assert "Holiday calendar" not in body and "Payroll dates" not in body
    assert "3 pages to review" in mails["carl@example.com"].subject
    assert "http://testserver/pages/reviews/" in body
    assert mails["carl@example.com"].alternatives[0][1] == "text/html"
    notice = Notification.objects.get(recipient=author, verb=NotificationVerb.REVIEW_DUE)
    assert notice.link == "/pages/reviews/"
    assert notice.detail == "2 overdue, 1 due within 14 days."
    assert notice.emailed_at is not None  # the daily notification digest will not repeat it


def test_running_twice_the_same_day_sends_nothing_new(
    space, author, mailoutbox, django_capture_on_commit_callbacks
):
    page_due_in(space, -3, owner=author, title="Expense policy")
    run_job(django_capture_on_commit_callbacks)
    run_job(django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    assert Notification.objects.filter(verb=NotificationVerb.REVIEW_DUE).count() == 1
    # The next day the owner is reminded again, while the page is still overdue.
    with django_capture_on_commit_callbacks(execute=True):
        review.send_review_reminders(timezone.now() + timedelta(days=1))
    assert len(mailoutbox) == 2


def test_owners_who_want_no_email_get_the_notification_only(
    space, author, mailoutbox, django_capture_on_commit_callbacks
):
    from community.notifications.services import set_email_frequency

    set_email_frequency(author, "never")
    page_due_in(space, -3, owner=author)
    run_job(django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert Notification.objects.filter(recipient=author, verb=NotificationVerb.REVIEW_DUE)


# Stale pages: the space owners are told, once per review cycle --------------------------
def test_space_owners_hear_once_about_pages_stale_for_the_set_time(
    settings, space, owner, mailoutbox, django_capture_on_commit_callbacks
):
    settings.HEARTH_STALE_NOTIFY_DAYS = 5
    long_stale = page_due_in(space, stale_for(6), title="Ancient runbook")
    page_due_in(space, stale_for(2), title="Recently stale")

    run_job(django_capture_on_commit_callbacks)

    told = Notification.objects.filter(verb=NotificationVerb.STALE)
    assert list(told.values_list("recipient__username", "page_id")) == [("olga", long_stale.pk)]
    (mail,) = mailoutbox
    assert mail.to == ["olga@example.com"]
    assert "Ancient runbook" in mail.body and "Recently stale" not in mail.body
    assert "Stale for more than 5 days in spaces you own" in mail.body

    run_job(django_capture_on_commit_callbacks)
    assert told.count() == 1 and len(mailoutbox) == 1

    # Verified, it starts a new cycle: when it is stale again, the owners hear again.
    Verification.objects.create(page=long_stale, verified_by=owner)
    later = timezone.now() + timedelta(days=INTERVAL + STALE_AFTER.days + 6 + 1)
    with django_capture_on_commit_callbacks(execute=True):
        review.send_review_reminders(later)
    assert told.filter(page=long_stale).count() == 2


# The hide policy -----------------------------------------------------------------------
def test_hide_policy_hides_shows_a_banner_and_verifying_clears_it(
    space, owner, employee_client, signed_in
):
    space.stale_policy, space.stale_policy_days = StalePolicy.HIDE, 10
    space.save()
    hidden = page_due_in(space, stale_for(11), owner=owner, title="Old travel policy")
    edited = page_due_in(space, stale_for(11), title="Edited lately", published_days_ago=2)
    page_due_in(space, stale_for(3), title="Not long stale")

    report = review.apply_stale_policies()

    assert report.hidden == [hidden.pk]
    hidden.refresh_from_db()
    assert hidden.hidden_as_stale_at is not None
    assert PageLogEntry.objects.filter(page=hidden, action=review.LOG_HIDDEN).exists()
    assert review.apply_stale_policies().hidden == []  # idempotent
    html = employee_client.get(hidden.url).content.decode()
    assert 'data-testid="stale-banner"' in html
    assert "it is hidden from search until an owner verifies it" in html
    assert 'data-testid="stale-banner"' not in employee_client.get(edited.url).content.decode()

    assert signed_in(owner).post(f"/pages/{hidden.pk}/verify/").status_code == 302
    hidden.refresh_from_db()
    assert hidden.hidden_as_stale_at is None
    assert 'data-testid="stale-banner"' not in employee_client.get(hidden.url).content.decode()
    assert review.apply_stale_policies().hidden == []


def test_republishing_clears_the_hidden_flag(space, owner):
    page = page_due_in(space, stale_for(1), owner=owner)
    KnowledgePage.objects.filter(pk=page.pk).update(hidden_as_stale_at=timezone.now())
    page.refresh_from_db()
    publish(page, owner, change_note="Checked and updated")
    assert page.hidden_as_stale_at is None
    assert PageLogEntry.objects.filter(page=page, action=review.LOG_UNHIDDEN).exists()


# The archive policy and restoring --------------------------------------------------------
@pytest.fixture
def archiving_space(space):
    space.stale_policy, space.stale_policy_days = StalePolicy.ARCHIVE, 0
    space.save()
    return space


def test_archive_policy_unpublishes_and_moves_pages_to_the_archive(
    archiving_space, owner, employee_client
):
    leaf = page_due_in(archiving_space, stale_for(1), title="Old expenses")
    with_child = page_due_in(archiving_space, stale_for(1), title="Old handbook")
    KnowledgePageFactory(parent=with_child, title="Chapter")
    url = leaf.url

    report = review.apply_stale_policies()

    assert report.archived == [leaf.pk]
    assert report.hidden == [with_child.pk]  # archiving it would take its sub-pages along
    leaf.refresh_from_db()
    assert not leaf.live
    assert isinstance(leaf.get_parent().specific, ArchivePage)
    record = ArchivedPage.objects.get(page=leaf)
    assert record.original_parent_id == archiving_space.pk
    assert PageLogEntry.objects.filter(page=leaf, action=review.LOG_ARCHIVED).exists()
    assert employee_client.get(url).status_code == 404
    assert states()["Old expenses"] == ReviewState.ARCHIVED
    assert review.apply_stale_policies().archived == []  # idempotent


def test_owners_restore_an_archived_page_others_cannot(
    archiving_space, owner, employee_client, signed_in
):
    leaf = page_due_in(archiving_space, stale_for(1), title="Old expenses")
    review.apply_stale_policies()
    restore = f"/pages/{leaf.pk}/restore/"

    assert signed_in(owner).get(restore).status_code == 405
    assert employee_client.post(restore).status_code == 403
    not_archived = page_due_in(archiving_space, 30)
    assert signed_in(owner).post(f"/pages/{not_archived.pk}/restore/").status_code == 404
    assert signed_in(owner).post("/pages/999999/restore/").status_code == 404
    assert ArchivedPage.objects.filter(page=leaf).exists()

    response = signed_in(owner).post(restore, {"next": "https://evil.example/"})
    leaf.refresh_from_db()
    assert response.status_code == 302 and response.url == leaf.url
    assert leaf.live and leaf.get_parent().pk == archiving_space.pk
    assert not ArchivedPage.objects.filter(page=leaf).exists()
    assert PageLogEntry.objects.filter(page=leaf, action=review.LOG_RESTORED).exists()
    assert employee_client.get(leaf.url).status_code == 200
    # Restoring counts as a review: the next run does not archive it again.
    assert review.apply_stale_policies().archived == []


def test_restore_of_a_page_from_a_space_the_reader_cannot_see_is_404(
    archiving_space, employee_client
):
    from wagtail.models import PageViewRestriction

    leaf = page_due_in(archiving_space, stale_for(1))
    review.apply_stale_policies()
    PageViewRestriction.objects.create(page=archiving_space, restriction_type="groups")
    assert employee_client.post(f"/pages/{leaf.pk}/restore/").status_code == 404


# The stale-content report ----------------------------------------------------------------
@pytest.fixture
def admin(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def report_pages(space, index, author):
    other = SpacePageFactory(parent=index, title="Legal")
    return {
        "soon": page_due_in(space, 10, owner=author, title="Travel policy"),
        "late": page_due_in(space, -3, owner=author, title="Expense policy"),
        "stale": page_due_in(space, stale_for(1), title="Laptop guide"),
        "ok": page_due_in(space, 90, owner=author, title="Holiday calendar"),
        "other": page_due_in(other, -3, title="Contract templates"),
    }


def rows(response) -> list[str]:
    html = response.content.decode()
    titles = ["Travel policy", "Expense policy", "Laptop guide", "Holiday calendar"]
    return [title for title in [*titles, "Contract templates"] if title in html]


def test_the_report_lists_pages_needing_attention_with_filters(
    report_pages, signed_in, admin, space, author
):
    client = signed_in(admin)
    response = client.get(REPORT)
    assert response.status_code == 200
    assert rows(response) == [
        "Travel policy",
        "Expense policy",
        "Laptop guide",
        "Contract templates",
    ]
    assert rows(client.get(REPORT, {"status": "stale"})) == ["Laptop guide"]
    assert rows(client.get(REPORT, {"status": "due_soon"})) == ["Travel policy"]
    assert rows(client.get(REPORT, {"space": space.pk, "status": "overdue"})) == ["Expense policy"]
    assert rows(client.get(REPORT, {"owner": author.pk})) == ["Travel policy", "Expense policy"]
    bad = client.get(REPORT, {"status": "nonsense", "space": "x"})
    assert bad.status_code == 200  # an invalid filter is ignored, never a 500


def test_the_report_exports_csv_and_xlsx(report_pages, signed_in, admin):
    client = signed_in(admin)
    response = client.get(REPORT, {"status": "overdue", "export": "csv"})
    assert response.status_code == 200
    table = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert table[0][:4] == ["Page", "Space", "Owner", "Status"]
    assert sorted((row[0], row[1], row[3]) for row in table[1:]) == [
        ("Contract templates", "Legal", "Overdue"),
        ("Expense policy", "Finance", "Overdue"),
    ]
    assert "Carl" in next(row[2] for row in table if row[0] == "Expense policy")

    response = client.get(REPORT, {"status": "stale", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][:4] == ["Laptop guide", "Finance", None, "Stale"]


def test_who_may_see_the_report(report_pages, signed_in, owner, employee_client):
    assert employee_client.get(REPORT).status_code == 403
    comms = UserFactory(username="cora", roles=["Employees", "Communications"])
    assert len(rows(signed_in(comms).get(REPORT))) == 4
    # A space owner sees their own spaces only.
    assert rows(signed_in(owner).get(REPORT)) == [
        "Travel policy",
        "Expense policy",
        "Laptop guide",
    ]


def test_the_report_shows_restore_for_archived_pages(archiving_space, owner, signed_in):
    leaf = page_due_in(archiving_space, stale_for(1), title="Old expenses")
    review.apply_stale_policies()
    html = signed_in(owner).get(REPORT, {"status": "archived"}).content.decode()
    assert "Old expenses" in html and f'data-testid="restore-{leaf.pk}"' in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_report_costs_the_same_queries_however_many_pages(space, signed_in, admin):
    owners = [UserFactory(username=f"writer{n}") for n in range(6)]
    client = signed_in(admin)
    page_due_in(space, -3, owner=owners[0])
    client.get(REPORT)  # warm per-process caches (content types, site root)
    few = _queries(client, REPORT)
    for n in range(6):
        page_due_in(space, -n - 1, owner=owners[n])
        page_due_in(space, stale_for(n))
    client.get(REPORT)  # new pages change the tree: the chrome's caches fill again once
    assert _queries(client, REPORT) == few


# The owner's list ------------------------------------------------------------------------
def test_my_reviews_lists_my_pages_due_in_constant_queries(space, author, signed_in):
    client = signed_in(author)
    page_due_in(space, -3, owner=author, title="Expense policy")
    page_due_in(space, 90, owner=author, title="Holiday calendar")
    page_due_in(space, -3, title="Someone else's")
    html = client.get("/pages/reviews/").content.decode()
    assert "Expense policy" in html
    assert "Holiday calendar" not in html and "Someone else" not in html
    few = _queries(client, "/pages/reviews/")
    for n in range(5):
        page_due_in(space, n, owner=author)
    client.get("/pages/reviews/")  # new pages change the tree: the chrome's caches fill again once
    assert _queries(client, "/pages/reviews/") == few
    assert client.get("/pages/reviews/?page=x").status_code == 200


# Demo content ------------------------------------------------------------------------------
def test_demo_adds_an_archiving_space_with_a_stale_and_an_archived_page(index):
    UserFactory(username="owner")
    demo_review.seed(lambda message: None, "")
    demo_review.seed(lambda message: None, "")  # idempotent
    found = dict(review.review_pages().values_list("title", "review_state"))
    assert found == {
        "Booking the large meeting room": ReviewState.STALE,
        "Fax machine instructions": ReviewState.ARCHIVED,
    }
    assert ArchivedPage.objects.count() == 1
    # The stale page is not yet past the space's policy; the archived one is.
    assert review.apply_stale_policies().archived == []


def test_the_migration_fills_the_same_dates_as_the_upkeep(index, space, author, owner):
    """0004's frozen copy of the rule agrees with `refresh_due_dates` (own interval, the
    space's, another space's, verified, archived)."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("knowledge.migrations.0004_next_review_at")
    quarterly = SpacePageFactory(parent=index, title="Ops", review_interval_days=90)
    page_due_in(space, 10, owner=author, title="Space interval")
    publish(page_due_in(space, -3, owner=author, title="Own"), author, review_interval_days=30)
    Verification.objects.create(page=page_due_in(quarterly, 5, owner=author), verified_by=owner)
    review.archive(page_due_in(quarterly, -40, owner=author, title="Archived"))
    review.refresh_due_dates()
    expected = dict(KnowledgePage.objects.values_list("pk", "next_review_at"))
    KnowledgePage.objects.update(next_review_at=None)
    migration.fill_review_dates(apps, None)
    assert dict(KnowledgePage.objects.values_list("pk", "next_review_at")) == expected
    assert None not in expected.values()


def test_a_copy_kept_live_is_dated_from_its_own_publication(space, author, owner):
    original = page_due_in(space, -20, owner=author, title="Original")
    copy = original.copy(
        to=space, update_attrs={"title": "Copy", "slug": "copy"}, keep_live=True, user=owner
    )
    assert states() == {"Original": ReviewState.OVERDUE, "Copy": ReviewState.OK}
    assert stored_due(copy) == timedelta(days=INTERVAL)


def test_a_page_created_live_is_dated_at_once(space, author):
    """Pages written live without a publish (a factory, a data script) still get a date."""
    published = timezone.now() - timedelta(days=INTERVAL + 5)
    page = KnowledgePageFactory(
        parent=space, title="Created live", live=True, first_published_at=published
    )
    assert stored_due(page) == timedelta(days=-5)
    assert states()["Created live"] == ReviewState.OVERDUE
