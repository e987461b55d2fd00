"""A task a killed worker left RUNNING is run again (core/stalled_tasks.py), on the real
database queue and its real worker (`db_worker --batch`)."""

import datetime

import pytest
from django.core.management import call_command
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


def _work() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_QUEUE, HEARTH_TASK_STALLED_AFTER_MINUTES=30)
def test_a_task_left_running_by_a_dead_worker_runs_again():
    stalled = _claimed_by_a_worker_that_died(minutes_ago=45)
    _work()
    stalled.refresh_from_db()
    assert stalled.status == TaskResultStatus.RUNNING  # no worker takes it by itself

    assert requeue_stalled_tasks.call() == 1
    _work()
    stalled.refresh_from_db()
    assert stalled.status == TaskResultStatus.SUCCESSFUL
    assert stalled.worker_ids[0] == "worker-that-died" and len(stalled.worker_ids) == 2


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_QUEUE, HEARTH_TASK_STALLED_AFTER_MINUTES=30)
def test_a_task_still_within_its_time_is_left_to_its_worker():
    running = _claimed_by_a_worker_that_died(minutes_ago=5)
    assert requeue_stalled_tasks.call() == 0
    running.refresh_from_db()
    assert running.status == TaskResultStatus.RUNNING
