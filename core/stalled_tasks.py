"""Tasks a worker died running, put back in the database queue.

django-tasks-db marks a task RUNNING when a worker claims it; if that worker is killed
(out of memory, a deploy, a lost host) the row stays RUNNING and no worker takes it again.
Hearth's tasks are idempotent (a notification or an email is keyed by its recipient and
event, a scheduled job by its slot), so running one again is safe; losing it is not. A task
RUNNING for longer than HEARTH_TASK_STALLED_AFTER_MINUTES is therefore made READY again.
The Redis queue (TASKS_BACKEND=rq) has its own: rq moves a dead worker's job to its failed
registry.
"""

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def requeue_stalled(now: datetime.datetime | None = None) -> int:
    """Make READY every task RUNNING since before the cut-off; returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(
        minutes=settings.HEARTH_TASK_STALLED_AFTER_MINUTES
    )
    stalled = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
    count = stalled.update(status=TaskResultStatus.READY, started_at=None)
    if count:
        logger.warning(
            "Requeued %d task(s) a worker died running (started before %s)",
            count,
            cutoff.isoformat(),
        )
    return count
