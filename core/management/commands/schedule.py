"""manage.py schedule: the schedule declared in code (core/schedule.py), with each job's
next run. README's schedule is this command's output."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from core import schedule


class Command(BaseCommand):
    help = "List every scheduled job: name, cron, next run and what it does."

    def handle(self, *args, **options):
        now = timezone.localtime()
        jobs = schedule.jobs()
        width = max(len(job.name) for job in jobs)
        self.stdout.write(f"{'job':<{width}}  {'cron':<13}  {'next run':<16}  what it does")
        for job in jobs:
            upcoming = job.trigger().get_next_fire_time(None, now)
            self.stdout.write(
                f"{job.name:<{width}}  {job.cron:<13}  {upcoming:%Y-%m-%d %H:%M}  {job.description}"
            )
