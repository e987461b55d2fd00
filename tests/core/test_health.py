from unittest import mock

from django.db import DatabaseError
from django.test import Client


def test_health_answers_json_without_sign_in(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_reports_an_unreachable_database_as_503(db):
    with mock.patch("core.views.connection.cursor", side_effect=DatabaseError("down")):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}
    assert "down" not in response.content.decode()
