"""`manage.py export_space SLUG OUT.zip`: the command line face of
knowledge.markdown.export_space."""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from knowledge.markdown import SpaceNotFound, export_space, get_space


class Command(BaseCommand):
    help = "Write every page of a knowledge space as Markdown files in a zip."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the space's slug")
        parser.add_argument("out", type=Path, help="the zip file to write")

    def handle(self, *args, slug: str, out: Path, **options):
        try:
            space = get_space(slug)
        except SpaceNotFound as error:
            raise CommandError(str(error)) from None
        folder = out.resolve().parent
        if not folder.is_dir():
            raise CommandError(f"{folder} does not exist.")
        # Write beside the target and rename, so a failed export never leaves half a zip
        # where a good one used to be.
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".export-", suffix=".zip")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private; a zip need not be
        try:
            with os.fdopen(handle, "wb") as stream:
                report = export_space(space, stream)
            os.replace(temporary, out)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        for warning in report.warnings:
            self.stdout.write(f"warning: {warning}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {report.pages} pages and {report.images} images from "
                f"{space.title} to {out}."
            )
        )
