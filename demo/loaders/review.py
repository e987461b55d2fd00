"""The review cycle's demo, as review.yaml says: a space whose policy archives stale pages,
a page stale for a while and one already archived. Existing pages are left alone."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from demo.content import read_yaml
from demo.loaders.knowledge import ensure_space
from governance.review import services as review
from knowledge.models import STALE_AFTER, ArchivedPage, KnowledgePage


def seed(log, password: str) -> None:
    data = read_yaml("review.yaml")
    spec = data["space"]
    space, new = ensure_space(spec)
    if space is None:
        log("review demo skipped: no knowledge index or no demo owner")
        return
    if not new:
        return
    with transaction.atomic():
        for stale in data["stale"]:
            page = KnowledgePage.objects.child_of(space).get(slug=stale["page"])
            # Last published (and never verified) long enough ago to be stale for `days`.
            published = timezone.now() - (
                timedelta(days=spec["review_interval_days"] + stale["days"]) + STALE_AFTER
            )
            dated = KnowledgePage.objects.filter(pk=page.pk)
            dated.update(first_published_at=published, last_published_at=published)
            review.refresh_due_dates(dated)  # the date was written around the signals
            if stale.get("archive") and not ArchivedPage.objects.filter(page=page).exists():
                review.archive(
                    page,
                    reason=f"Stale for {stale['days']} days under the space's archive policy.",
                )
    log(f"review cycle: {space.title} (archive policy), a stale page and an archived one")
