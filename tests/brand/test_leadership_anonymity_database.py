"""An anonymous question is anonymous in the database too: the attack of a person who can
read every table.

The test signs a person in, snapshots every row of every table, asks an anonymous
question through the real view (running what the request scheduled, with the production
task backend that writes task rows and with the immediate one that writes notifications),
snapshots again and reads every new or changed row, column by column. No such row may
name the asker (their id in a column that points at a person, their id in a session,
their username, email address or name anywhere), and none may carry a time finer than
the day the question keeps: a precise time written by the ask is what an attacker matches
against the asker's other rows (sign-ins, sessions, votes, the activity ledger).

The control test asks a named question the same way and checks the attack finds the
asker: the detector is not blind.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, models
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from brand.models import LeadershipQuestion
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TITLE = "Who decided to close the Leeds office?"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
USERISH = re.compile(r"(^|_)(user|author|actor|owner|recipient|voter|by)(_id)?$|_by(_id)?$")
DATETIME_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:?\d{2}|Z)?$")


@pytest.fixture
def asker(bystanders):
    """Made after the bystanders, so their id is not the question's (1) by chance."""
    return UserFactory(
        username="yx.quietvoice",
        first_name="Ysolde",
        last_name="Xenakis-Ombre",
        email="yx-private@example.org",
        roles=["Employees", "Communications"],  # a communications asker is told of asks
    )


@pytest.fixture
def bystanders(db):
    """Communications and staff who hear of new questions: rows may be written for them."""
    return [
        UserFactory(username="comms.one", roles=["Communications", "Employees"]),
        UserFactory(username="staff.one", roles=["Employees"]),
    ]


# The model of every table ------------------------------------------------------------------
def _columns_by_table() -> dict[str, dict[str, models.Field]]:
    """For each table a Django model owns, its concrete fields by column name."""
    tables: dict[str, dict[str, models.Field]] = {}
    for model in apps.get_models(include_auto_created=True):
        fields = tables.setdefault(model._meta.db_table, {})
        for field in model._meta.concrete_fields:
            fields[field.column] = field
    return tables


def _points_at_people(field: models.Field | None, column: str) -> bool:
    if field is not None and field.is_relation and field.related_model is not None:
        return field.related_model._meta.label == settings.AUTH_USER_MODEL
    return field is None and bool(USERISH.search(column.lower()))


def _snapshot() -> dict[str, tuple[list[str], Counter]]:
    """Every row of every table, raw (as the database gives it)."""
    result = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            # The table names come from the database itself, quoted.
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            rows = Counter(
                tuple(bytes(value) if isinstance(value, memoryview) else value for value in row)
                for row in cursor.fetchall()
            )
            result[table] = (columns, rows)
    return result


def _new_rows(before, after) -> list[tuple[str, dict]]:
    """Rows that appeared or changed (a changed row is a new version of it)."""
    diff = []
    for table, (columns, rows) in after.items():
        old = before.get(table, (columns, Counter()))[1]
        for row in (rows - old).elements():
            diff.append((table, dict(zip(columns, row, strict=True))))
    return diff


def _as_datetime(value) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value, dt.UTC)
    if isinstance(value, str) and DATETIME_TEXT.match(value.strip()):
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, dt.UTC)
    return None


def _is_precise(moment: dt.datetime) -> bool:
    """Finer than the day the question keeps (local midnight)."""
    local = timezone.localtime(moment)
    return (local.hour, local.minute, local.second, local.microsecond) != (0, 0, 0, 0)


def _text(value) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def links_to(asker, diff) -> list[str]:
    """Everything in the new rows that names the asker or dates the ask precisely."""
    columns_of = _columns_by_table()
    secrets = [asker.username, asker.email, asker.first_name, asker.last_name, asker.display_name]
    found = []
    for table, row in diff:
        fields = columns_of.get(table, {})
        where = f"{table} {row}"
        for column, value in row.items():
            field = fields.get(column)
            if (
                value is not None
                and _points_at_people(field, column)
                and str(value) == str(asker.pk)
            ):
                found.append(f"{column} is the asker's id in {where}")
            text = _text(value).lower()
            for secret in secrets:
                if secret and secret.lower() in text:
                    found.append(f"{column} holds {secret!r} in {where}")
            is_date_column = isinstance(field, models.DateTimeField) or field is None
            moment = _as_datetime(value) if is_date_column else None
            if moment is not None and _is_precise(moment):
                found.append(f"{column} dates the ask to {moment.isoformat()} in {where}")
        if table == "django_session":
            decoded = SessionStore().decode(row["session_data"])
            if str(decoded.get("_auth_user_id")) == str(asker.pk):
                found.append(f"the asker's session was written by the ask: {where}")
        for column in ("args_kwargs", "return_value"):
            value = row.get(column)
            in_task = table.startswith("django_tasks") and isinstance(value, str)
            if in_task and str(asker.pk) in _json_ints(value):
                found.append(f"{column} passes the asker's id in {where}")
    return found


def _json_ints(text: str) -> set[str]:
    try:
        data = json.loads(text)
    except ValueError:
        return set()
    found: set[str] = set()

    def walk(item):
        if isinstance(item, bool):
            return
        if isinstance(item, int):
            found.add(str(item))
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(data)
    return found


def ask_and_diff(client, django_capture_on_commit_callbacks, *, anonymous: bool, tasks: dict):
    data = {"title": TITLE, "details": "Nobody has said."}
    if anonymous:
        data["anonymous"] = "on"
    client.get(reverse("brand:leadership_ask"))  # the form, read before: not the ask
    before = _snapshot()
    with override_settings(TASKS=tasks), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("brand:leadership_ask"), data)
    assert response.status_code == 302
    after = _snapshot()
    return LeadershipQuestion.objects.get(title=TITLE), _new_rows(before, after)


def test_every_table_is_read():
    """The walk reads raw tables; every model's table must be among them."""
    raw = set(connection.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            assert model._meta.db_table in raw, model._meta.label


@pytest.mark.parametrize("tasks", [DATABASE_TASKS, IMMEDIATE_TASKS], ids=["task-rows", "run-tasks"])
def test_no_row_written_by_an_anonymous_ask_links_it_to_the_asker(
    asker, bystanders, signed_in, django_capture_on_commit_callbacks, tasks
):
    question, diff = ask_and_diff(
        signed_in(asker), django_capture_on_commit_callbacks, anonymous=True, tasks=tasks
    )
    assert question.anonymous
    # Not blind: the question itself is among the new rows.
    assert any(table == LeadershipQuestion._meta.db_table for table, _row in diff)
    found = links_to(asker, diff)
    assert not found, "\n".join(found)
    # The question keeps its day, nothing finer.
    assert not _is_precise(question.created_at)
    assert timezone.localdate(question.created_at) == timezone.localdate()


def test_the_attack_finds_the_asker_of_a_named_question(
    asker, bystanders, signed_in, django_capture_on_commit_callbacks
):
    """The control: the same attack on a named question names the asker, through the
    question's author, their vote, the ledger and the audit log, all precisely dated."""
    _question, diff = ask_and_diff(
        signed_in(asker), django_capture_on_commit_callbacks, anonymous=False, tasks=IMMEDIATE_TASKS
    )
    found = " ".join(links_to(asker, diff))
    for table in (
        "brand_leadershipquestion",
        "brand_leadershipquestionvote",
        "wagtailcore_modellogentry",
    ):
        assert f"is the asker's id in {table}" in found, table
    assert "dates the ask" in found
