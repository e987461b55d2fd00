"""Send the daily notification digests. Run it once a day (cron); running it twice sends
nothing new: what a digest included is marked as emailed."""

from django.core.management.base import BaseCommand

from community.notifications.services import send_digests


class Command(BaseCommand):
    help = "Email each daily-digest reader their unread notifications not emailed yet."

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(f"Sent {sent} digest email{'s' if sent != 1 else ''}.")
