"""Demo of the review cycle for `manage.py seed_demo`: an "Office facilities" space whose
policy archives pages stale for 30 days, one page stale for 20 days (the report shows it
as stale; the nightly `review_reminders` archives it ten days later), and one page already
in the archive, which its owner can restore from Reports → Stale content.
Idempotent: an existing space and pages are left alone."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.rich_text import RichText

SPACE = {
    "title": "Office facilities",
    "slug": "office-facilities",
    "summary": "Desks, meeting rooms, parking and the kitchen: how the offices work.",
}
STALE_PAGE = {
    "title": "Booking the large meeting room",
    "slug": "booking-the-large-meeting-room",
    "summary": "Who to ask and how far ahead to book the boardroom.",
    "text": "Email the front desk at least two days ahead; the room seats twenty.",
    "stale_days": 20,
}
ARCHIVED_PAGE = {
    "title": "Fax machine instructions",
    "slug": "fax-machine-instructions",
    "summary": "How to send a fax from the second floor.",
    "text": "Dial 9 for an outside line, then the number, then press Start.",
    "stale_days": 45,
}
POLICY_DAYS = 30
INTERVAL_DAYS = 90


def seed(log, password: str) -> None:
    from core.models import User
    from knowledge import review
    from knowledge.models import (
        STALE_AFTER,
        ArchivedPage,
        KnowledgeIndexPage,
        KnowledgePage,
        SpacePage,
        StalePolicy,
    )

    index = KnowledgeIndexPage.objects.first()
    owner = User.objects.filter(username="owner").first()
    if index is None or owner is None:
        log("review demo skipped: no knowledge index or no demo owner")
        return
    with transaction.atomic():
        space = SpacePage.objects.child_of(index).filter(slug=SPACE["slug"]).first()
        if space is None:
            space = SpacePage(
                title=SPACE["title"],
                slug=SPACE["slug"],
                listing_summary=SPACE["summary"],
                review_interval_days=INTERVAL_DAYS,
                stale_policy=StalePolicy.ARCHIVE,
                stale_policy_days=POLICY_DAYS,
                content_owner=owner,
            )
            index.add_child(instance=space)
            space.owners.set([owner])
            space.save_revision().publish(skip_permission_checks=True)  # grants permissions

    def page(spec: dict) -> KnowledgePage:
        found = KnowledgePage.objects.filter(slug=spec["slug"]).first()
        if found is not None:
            return found
        created = KnowledgePage(
            title=spec["title"],
            slug=spec["slug"],
            listing_summary=spec["summary"],
            content_owner=owner,
            body=[("paragraph", RichText(f"<p>{spec['text']}</p>"))],
            change_note="First version",
            live=False,
        )
        space.add_child(instance=created)
        created.save_revision(user=owner, log_action=True).publish(
            user=owner, skip_permission_checks=True
        )
        # Last published (and never verified) long enough ago to be stale for `stale_days`.
        published = timezone.now() - (
            timedelta(days=INTERVAL_DAYS + spec["stale_days"]) + STALE_AFTER
        )
        dated = KnowledgePage.objects.filter(pk=created.pk)
        dated.update(first_published_at=published, last_published_at=published)
        review.refresh_due_dates(dated)  # the date was written around the signals
        return KnowledgePage.objects.get(pk=created.pk)

    with transaction.atomic():
        page(STALE_PAGE)
        archived = page(ARCHIVED_PAGE)
        if archived.live and not ArchivedPage.objects.filter(page=archived).exists():
            review.archive(
                archived,
                reason=f"Stale for {ARCHIVED_PAGE['stale_days']} days under the space's "
                "archive policy.",
            )
    log(f"review cycle: {space.title} (archive policy), a stale page and an archived one")
