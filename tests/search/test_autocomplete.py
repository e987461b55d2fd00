"""The header box's suggestions: pages, people and tags, privacy-filtered and few."""

from people.models import Profile
from tests.factories import StandardPageFactory, UserFactory, publish


def _items(client, q):
    response = client.get("/search/autocomplete/", {"q": q})
    assert response.status_code == 200
    return response.json()["items"]


def test_pages_people_and_tags_as_you_type(employee_client, wiki):
    person = UserFactory(username="lara", first_name="Lara", last_name="Lindqvist")
    Profile.objects.filter(user=person).update(job_title="IT support")
    wiki["laptop"].tags.add("laptop-care")
    publish(wiki["laptop"])
    items = _items(employee_client, "la")
    kinds = {(item["kind"], item["label"]) for item in items}
    assert ("page", "Laptop replacement") in kinds
    assert ("person", "Lara Lindqvist") in kinds
    assert ("tag", "laptop-care") in kinds
    page = next(item for item in items if item["kind"] == "page")
    assert page["url"].endswith("/laptop/")
    tag = next(item for item in items if item["kind"] == "tag")
    assert tag["url"] == "/search/?tag=laptop-care"


def test_at_most_eight_suggestions(employee_client, home, indexing):
    with indexing():
        for number in range(12):
            publish(StandardPageFactory(parent=home, title=f"Holiday {number}"))
    assert len(_items(employee_client, "holi")) <= 8


def test_a_single_letter_or_nothing_suggests_nothing(employee_client, wiki):
    assert _items(employee_client, "") == []
    assert _items(employee_client, "l") == []


def test_guests_get_no_people(signed_in, wiki, guest):
    person = UserFactory(username="lara", first_name="Lara", last_name="Lindqvist")
    assert person
    items = _items(signed_in(guest), "la")
    assert all(item["kind"] != "person" for item in items)
    assert ("page", "Laptop replacement") in {(item["kind"], item["label"]) for item in items}


def test_the_header_box_is_an_aria_combobox(employee_client, wiki):
    html = employee_client.get("/search/").content.decode()
    assert 'role="combobox"' in html
    assert 'aria-controls="site-search-options"' in html
    assert 'aria-expanded="false"' in html
    assert 'id="site-search-options" class="autocomplete__list" role="listbox"' in html
