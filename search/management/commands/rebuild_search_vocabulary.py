from django.core.management.base import BaseCommand

from search import vocabulary


class Command(BaseCommand):
    help = (
        "Recount the 'Did you mean' vocabulary from every page all signed-in people may "
        "read (run it nightly; publishing only adds words)."
    )

    def handle(self, *args, **options):
        def progress(done: int) -> None:
            self.stdout.write(f"  {done} pages read…")

        words = vocabulary.rebuild(progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Vocabulary rebuilt: {words} words."))
