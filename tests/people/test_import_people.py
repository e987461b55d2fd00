"""manage.py import_people: people from an HR export, every bad-input case, idempotent."""
# ruff: noqa: E501 - CSV rows read best one per line

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.models import User
from core.roles import Role
from people.models import Department, Level, Location, Profile
from tests.people.factories_people import person

HEADER = (
    "email,first_name,last_name,employee_id,job_title,department,level,location,"
    "manager_email,start_date"
)
# The CEO comes last: managers are resolved after everyone exists.
GOOD = """\
ada@example.com,Ada,Andersen,E2,Director of Engineering,Engineering,director,Berlin,ceo@example.com,2020-02-01
ben@example.com,Ben,Bauer,E3,Engineer,Engineering,ic,Berlin,ada@example.com,2023-06-15
Chiara@Example.com,Chiara,Costa,E4,Accountant,Finance,Individual contributor,London,ceo@example.com,
ceo@example.com,Cleo,Executive,E1,Chief Executive Officer,Operations,executive,London,,2019-01-01
"""


def run(tmp_path, body: str, *args, header: str = HEADER):
    path = tmp_path / "hr.csv"
    path.write_text(f"{header}\n{body}", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_people", str(path), *args, stdout=out, stderr=err)
        failed = None
    except CommandError as error:
        failed = str(error)
    return out.getvalue(), err.getvalue(), failed


def snapshot() -> list[tuple]:
    return list(
        Profile.objects.order_by("user__email").values_list(
            "user__email", "user__username", "user__first_name", "user__last_name",
            "employee_id", "job_title", "department__name", "level", "location__name",
            "manager__user__email", "start_date",
        )
    )  # fmt: skip


def test_a_clean_file_creates_everyone_with_their_managers(tmp_path, db):
    out, err, failed = run(tmp_path, GOOD)
    assert failed is None, err
    assert "4 created, 0 updated, 0 unchanged, 0 failed (of 4 rows)" in out
    assert "people: 4/4" in out  # progress
    ada = Profile.objects.get(user__email="ada@example.com")
    assert ada.user.username == "ada"
    assert ada.user.get_full_name() == "Ada Andersen"
    assert (ada.job_title, ada.department.name, ada.level, ada.location.name) == (
        "Director of Engineering", "Engineering", Level.DIRECTOR, "Berlin",
    )  # fmt: skip
    assert ada.manager.user.email == "ceo@example.com"
    assert ada.start_date == dt.date(2020, 2, 1)
    assert ada.employee_id == "E2"
    assert ada.user.groups.filter(name=Role.EMPLOYEES).exists()
    assert not ada.user.has_usable_password()
    chiara = Profile.objects.get(user__email="chiara@example.com")
    assert chiara.level == Level.INDIVIDUAL_CONTRIBUTOR
    assert chiara.start_date is None
    assert Profile.objects.get(user__email="ben@example.com").manager == ada
    assert set(Department.objects.values_list("name", flat=True)) >= {"Engineering", "Finance"}


def test_running_the_same_file_twice_changes_nothing(tmp_path, db):
    run(tmp_path, GOOD)
    first = snapshot()
    counts = (User.objects.count(), Department.objects.count(), Location.objects.count())
    out, _err, failed = run(tmp_path, GOOD)
    assert failed is None
    assert "0 created, 0 updated, 4 unchanged, 0 failed" in out
    assert snapshot() == first
    assert (User.objects.count(), Department.objects.count(), Location.objects.count()) == counts


def test_existing_people_are_matched_by_email_and_updated(tmp_path, db):
    existing = person("ada.old", job_title="Engineer")
    existing.user.email = "ADA@example.com"
    existing.user.save()
    out, _err, failed = run(tmp_path, GOOD)
    assert failed is None
    assert "3 created, 1 updated" in out
    existing.refresh_from_db()
    assert existing.job_title == "Director of Engineering"
    assert existing.user.username == "ada.old"  # the account is kept
    assert User.objects.filter(email__iexact="ada@example.com").count() == 1
    # A promotion later is an update of that one row.
    out, _err, _ = run(
        tmp_path, GOOD.replace("E3,Engineer,Engineering,ic", "E3,Lead,Engineering,manager")
    )
    assert "0 created, 1 updated, 3 unchanged" in out
    assert Profile.objects.get(user__email="ben@example.com").level == Level.MANAGER


def test_a_dry_run_reports_but_saves_nothing(tmp_path, db):
    before = (User.objects.count(), Department.objects.count())
    out, _err, failed = run(tmp_path, GOOD, "--dry-run")
    assert failed is None
    assert "Dry run, nothing saved: would have 4 created" in out
    assert "New departments: Engineering, Finance, Operations" in out
    assert (User.objects.count(), Department.objects.count()) == before


def test_missing_columns_are_one_clear_error_and_nothing_is_done(tmp_path, db):
    before = User.objects.count()
    header = "email,first_name,last_name,job_title,department"
    _out, _err, failed = run(tmp_path, "x@example.com,X,Y,Z,Sales\n", header=header)
    assert failed is not None
    assert (
        "missing the column(s): employee_id, level, location, manager_email, start_date" in failed
    )
    assert "Nothing was imported" in failed
    assert User.objects.count() == before


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (
            "dan@example.com,Dan,Dubois,E9,Engineer,Engineering,ic,Berlin,nobody@example.com,",
            "unknown manager nobody@example.com",
        ),
        ("dan@example.com,Dan,Dubois,E9,Engineer,Engineering,wizard,Berlin,,", "unknown level"),
        ("dan@example.com,Dan,Dubois,E9,Engineer,Engineering,ic,Berlin,,31/12/2024", "not a date"),
        ("not-an-email,Dan,Dubois,E9,Engineer,Engineering,ic,Berlin,,", "not an email address"),
        (",Dan,Dubois,E9,Engineer,Engineering,ic,Berlin,,", "email is empty"),
        ("dan@example.com,Dan,Dubois,E9,Engineer,Engineering,ic,Berlin,dan@example.com,", "own manager"),
        ("dan@example.com,Dan,Dubois,E9," + "t" * 151 + ",Engineering,ic,Berlin,,", "longer than 150"),
    ],
)  # fmt: skip
def test_a_bad_row_is_reported_and_the_valid_rows_are_imported(tmp_path, db, bad_row, message):
    out, err, failed = run(tmp_path, GOOD + bad_row + "\n")
    assert failed is not None and "1 row(s) could not be imported" in failed
    assert "line 6" in err and message in err
    assert "4 created, 0 updated, 0 unchanged, 1 failed (of 5 rows)" in out
    assert not User.objects.filter(first_name="Dan").exists()
    assert Profile.objects.filter(user__email="ben@example.com").exists()


