from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from insights import rollups


class Command(BaseCommand):
    help = (
        "Rebuild the daily rollups of the measures from the activity ledger, from --since "
        "(default yesterday) to today. Safe to run again: each day is replaced whole."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", help="first day to rebuild, YYYY-MM-DD")

    def handle(self, *args, since=None, **options):
        today = timezone.localdate()
        if since is None:
            first = today - timedelta(days=1)
        else:
            try:
                first = date.fromisoformat(since)
            except ValueError as error:
                raise CommandError(_("--since must be a date, YYYY-MM-DD.")) from error
            if first > today:
                raise CommandError(_("--since is in the future."))
        written = rollups.build_days(first, today)
        self.stdout.write(
            _("Rebuilt %(days)d days (%(rows)d rows).")
            % {
                "days": (today - first).days + 1,
                "rows": written,
            }
        )
