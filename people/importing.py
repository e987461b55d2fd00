"""Create and update people from an HR export (CSV): `manage.py import_people FILE.csv`.

Validate, then write. Every row is checked first (email, level, date, manager, duplicates,
cycles in the manager chain) without touching the database; rows with a problem are
reported with their line number and left out; the valid rows are then written in one
transaction, people first and managers in a second pass, so the order of rows in the file
does not matter and nothing is ever half-written. Running the same file twice changes
nothing the second time (people are matched by email, case-insensitively).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.text import slugify
from wagtail.log_actions import log

from core.models import User
from core.roles import Role
from people.models import Department, Level, Location, Profile

COLUMNS = (
    "email",
    "first_name",
    "last_name",
    "employee_id",
    "job_title",
    "department",
    "level",
    "location",
    "manager_email",
    "start_date",
)
LIMITS = {
    "email": 254,
    "first_name": 150,
    "last_name": 150,
    "employee_id": 40,
    "job_title": 150,
    "department": 100,
    "location": 100,
}
PROGRESS_EVERY = 100
LOG_ACTION = "hearth.people.import"


class ImportFileError(Exception):
    """The file as a whole cannot be imported (e.g. missing columns); nothing was done."""


@dataclass
class Row:
    line: int
    email: str  # lower-cased
    first_name: str
    last_name: str
    employee_id: str
    job_title: str
    department: str
    level: str
    location: str
    manager_email: str  # lower-cased, "" for none
    start_date: dt.date | None


@dataclass
class RowError:
    line: int
    email: str
    message: str

    def __str__(self) -> str:
        who = f" ({self.email})" if self.email else ""
        return f"line {self.line}{who}: {self.message}"


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    new_departments: list[str] = field(default_factory=list)
    new_locations: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def failed(self) -> int:
        return len(self.errors)


# Reading and checking ------------------------------------------------------------------------


def _level(value: str) -> str:
    text = value.strip().lower()
    if not text:
        return Level.INDIVIDUAL_CONTRIBUTOR
    for level_value, label in Level.choices:
        if text in (level_value, str(label).lower()):
            return level_value
    known = ", ".join(Level.values)
    raise ValidationError(f"unknown level “{value}” (use one of: {known})")


def _date(value: str) -> dt.date | None:
    text = value.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise ValidationError(f"start_date “{value}” is not a date like 2024-03-31") from error


def read_rows(lines: Iterable[str]) -> tuple[list[Row], list[RowError]]:
    """Parse and check each row on its own; ImportFileError if a column is missing."""
    reader = csv.DictReader(lines)
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise ImportFileError(
            "The file is missing the column(s): "
            + ", ".join(missing)
            + ". Expected columns: "
            + ", ".join(COLUMNS)
            + ". Nothing was imported."
        )
    reader.fieldnames = header
    rows: list[Row] = []
    errors: list[RowError] = []
    for values in reader:
        line = reader.line_num
        raw = {name: (values.get(name) or "").strip() for name in COLUMNS}
        if not any(raw.values()):
            continue  # a blank line
        email = raw["email"].lower()
        try:
            if not email:
                raise ValidationError("email is empty")
            try:
                validate_email(email)
            except ValidationError as error:
                raise ValidationError(f"“{raw['email']}” is not an email address") from error
            for name, limit in LIMITS.items():
                if len(raw[name]) > limit:
                    raise ValidationError(f"{name} is longer than {limit} characters")
            manager_email = raw["manager_email"].lower()
            if manager_email:
                try:
                    validate_email(manager_email)
                except ValidationError as error:
                    raise ValidationError(
                        f"manager_email “{raw['manager_email']}” is not an email address"
                    ) from error
            if manager_email == email:
                raise ValidationError("a person cannot be their own manager")
            rows.append(
                Row(
                    line=line,
                    email=email,
                    first_name=raw["first_name"],
                    last_name=raw["last_name"],
                    employee_id=raw["employee_id"],
                    job_title=raw["job_title"],
                    department=raw["department"],
                    level=_level(raw["level"]),
                    location=raw["location"],
                    manager_email=manager_email,
                    start_date=_date(raw["start_date"]),
                )
            )
        except ValidationError as error:
            errors.append(RowError(line, email, "; ".join(error.messages)))
    return rows, errors


def _existing_users(emails: Iterable[str]) -> dict[str, list[User]]:
    """Accounts by lower-cased email (a list: two accounts may share one)."""
    found: dict[str, list[User]] = {}
    emails = sorted(set(emails))
    for start in range(0, len(emails), 500):
        chunk = emails[start : start + 500]
        users = (
            User.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=chunk)
            .select_related("profile__manager__user", "profile__department", "profile__location")
        )
        for user in users:
            found.setdefault(user.email_lower, []).append(user)
    return found


def check_rows(
    rows: list[Row], errors: list[RowError]
) -> tuple[list[Row], list[RowError], dict[str, list[User]]]:
    """Checks across rows: duplicates, ambiguous accounts, unknown managers, cycles."""
    by_email = Counter(row.email for row in rows)
    by_employee_id = Counter(row.employee_id for row in rows if row.employee_id)
    lines_of: dict[str, list[int]] = {}
    for row in rows:
        lines_of.setdefault(row.email, []).append(row.line)
    existing = _existing_users(
        [row.email for row in rows] + [row.manager_email for row in rows if row.manager_email]
    )
    good: list[Row] = []
    for row in rows:
        if by_email[row.email] > 1:
            lines = ", ".join(str(line) for line in lines_of[row.email])
            errors.append(RowError(row.line, row.email, f"the email appears on lines {lines}"))
        elif row.employee_id and by_employee_id[row.employee_id] > 1:
            errors.append(
                RowError(row.line, row.email, f"employee_id {row.employee_id} appears twice")
            )
        elif len(existing.get(row.email, [])) > 1:
            errors.append(RowError(row.line, row.email, "several accounts have this email"))
        else:
            good.append(row)

    # Managers: a row of this file, or a person already here. Dropping a row can make
    # another row's manager unknown, so repeat until nothing changes.
    while True:
        in_file = {row.email: row for row in good}
        dropped = []
        for row in good:
            if not row.manager_email or row.manager_email in in_file:
                continue
            accounts = existing.get(row.manager_email, [])
            if len(accounts) == 1:
                continue
            reason = (
                "several accounts have the manager's email"
                if accounts
                else f"unknown manager {row.manager_email} (not in the file, not in Hearth)"
            )
            dropped.append(RowError(row.line, row.email, reason))
        dropped += _cycles(good, existing)
        if not dropped:
            break
        errors += dropped
        failed = {error.line for error in dropped}
        good = [row for row in good if row.line not in failed]
    errors.sort(key=lambda error: error.line)
    return good, errors, existing


def _cycles(rows: list[Row], existing: dict[str, list[User]]) -> list[RowError]:
    """Rows whose manager chain (the file's, then Hearth's for people outside the file)
    comes back to them."""
    manager_of: dict[str, str] = {row.email: row.manager_email for row in rows}
    # People outside the file keep the manager they have; look their chain up lazily.
    outside_cache: dict[str, str] = {}

    def manager(email: str) -> str:
        if email in manager_of:
            return manager_of[email]
        if email not in outside_cache:
            accounts = existing.get(email) or list(
                User.objects.annotate(email_lower=Lower("email"))
                .filter(email_lower=email)
                .select_related("profile__manager__user")[:2]
            )
            profile = getattr(accounts[0], "profile", None) if len(accounts) == 1 else None
            boss = profile.manager.user.email.lower() if profile and profile.manager else ""
            outside_cache[email] = boss
        return outside_cache[email]

    in_cycle: set[str] = set()
    for row in rows:
        seen = [row.email]
        current = manager(row.email)
        while current and current not in seen and len(seen) < 10_000:
            seen.append(current)
            current = manager(current)
        if current and current in seen:
            in_cycle.update(seen[seen.index(current) :])
    return [
        RowError(row.line, row.email, "the manager chain goes round in a circle")
        for row in rows
        if row.email in in_cycle
    ]


# Writing -------------------------------------------------------------------------------------


def _unique_username(email: str, taken: set[str]) -> str:
    base = slugify(email.split("@")[0]).replace("-", ".")[:140] or "person"
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}{number}"
    taken.add(candidate)
    return candidate


def _named(model, names: set[str], created: list[str]) -> dict[str, object]:
    """Departments or locations by lower-cased name, creating the missing ones."""
    found = {item.name.lower(): item for item in model.objects.all()}
    for name in sorted(names):
        if name and name.lower() not in found:
            found[name.lower()] = model.objects.create(name=name)
            created.append(name)
    return found


class _DryRun(Exception):
    pass


def write_rows(
    rows: list[Row],
    existing: dict[str, list[User]],
    report: ImportReport,
    progress: Callable[[str], None],
) -> None:
    """Create or update everyone in `rows` (all checked) in one transaction."""
    employees = Group.objects.get(name=Role.EMPLOYEES)
    taken: set[str] = set()
    with transaction.atomic():
        departments = _named(Department, {row.department for row in rows}, report.new_departments)
        locations = _named(Location, {row.location for row in rows}, report.new_locations)
        profiles: dict[str, Profile] = {}
        changed_fields: dict[str, list[str]] = {}
        new_people: set[str] = set()
        for number, row in enumerate(rows, start=1):
            accounts = existing.get(row.email, [])
            if accounts:
                user = accounts[0]
            else:
                if not taken:
                    taken.update(User.objects.values_list("username", flat=True))
                user = User(username=_unique_username(row.email, taken), email=row.email)
                user.set_unusable_password()
                new_people.add(row.email)
            user_changes = [
                name
                for name in ("first_name", "last_name")
                if getattr(user, name) != getattr(row, name)
            ]
            for name in user_changes:
                setattr(user, name, getattr(row, name))
            if user._state.adding:
                user.save()
                user.groups.add(employees)
            elif user_changes:
                user.save(update_fields=user_changes)
            profile = user.profile
            wanted = {
                "employee_id": row.employee_id,
                "job_title": row.job_title,
                "department": departments.get(row.department.lower()),
                "level": row.level,
                "location": locations.get(row.location.lower()),
                "start_date": row.start_date,
            }
            profile_changes = [
                name for name, value in wanted.items() if getattr(profile, name) != value
            ]
            for name in profile_changes:
                setattr(profile, name, wanted[name])
            if profile_changes:
                profile.save()
            profiles[row.email] = profile
            changed_fields[row.email] = user_changes + profile_changes
            if number % PROGRESS_EVERY == 0 or number == len(rows):
                progress(f"people: {number}/{len(rows)}")

        # Second pass: managers, now that everyone in the file exists.
        for row in rows:
            profile = profiles[row.email]
            if row.manager_email in profiles:
                manager = profiles[row.manager_email]
            elif row.manager_email:
                manager = existing[row.manager_email][0].profile
            else:
                manager = None
            if profile.manager_id != (manager.pk if manager else None):
                profile.manager = manager
                profile.save(update_fields=["manager"])
                changed_fields[row.email].append("manager")

        for row in rows:
            fields = changed_fields[row.email]
            if row.email in new_people:
                report.created += 1
            elif fields:
                report.updated += 1
            else:
                report.unchanged += 1
                continue
            log(profiles[row.email], LOG_ACTION, data={"fields": fields})
        if report.dry_run:
            raise _DryRun


def import_people(
    lines: Iterable[str], *, dry_run: bool = False, progress: Callable[[str], None] = print
) -> ImportReport:
    """Import an HR export. ImportFileError (nothing done) if the file cannot be used."""
    rows, errors = read_rows(lines)
    report = ImportReport(rows=len(rows) + len(errors), dry_run=dry_run)
    progress(f"read {report.rows} rows")
    rows, errors, existing = check_rows(rows, errors)
    report.errors = errors
    progress(f"checked: {len(rows)} rows to import, {len(errors)} with problems")
    if rows:
        with contextlib.suppress(_DryRun):  # the dry run's transaction was rolled back
            write_rows(rows, existing, report, progress)
    return report
