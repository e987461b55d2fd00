"""Remind space and community owners of questions nobody has answered for N days."""

from django.conf import settings
from django.core.management.base import BaseCommand

from community.questions.services import remind_unanswered


class Command(BaseCommand):
    help = (
        "Tell the owners of each space or community about questions still unanswered "
        "after HEARTH_QUESTION_UNANSWERED_DAYS days (once per question)."
    )

    def handle(self, *args, **options):
        count = remind_unanswered()
        self.stdout.write(
            f"Reminded owners of {count} question(s) unanswered for "
            f"{settings.HEARTH_QUESTION_UNANSWERED_DAYS}+ days."
        )
