"""Load Hearth's demo content (demo.loader): idempotent and deterministic, never in
production."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from core.models import User
from demo.loader import STEPS


class Command(BaseCommand):
    help = "Create the demo organisation, logins and content (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already has users (used by `make run`).",
        )

    def handle(self, *args, if_empty: bool = False, **options):
        if settings.HEARTH_ENVIRONMENT == "production":
            raise CommandError("Demo content is never loaded in production.")
        if if_empty and User.objects.exists():
            self.stdout.write("The database already has content; demo seeding skipped.")
            return
        started = time.monotonic()
        for position, dotted_path in enumerate(STEPS, start=1):
            app = dotted_path.split(".")[-2]
            self.stdout.write(f"[{position}/{len(STEPS)}] {app}")
            import_string(dotted_path)(self._log, settings.HEARTH_DEMO_PASSWORD)
        self.stdout.write(
            self.style.SUCCESS(f"Demo content ready in {time.monotonic() - started:.1f}s.")
        )

    def _log(self, message: str) -> None:
        self.stdout.write(f"    {message}")
