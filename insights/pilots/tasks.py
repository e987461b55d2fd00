"""Scheduled work of pilots: the monthly email to sponsors (insights.pilots.services)."""

from django_tasks import task

from core.schedule import cron
from insights.pilots import services


@cron("0 7 1 * *")
@task()
def send_pilot_summaries() -> int:
    """Email each sponsor (the insights permission) the pilots' headline figures, monthly."""
    return services.send_monthly_summaries()
