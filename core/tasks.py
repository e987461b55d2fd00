"""Core's scheduled jobs: Wagtail's scheduled publishing, for every page and snippet (a
campaign's go-live and expiry among them), and the tasks a dead worker left running."""

from __future__ import annotations

from django.core.management import call_command
from django_tasks import task

from core.schedule import cron
from core.stalled_tasks import requeue_stalled


@cron("* * * * *", name="publish_scheduled")
@task()
def publish_scheduled() -> None:
    """Publish what is scheduled to go live (campaigns, pages, snippets), unpublish what expired."""
    call_command("publish_scheduled")


@cron("*/5 * * * *", name="requeue_stalled_tasks")
@task()
def requeue_stalled_tasks() -> int:
    """Put back in the queue the tasks a worker died running (HEARTH_TASK_STALLED_AFTER_MINUTES)."""
    return requeue_stalled()
