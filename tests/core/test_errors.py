"""Error pages are branded and reveal nothing internal, with DEBUG off."""

import pytest
from django.test import Client, override_settings

from tests.factories import UserFactory

LEAKS = ["Traceback", "Exception", "settings.py", "SECRET", "/work/", "site-packages", "DEBUG"]


def _assert_nothing_leaks(html: str) -> None:
    for leak in LEAKS:
        assert leak not in html


def _error_page(response, status_code: int) -> str:
    """The page's HTML, once it is checked to have `status_code` and to leak nothing."""
    assert response.status_code == status_code
    html = response.content.decode()
    _assert_nothing_leaks(html)
    return html


def test_unknown_url_gets_the_branded_404(employee_client, home):
    html = _error_page(employee_client.get("/no/such/page/"), 404)
    assert "We can't find that page" in html
    assert 'role="search"' in html


def test_a_reader_sent_to_the_admin_gets_the_403_with_a_way_back(employee_client, home):
    html = _error_page(employee_client.get("/admin/pages/", follow=True), 403)
    assert "Back to the start page" in html


@override_settings(ROOT_URLCONF="tests.core.urls_errors")
def test_permission_denied_renders_the_branded_403(employee_client):
    html = _error_page(employee_client.get("/forbidden/"), 403)
    assert "You don't have access to this" in html
    assert 'href="/"' in html


@override_settings(ROOT_URLCONF="tests.core.urls_errors")
@pytest.mark.django_db
def test_a_crash_shows_the_static_500_page_and_no_stack_trace():
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    html = _error_page(client.get("/boom/"), 500)
    assert "Something went wrong on our side" in html
    assert "kaboom" not in html
