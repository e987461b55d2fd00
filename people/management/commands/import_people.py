"""manage.py import_people FILE.csv [--dry-run]: people from an HR export (see
people.importing for the columns and the rules)."""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from people.importing import COLUMNS, ImportFileError, import_people


class Command(BaseCommand):
    help = (
        "Create and update people from an HR export (CSV with the columns "
        + ", ".join(COLUMNS)
        + "). Matches people by email; safe to run again. Exits non-zero if any row failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The CSV file (UTF-8, header row first).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check everything and report what would change, but change nothing.",
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            handle = file.open(encoding="utf-8-sig", newline="")
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}") from error
        with handle:
            try:
                report = import_people(handle, dry_run=dry_run, progress=self.stdout.write)
            except ImportFileError as error:
                raise CommandError(str(error)) from error
            except UnicodeDecodeError as error:
                raise CommandError(
                    f"{file} is not UTF-8 text; export the CSV as UTF-8. Nothing was imported."
                ) from error
            except csv.Error as error:
                raise CommandError(f"{file} is not a readable CSV file: {error}") from error
        for error in report.errors:
            self.stderr.write(f"  {error}")
        prefix = "Dry run, nothing saved: would have " if dry_run else ""
        self.stdout.write(
            f"{prefix}{report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.failed} failed (of {report.rows} rows)."
        )
        if report.new_departments:
            self.stdout.write("New departments: " + ", ".join(report.new_departments))
        if report.new_locations:
            self.stdout.write("New locations: " + ", ".join(report.new_locations))
        if report.failed:
            raise CommandError(
                f"{report.failed} row(s) could not be imported; fix them and run the file again "
                "(the rows already imported will not change)."
            )
