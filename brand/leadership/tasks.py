"""Leadership's scheduled job (its other tasks live in `brand.leadership.services`)."""

from __future__ import annotations

from django_tasks import task

from brand.leadership.services import announce_anonymous_questions
from core.schedule import cron


@cron("5 0 * * *")
@task()
def announce_questions() -> int:
    """Tell communications of past days' anonymous questions to leadership (never sooner)."""
    return announce_anonymous_questions()
