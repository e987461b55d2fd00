"""`manage.py backup OUT`: one archive of the database and media, safe while serving."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from core.backup.services import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write one archive (tar.gz) of the database and every media file, with a manifest "
        "of checksums. Safe to run while the site serves and writes."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path, help="The archive file to write.")

    def handle(self, *args, out: Path, **options):
        try:
            summary = create_backup(out)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for name in summary.vanished_files:
            self.stderr.write(f"Skipped {name}: deleted while the backup ran.")
        self.stdout.write(
            f"Backed up the {summary.vendor} database "
            f"({filesizeformat(summary.database_bytes)}) and {summary.media_files} media "
            f"files ({filesizeformat(summary.media_bytes)}) to {summary.path} "
            f"({filesizeformat(summary.archive_bytes)})."
        )
