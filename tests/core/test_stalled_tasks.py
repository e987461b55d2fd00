"""A task a killed worker left RUNNING is run again (core/stalled_tasks.py), on the real
database queue: `DBTaskResult.objects.ready()` is the set every `db_worker` claims from.

(The worker itself is not run in-process: it closes the database connection between
tasks, which on PostgreSQL ends the test's transaction.)"""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.tasks import publish_scheduled, requeue_stalled_tasks

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _claimed_by_a_worker_that_died(minutes_ago: int) -> DBTaskResult:
    """What a SIGKILLed worker leaves: the row it claimed, RUNNING, since it claimed it."""
    result = publish_scheduled.enqueue()
    row = DBTaskResult.objects.get(id=result.id)
    row.claim("worker-that-died")
    DBTaskResult.objects.filter(id=row.id).update(
        started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    return row


def _claimable() -> set:
    return set(DBTaskResult.objects.ready().values_list("id", flat=True))


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_QUEUE, HEARTH_TASK_STALLED_AFTER_MINUTES=30)
def test_a_task_left_running_by_a_dead_worker_runs_again():
    stalled = _claimed_by_a_worker_that_died(minutes_ago=45)
    assert stalled.id not in _claimable()  # no worker would ever take it again by itself

    assert requeue_stalled_tasks.call() == 1
    stalled.refresh_from_db()
    assert stalled.status == TaskResultStatus.READY
    assert stalled.id in _claimable()
    assert stalled.worker_ids == ["worker-that-died"]  # its history is kept


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_QUEUE, HEARTH_TASK_STALLED_AFTER_MINUTES=30)
def test_a_task_still_within_its_time_is_left_to_its_worker():
    running = _claimed_by_a_worker_that_died(minutes_ago=5)
    assert requeue_stalled_tasks.call() == 0
    running.refresh_from_db()
    assert running.status == TaskResultStatus.RUNNING
    assert running.id not in _claimable()
