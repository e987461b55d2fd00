"""Attacks on statement feedback results: no combination of the views a person can request
may give away the answers of a group smaller than ``HEARTH_FEEDBACK_MIN_GROUP``."""

import pytest
from django.urls import reverse

from tests.brand.factories_vision import StatementPageFactory, VisionHubPageFactory, answers
from tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.HEARTH_FEEDBACK_MIN_GROUP = 5


@pytest.fixture
def statement(home):
    hub = VisionHubPageFactory(parent=home)
    return StatementPageFactory(parent=hub, sponsor=UserFactory(roles=["Employees"]))


@pytest.fixture
def comms_client(signed_in):
    return signed_in(UserFactory(roles=["Employees", "Communications"]))


def results_json(client, statement, **params):
    response = client.get(reverse("brand:statement_results_json", args=[statement.pk]), params)
    assert response.status_code == 200
    return response.json()


def shown_sum(cell, question="agree"):
    """(respondents, sum of the answers) a reader works out from a shown cell, or None."""
    if cell["suppressed"]:
        return None
    return cell["respondents"], round(cell["respondents"] * cell["means"][question])


def test_a_level_filter_minus_the_unfiltered_breakdown_does_not_reveal_the_executives(
    comms_client, statement
):
    """The reported attack. Three executives are hidden in the level breakdown (and the five
    managers with them, so the total minus the shown levels stays a group of eight). The
    level=manager filter used to be allowed on its own (five people, 23 outside it), so
    everyone minus individual contributors minus managers gave the executives' answers."""
    sales, support = DepartmentFactory(name="Sales"), DepartmentFactory(name="Support")
    answers(statement, 10, department=sales, level="ic", agree=4)
    answers(statement, 10, department=support, level="ic", agree=4)
    answers(statement, 5, department=support, level="manager", agree=3)
    answers(statement, 3, department=sales, level="executive", agree=1)

    everyone = results_json(comms_client, statement)
    by_level = {cell["key"]: cell for cell in everyone["by_level"]}
    assert by_level["executive"]["suppressed"] is True
    managers = results_json(comms_client, statement, level="manager")

    parts = [
        shown_sum(everyone["overall"]),
        shown_sum(by_level["ic"]),
        shown_sum(managers["overall"]),
    ]
    if None not in parts:
        (n_all, sum_all), (n_ic, sum_ic), (n_managers, sum_managers) = parts
        executives = (n_all - n_ic - n_managers, sum_all - sum_ic - sum_managers)
        pytest.fail(f"three executives' answers derived by subtraction: {executives}")
