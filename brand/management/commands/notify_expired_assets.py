"""Run once a day (cron): tell communications about brand assets that expired (once per
asset; running it again tells nobody twice), and list those expiring within two weeks."""

from django.core.management.base import BaseCommand
from django.utils.formats import date_format

from brand.assets.services import EXPIRING_SOON_DAYS, notify_expired_assets
from brand.assets.tasks import notify_expired_assets as notify_task


class Command(BaseCommand):
    help = "Notify communications of expired brand assets and list those expiring soon."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the work to the task worker instead of doing it now.",
        )

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            result = notify_task.enqueue()
            self.stdout.write(f"Enqueued task {result.id}.")
            return
        report = notify_expired_assets()
        self.stdout.write(
            f"Notified communications of {len(report.notified)} expired "
            f"asset{'s' if len(report.notified) != 1 else ''}."
        )
        for asset in report.notified:
            self.stdout.write(f"  expired: {asset.title} ({asset.expires_on.isoformat()})")
        self.stdout.write(f"{len(report.expiring_soon)} expiring within {EXPIRING_SOON_DAYS} days:")
        for asset in report.expiring_soon:
            self.stdout.write(f"  {date_format(asset.expires_on, 'Y-m-d')}  {asset.title}")
