"""POST /csp-report: where browsers report what the content security policy blocked."""

import json
import logging

import pytest
from django.test import Client

from core import security

REPORT = {
    "csp-report": {
        "document-uri": "http://testserver/pages/expenses/",
        "referrer": "",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "original-policy": "default-src 'self'; script-src 'self'",
        "disposition": "enforce",
        "blocked-uri": "inline",
        "line-number": 12,
        "source-file": "http://testserver/pages/expenses/",
        "status-code": 200,
        "script-sample": "alert(1)",
    }
}


@pytest.fixture
def client():
    # A browser sends its reports without a CSRF token, signed in or not.
    return Client(enforce_csrf_checks=True)


def post(client, body, content_type="application/csp-report"):
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post("/csp-report", data=data, content_type=content_type)


def test_a_report_is_logged_and_answered_204(client, db, caplog):
    received = []
    security.csp_violation_reported.connect(
        lambda sender, report, **kwargs: received.append(report), dispatch_uid="test", weak=False
    )
    try:
        with caplog.at_level(logging.WARNING, logger="hearth.csp"):
            response = post(client, REPORT)
    finally:
        security.csp_violation_reported.disconnect(dispatch_uid="test")
    assert response.status_code == 204
    [record] = [r for r in caplog.records if r.name == "hearth.csp"]
    assert "script-src-elem blocked inline on http://testserver/pages/expenses/" in (
        record.getMessage()
    )
    assert record.csp_report["script-sample"] == "alert(1)"
    assert record.csp_report["line-number"] == "12"
    assert "original-policy" not in record.csp_report
    assert received == [record.csp_report]


def test_the_reporting_api_format_is_accepted(client, db, caplog):
    body = [
        {
            "type": "csp-violation",
            "url": "http://testserver/",
            "body": {
                "documentURL": "http://testserver/",
                "effectiveDirective": "style-src-attr",
                "blockedURL": "inline",
                "lineNumber": 3,
                "sample": "color: red",
            },
        }
    ]
    with caplog.at_level(logging.WARNING, logger="hearth.csp"):
        response = post(client, body, content_type="application/reports+json")
    assert response.status_code == 204
    [record] = [r for r in caplog.records if r.name == "hearth.csp"]
    assert record.csp_report == {
        "document-uri": "http://testserver/",
        "effective-directive": "style-src-attr",
        "blocked-uri": "inline",
        "line-number": "3",
        "script-sample": "color: red",
    }


def test_long_fields_are_cut(client, db, caplog):
    long_report = {"csp-report": {**REPORT["csp-report"], "script-sample": "x" * 5000}}
    with caplog.at_level(logging.WARNING, logger="hearth.csp"):
        assert post(client, long_report).status_code == 204
    [record] = [r for r in caplog.records if r.name == "hearth.csp"]
    assert len(record.csp_report["script-sample"]) == security.FIELD_MAX_CHARS


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe\x00garbage",
        b"",
        b"null",
        b"[]",
        b"42",
        b'{"csp-report": "nope"}',
        b'{"something": {}}',
        b'[{"type": "deprecation", "body": {}}]',
        b"[1, 2]",
    ],
)
def test_garbage_is_refused_400_and_not_logged(client, db, caplog, body):
    with caplog.at_level(logging.WARNING, logger="hearth.csp"):
        response = post(client, body)
    assert response.status_code == 400
    assert response.content  # a reason, in words
    assert not [r for r in caplog.records if r.name == "hearth.csp"]


def test_an_oversized_report_is_refused_413(client, db):
    body = {"csp-report": {**REPORT["csp-report"], "script-sample": "x" * 20_000}}
    response = post(client, body)
    assert response.status_code == 413


def test_get_is_405(client, db):
    assert client.get("/csp-report").status_code == 405


def test_a_flood_from_one_address_is_cut_off(client, db, caplog, monkeypatch):
    monkeypatch.setattr(security, "REPORTS_PER_MINUTE", 3)
    with caplog.at_level(logging.WARNING, logger="hearth.csp"):
        codes = [post(client, REPORT).status_code for _ in range(5)]
    assert codes == [204, 204, 204, 429, 429]
    assert len([r for r in caplog.records if r.name == "hearth.csp"]) == 3
