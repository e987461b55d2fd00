"""manage.py scheduler: the one process that enqueues every scheduled job on its cron
(core/schedule.py); the task worker (`manage.py db_worker`) runs them. Run it beside the
worker, as its own service in production. Running two is safe (each slot is enqueued
once), though one is enough."""

import contextlib
from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from core import schedule


class Command(BaseCommand):
    help = "Enqueue each scheduled job for the task worker on its cron, until stopped."

    def add_arguments(self, parser):
        parser.add_argument(
            "--list",
            action="store_true",
            dest="listing",
            help="Print the schedule and exit (as `schedule`).",
        )
        parser.add_argument(
            "--only", action="append", metavar="JOB", help="Schedule only this job (repeatable)."
        )
        parser.add_argument(
            "--cron",
            action="append",
            default=[],
            metavar="JOB=CRON",
            help="Another cron line for a job, e.g. 'publish_scheduled=*/2 * * * * *' "
            "(six fields: seconds first). For tests and troubleshooting.",
        )

    def handle(self, *args, listing=False, only=None, cron=(), **options):
        if listing:
            self.stdout.write(self._schedule())
            return
        crons = {}
        for line in cron:
            name, sep, expression = line.partition("=")
            if not sep:
                raise CommandError(f"--cron takes JOB=CRON, not {line!r}.")
            crons[name.strip()] = expression.strip()
        try:
            scheduler = schedule.build_scheduler(only=only, crons=crons)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"]:
            names = ", ".join(job.id for job in scheduler.get_jobs())
            self.stdout.write(f"Scheduler started: {names}.")
            self.stdout.flush()
        with contextlib.suppress(KeyboardInterrupt, SystemExit):
            scheduler.start()
        if options["verbosity"]:
            self.stdout.write("Scheduler stopped.")

    def _schedule(self) -> str:
        out = StringIO()
        call_command("schedule", stdout=out)
        return out.getvalue().rstrip("\n")
