"""manage.py expire_guests: write each guest pinhole that reached its end to the audit
log and email its guest, once (run it from cron; access ends at its date whether or not
this runs)."""

from django.core.management.base import BaseCommand

from governance.guests.services import expire_due


class Command(BaseCommand):
    help = "Log guest access that has expired and tell the guest (each once). Safe to run again."

    def handle(self, *args, **options):
        count = expire_due()
        self.stdout.write(f"{count} guest access ended.")
