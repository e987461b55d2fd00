"""The hub, a statement and its results cost the same number of queries whatever they hold."""

import pytest
from django.urls import reverse

from tests.brand.factories_vision import StatementPageFactory, VisionHubPageFactory, answers
from tests.factories import DepartmentFactory, LocationFactory, UserFactory

pytestmark = pytest.mark.django_db

# Session, user, site, page routing, privacy and roles, the site's header and brand
# settings, then the page's own parts: one query per kind of thing, never per item.
# Issue 19: the user comes with its profile and permissions, a page is routed in two.
# Issue 19, the chrome cached (site and routing, permissions, view restrictions, settings,
# navigation, workflow state: see tests/knowledge/test_page_queries.py): hub 18 → 7,
# statement 24 → 14, results 16 → 11.
# Issue 19's last mile, -1: the header's unread count is kept per reader under their own
# version (community.notifications.services.unread_count). 7 before.
HUB = 6  # 19 before
# Issue 19's pins, statement 14 → 12: the sponsor is read with the page (served_with,
# core.models._served) and the reader's own version with the shared ones (core.fragments
# .expect).
# Issue 19's last mile, -1: the header's unread count is kept per reader under their own
# version (community.notifications.services.unread_count). 12 before.
STATEMENT = 11  # 28 before; includes the community discussion (comments, reactions, watching)
# Issue 19's last mile, -1: the header's unread count is kept per reader under their own
# version (community.notifications.services.unread_count). 11 before.
RESULTS = 10  # 17 before; the results themselves: the atoms and the first answer's date


def build(home, employee, statements: int, per_statement: int):
    hub = VisionHubPageFactory(parent=home)
    sponsor = UserFactory(roles=["Employees"])
    departments = [DepartmentFactory(name=f"Dept {n}") for n in range(4)]
    locations = [LocationFactory(name=f"Town {n}") for n in range(3)]
    pages = [
        StatementPageFactory(parent=hub, kind=kind, sponsor=sponsor)
        for kind, _n in zip(
            ["mission", "vision", "value", "value", "goal"] * 10, range(statements), strict=False
        )
    ]
    people = UserFactory.create_batch(per_statement)  # the same people answer each statement
    quarter = per_statement // 4
    for index, page in enumerate(pages):
        for slice_ in range(4):
            answers(
                page,
                quarter,
                people=people[slice_ * quarter :],
                department=departments[slice_],
                location=locations[slice_ % 3],
                level=["ic", "manager", "director", "ic"][slice_],
                comment=f"Comment {index}-{slice_}",
            )
    from brand.vision.services import give_feedback

    give_feedback(employee, pages[0], understand=4, agree=4, contribute=4)
    return hub, pages[0], sponsor


@pytest.mark.parametrize("size", [(1, 4), (12, 200)])
def test_hub_page_query_count_is_constant(
    home, employee, employee_client, django_assert_num_queries, size
):
    hub, _statement, _sponsor = build(home, employee, *size)
    employee_client.get(hub.url)  # warm the session and caches
    with django_assert_num_queries(HUB):
        response = employee_client.get(hub.url)
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="statement-card"') == size[0]


@pytest.mark.parametrize("size", [(1, 4), (12, 200)])
def test_statement_page_query_count_is_constant(
    home, employee, employee_client, django_assert_num_queries, size
):
    _hub, statement, _sponsor = build(home, employee, *size)
    employee_client.get(statement.url)
    with django_assert_num_queries(STATEMENT):
        response = employee_client.get(statement.url)
    assert 'data-testid="my-answer"' in response.content.decode()


@pytest.mark.parametrize("size", [(1, 8), (3, 200)])
def test_results_query_count_is_constant(
    home, employee, signed_in, django_assert_num_queries, size
):
    _hub, statement, sponsor = build(home, employee, *size)
    client = signed_in(sponsor)
    url = reverse("brand:statement_results", args=[statement.pk])
    client.get(url)
    with django_assert_num_queries(RESULTS):
        response = client.get(url)
    assert response.status_code == 200
