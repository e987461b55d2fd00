"""Structured logs (hearth/logs.py): a JSON object per line, one line per request."""

import json
import logging
import sys

from django.test import Client

from hearth.logs import JsonFormatter
from tests.factories import UserFactory
from tests.hearth.processes import PRODUCTION, environment, run


def test_a_record_is_one_line_of_json_with_its_extra_fields():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("hearth.x", logging.ERROR, __file__, 1, "a %s", ("b",), None)
        record.exc_info = sys.exc_info()
    record.user_id = 7
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "a b"
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "hearth.x"
    assert entry["user_id"] == 7
    assert "ValueError: boom" in entry["exc_info"]


def test_each_request_is_logged_with_method_path_status_duration_and_person(db, caplog):
    person = UserFactory()
    client = Client()
    client.force_login(person)
    with caplog.at_level(logging.INFO, logger="hearth.request"):
        client.get("/healthz/live")
        client.get("/no-such-page/")
    lines = [r for r in caplog.records if r.name == "hearth.request"]
    assert [(r.method, r.path, r.status) for r in lines] == [
        ("GET", "/healthz/live", 200),
        ("GET", "/no-such-page/", 404),
    ]
    assert lines[1].user_id == person.pk
    assert all(r.duration_ms >= 0 for r in lines)


def test_an_anonymous_request_logs_no_person(caplog):
    with caplog.at_level(logging.INFO, logger="hearth.request"):
        Client().get("/healthz/live")
    (line,) = [r for r in caplog.records if r.name == "hearth.request"]
    assert line.user_id is None


def test_production_logs_json_lines_to_stdout():
    code = "import logging; logging.getLogger('hearth.probe').warning('hello', extra={'n': 1})"
    result = run("manage.py", "shell", "-c", code, env=environment(**PRODUCTION))
    assert result.returncode == 0, result.stderr
    entry = json.loads(result.stdout.strip().splitlines()[-1])
    assert (entry["logger"], entry["message"], entry["n"]) == ("hearth.probe", "hello", 1)
