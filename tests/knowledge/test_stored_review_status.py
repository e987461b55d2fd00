"""The stored review status (`KnowledgePage.stored_review_status`, what a space page counts
and lists) equals `review_status`'s rule computed in SQL after every kind of change: a
publication, a verification given or withdrawn, the page's or the space's interval, a move,
a copy, an archive, the nightly healing, and time passing (the hourly job)."""

from datetime import timedelta

from django.utils import timezone

from governance.review import services as review
from governance.review import tasks as review_tasks
from knowledge.models import STALE_AFTER, KnowledgePage, ReviewStatus, Verification
from knowledge.services import verify_page
from tests.factories import KnowledgePageFactory, SpacePageFactory, publish
from tests.knowledge import test_review_cycle as cycle
from tests.knowledge.test_review_cycle import page_due_in, run_job, stale_for

# The review cycle's fixtures: the same people, index and space.
owner, author, index, space = cycle.owner, cycle.author, cycle.index, cycle.space


def stored() -> dict[str, str]:
    return dict(KnowledgePage.objects.values_list("title", "stored_review_status"))


def computed(now=None) -> dict[str, str]:
    pages = KnowledgePage.objects.with_review_status(now)
    return dict(pages.values_list("title", "review_status"))


def assert_in_step(now=None) -> None:
    assert stored() == computed(now)


def test_publishing_stores_the_status_of_each_branch(space, author, owner):
    page_due_in(space, 60, owner=author, title="Never verified")
    page_due_in(space, -5, owner=author, title="Late")
    page_due_in(space, stale_for(2), owner=author, title="Old")
    verified = page_due_in(space, 60, owner=author, title="Verified")
    Verification.objects.create(page=verified, verified_by=owner)
    assert stored() == {
        "Never verified": ReviewStatus.REVIEW_DUE,
        "Late": ReviewStatus.REVIEW_DUE,
        "Old": ReviewStatus.STALE,
        "Verified": ReviewStatus.VERIFIED,
    }
    assert_in_step()


def test_a_verification_given_and_withdrawn_moves_the_status(space, author, owner):
    page = page_due_in(space, 60, owner=author, title="Page")
    assert stored()["Page"] == ReviewStatus.REVIEW_DUE
    verification = verify_page(owner, page)
    assert stored()["Page"] == ReviewStatus.VERIFIED
    assert_in_step()
    verification.delete()
    assert stored()["Page"] == ReviewStatus.REVIEW_DUE
    assert_in_step()


def test_the_pages_and_the_spaces_interval_move_the_status(space, author, owner):
    page = page_due_in(space, 10, owner=author, title="Page")
    Verification.objects.create(
        page=page, verified_by=owner, verified_at=timezone.now() - timedelta(days=20)
    )
    assert stored()["Page"] == ReviewStatus.VERIFIED
    publish(page, author, review_interval_days=7)  # due 13 days ago
    assert stored()["Page"] == ReviewStatus.REVIEW_DUE
    assert_in_step()
    publish(page, author, review_interval_days=None)  # the space's 180 days again
    assert stored()["Page"] == ReviewStatus.VERIFIED
    publish(space, owner, review_interval_days=10)  # a task, immediate in tests
    assert stored()["Page"] == ReviewStatus.REVIEW_DUE
    assert_in_step()


def test_a_move_a_copy_and_an_archive_keep_the_status_in_step(index, space, author, owner):
    quarterly = SpacePageFactory(parent=index, title="Sales", review_interval_days=90)
    moving = page_due_in(space, 10, owner=author, title="Moving")
    moving.move(quarterly, pos="last-child")  # due 80 days ago: stale
    assert stored()["Moving"] == ReviewStatus.STALE
    original = page_due_in(space, -20, owner=author, title="Original")
    original.copy(to=space, update_attrs={"title": "Copy", "slug": "copy"}, keep_live=True)
    review.archive(page_due_in(quarterly, -40, owner=author, title="Archived"))
    KnowledgePageFactory(parent=space, title="Created live", live=True)
    assert_in_step()


def test_the_nightly_job_heals_a_status_written_around_the_signals(
    space, author, django_capture_on_commit_callbacks
):
    page_due_in(space, 60, owner=author, title="Imported")
    KnowledgePage.objects.update(stored_review_status=ReviewStatus.STALE)  # a raw UPDATE
    run_job(django_capture_on_commit_callbacks)
    assert stored()["Imported"] == ReviewStatus.REVIEW_DUE
    assert_in_step()


def test_time_passing_moves_the_status_when_the_job_runs(space, author, owner):
    soon = page_due_in(space, 5, owner=author, title="Due in 5 days")
    Verification.objects.create(page=soon, verified_by=owner, verified_at=soon.first_published_at)
    page_due_in(space, -10, owner=author, title="Due 10 days ago")
    assert stored() == {"Due in 5 days": "verified", "Due 10 days ago": "due"}
    later = timezone.now() + timedelta(days=6)
    assert stored() != computed(later)  # time alone moves nothing stored
    assert review.advance_review_statuses(later) == 1
    assert stored() == {"Due in 5 days": "due", "Due 10 days ago": "due"}
    assert_in_step(later)
    much_later = timezone.now() + STALE_AFTER + timedelta(days=6)
    assert review.advance_review_statuses(much_later) == 2
    assert stored() == {"Due in 5 days": "stale", "Due 10 days ago": "stale"}
    assert_in_step(much_later)
    assert review.advance_review_statuses(much_later) == 0  # idempotent


def test_the_scheduled_job_moves_pages_whose_date_has_passed(space, author, owner):
    """As if the hour passed: the stored date is now behind, the stored status not yet."""
    page = page_due_in(space, 5, owner=author, title="Page")
    Verification.objects.create(page=page, verified_by=owner, verified_at=page.first_published_at)
    assert stored()["Page"] == ReviewStatus.VERIFIED
    KnowledgePage.objects.filter(pk=page.pk).update(
        next_review_at=timezone.now() - timedelta(hours=1)
    )
    assert computed()["Page"] == ReviewStatus.REVIEW_DUE
    assert review_tasks.advance_review_statuses.call() == 1
    assert_in_step()


def test_the_space_page_counts_the_stored_status_and_shows_the_job_on_the_next_request(
    space, author, owner, signed_in
):
    page = page_due_in(space, 5, owner=author, title="Printer setup")
    Verification.objects.create(page=page, verified_by=owner, verified_at=page.first_published_at)
    client = signed_in(author)

    def count(status: str) -> str:
        html = client.get(space.url).content.decode()
        return html.split(f'data-testid="status-{status}"')[1].split("</a>")[0]

    assert "All 1" in count("verified") and "All 0" in count("due")
    KnowledgePage.objects.filter(pk=page.pk).update(
        next_review_at=timezone.now() - timedelta(hours=1)
    )
    review_tasks.advance_review_statuses.call()
    assert "All 0" in count("verified") and "All 1" in count("due")


def test_the_migration_fills_the_status_the_upkeep_stores(index, space, author, owner):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("knowledge.migrations.0006_stored_review_status")
    page_due_in(space, 60, owner=author, title="Never verified")
    page_due_in(space, stale_for(2), owner=author, title="Old")
    verified = page_due_in(space, 60, owner=author, title="Verified")
    Verification.objects.create(page=verified, verified_by=owner)
    expected = stored()
    assert set(expected.values()) == set(ReviewStatus.values)
    KnowledgePage.objects.update(stored_review_status=ReviewStatus.VERIFIED)
    migration.fill_review_status(apps, None)
    assert stored() == expected
