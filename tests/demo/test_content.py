"""The demo's data files: read with errors that name the file, and in the shape the
importers take."""

import csv
import io

import pytest
from django.core.management import call_command

from demo.content import CONTENT, DemoContentError, read_yaml
from demo.loaders.people import demo_logins, demo_people
from knowledge.markdown import plan_folder
from people.importing import COLUMNS, read_rows
from tests.factories import UserFactory


def test_a_malformed_yaml_file_names_the_file(tmp_path):
    (tmp_path / "broken.yaml").write_text("spaces:\n  - slug: [unclosed\n")

    with pytest.raises(DemoContentError, match=r"broken\.yaml: not valid YAML"):
        read_yaml("broken.yaml", root=tmp_path)


def test_a_missing_file_names_the_file(tmp_path):
    with pytest.raises(DemoContentError, match=r"missing\.yaml: cannot be read"):
        read_yaml("missing.yaml", root=tmp_path)


def test_people_csv_is_an_hr_export_the_importer_reads_without_problems():
    with (CONTENT / "people.csv").open(encoding="utf-8", newline="") as handle:
        assert set(COLUMNS) <= set(csv.DictReader(handle).fieldnames or [])
    rows, errors = read_rows((CONTENT / "people.csv").read_text().splitlines())
    assert errors == [] and len(rows) == len(demo_people()) + 6  # the logins but the guest
    assert {login.username for login in demo_logins()} >= {"admin", "editor", "guest"}


@pytest.mark.django_db
def test_every_knowledge_folder_plans_without_errors():
    """Each folder imports cleanly (owners are demo sign-ins; links stay inside)."""
    for login in demo_logins():
        UserFactory(username=login.username)
    for folder in sorted(path for path in (CONTENT / "knowledge").iterdir() if path.is_dir()):
        plan = plan_folder(folder)
        assert [(node.label, node.error) for node in plan.nodes if node.error] == []


@pytest.mark.django_db
def test_demo_logins_prints_the_sign_ins_that_exist():
    UserFactory(username="editor")
    out = io.StringIO()

    call_command("demo_logins", "--port", "8123", stdout=out)

    text = out.getvalue()
    assert "http://127.0.0.1:8123" in text
    assert "editor" in text and "Editors, Employees" in text and "guest" not in text
