"""The people directory: search, filters, sorting, pages, privacy and its query count."""

import re

import pytest

from core.roles import Role
from people.models import Department, Location
from tests.factories import UserFactory
from tests.people.factories_people import person, photo


def names(response) -> list[str]:
    return re.findall(r'data-testid="person-link">([^<]+)</a>', response.content.decode())


@pytest.fixture
def staff(db):
    return {
        "kemi": person(
            "kemi.mensah", job_title="Payroll lead", department="Finance", location="Berlin",
            expertise=["payroll", "tax"],
        ),
        "lars": person(
            "lars.lindqvist", job_title="Site reliability engineer", department="Engineering",
            location="London", expertise=["kubernetes", "python"],
        ),
        "ada": person(
            "ada.andersen", job_title="Python developer", department="Engineering",
            location="Berlin", expertise=["python"],
        ),
        "zed": person(
            "zofia.zhang", job_title="Tax adviser", department="Finance", location="London",
            expertise=["tax"], display_name="Aaron Zed",
        ),
    }  # fmt: skip


def test_everyone_is_listed_sorted_by_shown_name(employee_client, staff, employee):
    response = employee_client.get("/people/")
    assert response.status_code == 200
    # A display name counts for sorting: "Aaron Zed" (really Zofia Zhang) comes first.
    assert names(response)[:2] == ["Aaron Zed", "Ada Andersen"]
    assert names(response) == sorted(names(response), key=str.lower)
    assert {"Kemi Mensah", "Lars Lindqvist", "Ada Andersen", "Aaron Zed"} <= set(names(response))


def test_search_by_name_and_by_job_title(employee_client, staff):
    assert names(employee_client.get("/people/", {"q": "mensah"})) == ["Kemi Mensah"]
    assert names(employee_client.get("/people/", {"q": "kemi payroll"})) == ["Kemi Mensah"]
    assert names(employee_client.get("/people/", {"q": "python"})) == ["Ada Andersen"]
    assert names(employee_client.get("/people/", {"q": "aaron"})) == ["Aaron Zed"]
    response = employee_client.get("/people/", {"q": "nobody-like-this"})
    assert names(response) == []
    assert "Nobody matches" in response.content.decode()


def test_filters_by_department_location_and_expertise(employee_client, staff):
    finance = Department.objects.get(name="Finance")
    berlin = Location.objects.get(name="Berlin")
    assert names(employee_client.get("/people/", {"department": finance.pk})) == [
        "Aaron Zed",
        "Kemi Mensah",
    ]
    assert names(employee_client.get("/people/", {"location": berlin.pk})) == [
        "Ada Andersen",
        "Kemi Mensah",
    ]
    assert names(employee_client.get("/people/", {"expertise": "python"})) == [
        "Ada Andersen",
        "Lars Lindqvist",
    ]
    both = employee_client.get("/people/", {"expertise": "tax", "location": berlin.pk})
    assert names(both) == ["Kemi Mensah"]
    # Expertise choices are the declared tags, with how many people list them.
    assert "python (2)" in both.content.decode()


def test_the_direct_reports_of_a_manager(employee_client, staff):
    boss = staff["kemi"]
    person("pablo.patel", manager=boss)
    person("rosa.rossi", manager=boss)
    response = employee_client.get("/people/", {"manager": "kemi.mensah"})
    assert names(response) == ["Pablo Patel", "Rosa Rossi"]
    assert "Direct reports of Kemi Mensah" in response.content.decode()
    assert employee_client.get("/people/", {"manager": "no.such.person"}).status_code == 404


def test_deactivated_people_are_not_listed(employee_client, staff):
    staff["kemi"].user.is_active = False
    staff["kemi"].user.save()
    assert "Kemi Mensah" not in names(employee_client.get("/people/"))


def test_bad_filters_are_a_400_with_a_message(employee_client, staff):
    response = employee_client.get("/people/", {"department": "999999"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    response = employee_client.get("/people/", {"location": "not-a-number"})
    assert response.status_code == 400
    response = employee_client.get("/people/", {"expertise": "<script>"})
    assert response.status_code == 400
    assert "Enter a valid" in response.content.decode()
    assert employee_client.get("/people/", {"q": "x" * 500}).status_code == 400


def test_pages_of_24(employee_client, db):
    for number in range(30):
        person(f"staff.member{number:02d}")
    first = employee_client.get("/people/")
    assert len(names(first)) == 24
    assert 'data-testid="page-next"' in first.content.decode()
    second = employee_client.get("/people/", {"page": 2})
    assert len(names(second)) == 31 - 24  # 30 + the employee signed in
    assert employee_client.get("/people/", {"page": "junk"}).status_code == 200
    # Filters survive in the pagination links.
    filtered = employee_client.get("/people/", {"q": "staff"}).content.decode()
    assert "?q=staff&amp;page=2" in filtered


def test_guests_get_a_404(signed_in, staff):
    client = signed_in(UserFactory(roles=[Role.GUESTS]))
    assert client.get("/people/").status_code == 404
    assert client.get("/people/", {"q": "kemi"}).status_code == 404


def test_cards_link_to_profiles_and_expertise_to_the_finder(employee_client, staff):
    html = employee_client.get("/people/", {"q": "kemi"}).content.decode()
    assert 'href="/people/kemi.mensah/"' in html
    assert 'href="/people/experts/?topic=payroll"' in html


def _add_people(n: int, start: int = 0) -> None:
    for number in range(start, start + n):
        profile = person(f"many.person{number:03d}", department="Sales", location="Remote",
                         expertise=["selling", f"topic {number}"])  # fmt: skip
        if number % 2 == 0:
            profile.photo = photo(f"photo {number}")
            profile.save()


def _count_queries(client, url: str, people: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # renditions are made on the first view
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert len(names(response)) == people
    return len(captured.captured_queries)


def test_a_directory_page_costs_the_same_queries_for_2_or_24_people(
    employee_client, django_assert_num_queries, db
):
    url = "/people/?expertise=selling"
    _add_people(2)
    few = _count_queries(employee_client, url, 2)
    assert few > 0
    _add_people(40, start=2)
    employee_client.get(url)
    with django_assert_num_queries(few):
        assert len(names(employee_client.get(url))) == 24


def test_search_results_and_suggestions_link_people_to_their_profile(employee_client, staff):
    html = employee_client.get("/search/", {"q": "mensah"}).content.decode()
    assert 'href="/people/kemi.mensah/" data-testid="search-person"' in html
    items = employee_client.get("/search/autocomplete/", {"q": "kemi"}).json()["items"]
    person_item = next(item for item in items if item["kind"] == "person")
    assert person_item["url"] == "/people/kemi.mensah/"


def test_the_header_links_to_the_directory(employee_client, home):
    html = employee_client.get("/").content.decode()
    nav = html.split('aria-label="Main"')[1].split("</nav>")[0]
    assert 'href="/people/"' in nav
    assert 'aria-current="page"' in employee_client.get("/people/").content.decode()