def test_duplicate_emails_in_the_file_fail_every_copy(tmp_path, db):
    body = GOOD + "BEN@example.com,Benjamin,Bauer,E8,Engineer,Engineering,ic,Berlin,,\n"
    _out, err, failed = run(tmp_path, body)
    assert failed is not None
    assert "line 3 (ben@example.com): the email appears on lines 3, 6" in err
    assert "line 6 (ben@example.com): the email appears on lines 3, 6" in err
    assert not User.objects.filter(email__iexact="ben@example.com").exists()
    assert User.objects.filter(email="ada@example.com").exists()


def test_a_duplicate_employee_id_fails_both_rows(tmp_path, db):
    body = GOOD + (
        "dan@example.com,Dan,Dubois,E20,Engineer,Engineering,ic,Berlin,,\n"
        "eve@example.com,Eve,Eze,E20,Engineer,Engineering,ic,Berlin,,\n"
    )
    out, err, failed = run(tmp_path, body)
    assert failed is not None
    assert err.count("employee_id E20 appears twice") == 2
    assert "4 created, 0 updated, 0 unchanged, 2 failed (of 6 rows)" in out


def test_a_cycle_in_the_manager_chain_fails_the_rows_in_it(tmp_path, db):
    body = GOOD + (
        "x@example.com,Xu,Xi,E10,Engineer,Engineering,ic,Berlin,y@example.com,\n"
        "y@example.com,Yusuf,Yilmaz,E11,Engineer,Engineering,ic,Berlin,z@example.com,\n"
        "z@example.com,Zofia,Zhang,E12,Engineer,Engineering,ic,Berlin,x@example.com,\n"
        "w@example.com,Wen,Weber,E13,Engineer,Engineering,ic,Berlin,x@example.com,\n"
    )
    out, err, failed = run(tmp_path, body)
    assert failed is not None
    for line in (6, 7, 8):
        assert f"line {line}" in err
    assert err.count("goes round in a circle") == 3
    # W reports to X, whose row failed and who is not in Hearth: W's manager is unknown.
    assert "line 9 (w@example.com): unknown manager x@example.com" in err
    assert "4 created" in out
    assert not User.objects.filter(email__in=["x@example.com", "w@example.com"]).exists()


def test_a_cycle_through_someone_already_in_hearth(tmp_path, db):
    run(tmp_path, GOOD)
    # The CEO now reports to Ben, who reports to Ada, who reports to the CEO.
    body = "ceo@example.com,Cleo,Executive,E1,Chief Executive Officer,Operations,executive,London,ben@example.com,2019-01-01\n"
    _out, err, failed = run(tmp_path, body)
    assert failed is not None
    assert "goes round in a circle" in err
    assert Profile.objects.get(user__email="ceo@example.com").manager is None


def test_an_unreadable_file_is_a_clear_error(tmp_path, db):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_people", str(tmp_path / "missing.csv"))
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "\nzoe@example.com,Zoë,Z,,,,,,,\n").encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("import_people", str(path), stdout=io.StringIO())
    assert not User.objects.filter(email="zoe@example.com").exists()
