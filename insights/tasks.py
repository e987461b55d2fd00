"""Background tasks of insights: the daily rollups (see `insights.rollups`)."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from core.schedule import cron
from insights import rollups


@cron("20 0 * * *")
@task()
def rebuild_rollups() -> str:
    """Roll up yesterday's and today's activity into the measures (replaces those days)."""
    today = timezone.localdate()
    written = rollups.build_days(today - timedelta(days=1), today)
    return f"{written} rows"


@task()
def refresh_today() -> int:
    """Today's rollups so far, on demand (the dashboard enqueues it)."""
    return rollups.refresh_today()
