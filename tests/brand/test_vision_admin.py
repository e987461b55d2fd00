"""The admin's "Vision feedback" report: statements with respondents and means."""

import pytest
from django.urls import reverse

from tests.brand.factories_vision import StatementPageFactory, VisionHubPageFactory, answers
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def statements(home, settings):
    settings.HEARTH_FEEDBACK_MIN_GROUP = 5
    hub = VisionHubPageFactory(parent=home)
    busy = StatementPageFactory(parent=hub, title="Customers first")
    quiet = StatementPageFactory(parent=hub, title="Say it plainly")
    answers(busy, 6, agree=5)
    answers(quiet, 2, agree=1)
    return busy, quiet


def test_communications_see_the_report_with_suppressed_means(signed_in, statements):
    busy, _quiet = statements
    client = signed_in(UserFactory(roles=["Employees", "Communications"]))
    response = client.get(reverse("brand_vision_report"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Customers first" in html and "Say it plainly" in html
    assert reverse("brand:statement_results", args=[busy.pk]) in html
    assert "5.00" in html  # busy: mean agree
    assert "1.00" not in html  # quiet: 2 respondents, means suppressed
    assert "suppressed" in html


def test_report_export_keeps_suppression(signed_in, statements):
    client = signed_in(UserFactory(roles=["Employees", "Communications"]))
    response = client.get(reverse("brand_vision_report") + "?export=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode() if response.streaming else ""
    text = text or response.content.decode()
    quiet = next(line for line in text.splitlines() if "Say it plainly" in line)
    assert "suppressed" in quiet and "1.0" not in quiet


def test_the_menu_item_is_for_communications_only(signed_in, statements):
    comms = signed_in(UserFactory(roles=["Employees", "Communications"]))
    editor = signed_in(UserFactory(roles=["Employees", "Editors"]))
    assert "Vision feedback" in comms.get(reverse("wagtailadmin_home")).content.decode()
    assert "Vision feedback" not in editor.get(reverse("wagtailadmin_home")).content.decode()


def test_editors_and_employees_cannot_open_the_report(signed_in, statements):
    editor = signed_in(UserFactory(roles=["Employees", "Editors"]))
    assert editor.get(reverse("brand_vision_report")).status_code in (302, 403)
    employee = signed_in(UserFactory(roles=["Employees"]))
    assert employee.get(reverse("brand_vision_report")).status_code in (302, 403)
