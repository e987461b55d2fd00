"""`manage.py import_markdown PATH --space SLUG`: the command line face of
knowledge.markdown.import_folder; the work and its rules live there."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from knowledge.markdown import SpaceNotFound, get_space, import_folder


class Command(BaseCommand):
    help = (
        "Import a folder of Markdown files into a knowledge space. Importing the same "
        "folder again updates the pages it made; unchanged files get no new revision."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the folder of .md files")
        parser.add_argument("--space", required=True, metavar="SLUG", help="the space's slug")

    def handle(self, *args, path: Path, space: str, **options):
        try:
            target = get_space(space)
        except SpaceNotFound as error:
            raise CommandError(str(error)) from None
        if not path.is_dir():
            raise CommandError(f"{path} is not a folder.")
        report = import_folder(path, target, log=self.stdout.write)
        self.stdout.write("")
        for line in report.lines():
            self.stdout.write(line)
        if report.failed:
            # After the report, so the reasons are on screen; CommandError exits with 1.
            raise CommandError(
                f"{len(report.failed)} of {len(report.results)} files could not be imported "
                "(see the report above); the others were imported."
            )
        self.stdout.write(self.style.SUCCESS(f"Imported {path} into {target.title}."))
