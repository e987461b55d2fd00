"""Run once a day (cron), after midnight: tell communications of the anonymous questions
to leadership asked on past days. They are not announced when asked, because the
notification's time would date the ask (brand.leadership.services). Running it again
tells nobody twice."""

from django.core.management.base import BaseCommand

from brand.leadership.services import announce_anonymous_questions


class Command(BaseCommand):
    help = "Tell communications of anonymous questions to leadership asked on past days."

    def handle(self, *args, **options):
        count = announce_anonymous_questions()
        self.stdout.write(f"Announced {count} anonymous question{'s' if count != 1 else ''}.")
