"""Run once a day (cron): the review cycle's reminders and stale policies.

0. every page's stored review date is recomputed (`governance.review.services.refresh_due_dates`:
   signals keep it in step during the day; this heals anything written around them);
1. each content owner gets ONE digest (email and an in-app notification) of their pages
   overdue or due within 14 days, at most once a day;
2. each space's owners are told about pages stale for more than HEARTH_STALE_NOTIFY_DAYS
   days, once per page per review cycle;
3. each space's stale policy is applied (hide from search with a banner, or archive).

Running it twice the same day sends nothing new: the day's REVIEW_DUE notification and
each page's STALE notification are the record of what was sent (see
`governance.review.services.send_review_reminders`), and policies skip what they already did.
"""

from django.core.management.base import BaseCommand

from governance.review.services import (
    apply_stale_policies,
    refresh_due_dates,
    send_review_reminders,
)


class Command(BaseCommand):
    help = (
        "Email owners their review digest, tell space owners about stale pages, and apply "
        "the spaces' stale policies (safe to run twice a day: it sends nothing twice)."
    )

    def handle(self, *args, **options):
        refresh_due_dates()
        reminders = send_review_reminders()
        policies = apply_stale_policies()
        self.stdout.write(
            f"Review digests: {len(reminders.digests)}; stale pages reported: "
            f"{len(reminders.stale_pages)}; hidden: {len(policies.hidden)}; "
            f"archived: {len(policies.archived)}."
        )
