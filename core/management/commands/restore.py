"""`manage.py restore IN`: bring a fresh install to an archive's state."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from core.backup.services import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore the database and media from an archive written by `backup`. Checks every "
        "checksum first and changes nothing if the archive is damaged, newer than this "
        "code, or the target already holds data (unless --force)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The archive to restore.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database and media storage that already hold data.",
        )

    def handle(self, *args, archive: Path, force: bool, **options):
        try:
            summary = restore_backup(archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the {summary.vendor} database and {summary.media_files} media files "
            f"({filesizeformat(summary.media_bytes)}) from a backup made at "
            f"{summary.created_at} by Hearth {summary.hearth_version}."
        )
        if summary.pending_migrations:
            self.stdout.write(
                f"The backup predates this code: run `manage.py migrate` to apply "
                f"{summary.pending_migrations} migration(s)."
            )
