"""Core's scheduled job: Wagtail's scheduled publishing, for every page and snippet (a
campaign's go-live and expiry among them)."""

from __future__ import annotations

from django.core.management import call_command
from django_tasks import task

from core.schedule import cron


@cron("* * * * *", name="publish_scheduled")
@task()
def publish_scheduled() -> None:
    """Publish what is scheduled to go live (campaigns, pages, snippets), unpublish what expired."""
    call_command("publish_scheduled")
