"""The person picker: a colleague is picked by name wherever one is named (kudos, adding
someone to a community); its suggestions (/people/pick/?q=) only ever hold active people
the requester may see, in a constant number of queries, and an unknown name is a form
error beside the field."""

import pytest
from django.test import Client

from community.recognition.forms import KudosForm
from people.models import Kudos
from people.picker import PICK_LIMIT, PersonField
from tests.factories import UserFactory
from tests.people.factories_people import person, photo

PICK = "/people/pick/"
NEW_KUDOS = "/people/recognition/kudos/new/"


def suggestions(client, text):
    response = client.get(PICK, {"q": text})
    assert response.status_code == 200
    return response.json()["people"]


@pytest.fixture
def rosa(db):
    profile = person("rosa", first_name="Rosa", last_name="Costa", department="Finance")
    profile.user.email = "rosa.costa@example.com"
    profile.user.save()
    return profile


def test_i_pick_a_colleague_by_name_and_my_kudos_go_to_them(employee_client, employee, rosa):
    found = suggestions(employee_client, "ros")
    assert [(p["username"], p["name"], p["department"]) for p in found] == [
        ("rosa", "Rosa Costa", "Finance")
    ]
    assert found[0]["initials"] == "RC" and found[0]["photo"] == ""
    # The widget puts the chosen username in the box; the form sends it.
    response = employee_client.post(NEW_KUDOS, {"to": found[0]["username"], "message": "Thanks"})
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert Kudos.objects.get().recipient == rosa.user


def test_without_javascript_the_box_takes_an_email_address(employee_client, rosa):
    response = employee_client.post(
        NEW_KUDOS, {"to": "ROSA.COSTA@example.com", "message": "Thanks"}
    )
    assert response.status_code == 302
    assert Kudos.objects.get().recipient == rosa.user


def test_an_unknown_name_is_a_form_error_beside_the_field(employee_client, rosa):
    response = employee_client.post(NEW_KUDOS, {"to": "Rosa Costa", "message": "Thanks"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="error-to"' in page
    assert "Nobody here has the username or email address “Rosa Costa”" in page
    assert not Kudos.objects.exists()


def test_the_kudos_box_is_the_picker(employee_client):
    page = employee_client.get(NEW_KUDOS).content.decode()
    assert f'data-person-picker="{PICK}"' in page
    assert "people/picker.js" in page


def test_the_field_cleans_to_the_user_and_refuses_the_inactive(db, rosa):
    field = PersonField()
    assert field.clean(" @rosa ") == rosa.user
    rosa.user.is_active = False
    rosa.user.save()
    with pytest.raises(Exception, match="Nobody here"):
        field.clean("rosa")
    form = KudosForm({"to": "x" * 300, "message": "Hi"})
    assert not form.is_valid() and "to" in form.errors


def test_suggestions_match_each_word_and_leave_out_inactive_people(employee_client, db):
    person("ana.silva", first_name="Ana", last_name="Silva")
    person("ana.sousa", first_name="Ana", last_name="Sousa")
    gone = person("ana.gone", first_name="Ana", last_name="Gone")
    gone.user.is_active = False
    gone.user.save()
    assert {p["username"] for p in suggestions(employee_client, "ana")} == {
        "ana.silva",
        "ana.sousa",
    }
    assert [p["username"] for p in suggestions(employee_client, "ana so")] == ["ana.sousa"]


def test_a_short_query_asks_nothing(employee_client, django_assert_num_queries, rosa):
    suggestions(employee_client, "ro")  # what a request reads before the view, once
    with django_assert_num_queries(3):  # the session, the user, their roles: no search
        assert suggestions(employee_client, "r") == []


def test_suggestions_cost_the_same_queries_for_ten_people_with_photos(
    employee_client, django_assert_num_queries, db
):
    for index in range(12):
        profile = person(f"sam.p{index:02}", first_name="Sam", last_name=f"P{index:02}")
        profile.photo = photo(f"sam{index}")
        profile.save()
    suggestions(employee_client, "sam")  # renditions are made on the first request
    # session, user, roles, profiles, photos, renditions
    with django_assert_num_queries(6):
        found = suggestions(employee_client, "sam")
    assert len(found) == PICK_LIMIT
    assert all(p["photo"].startswith("/media/images/") for p in found)
    assert all(".fill-32x32-c100" in p["photo"] for p in found)


def test_a_guest_is_suggested_nobody(db, rosa):
    guest = UserFactory(username="gus", roles=["Guests"])
    client = Client()
    client.force_login(guest)
    assert client.get(PICK, {"q": "rosa"}).status_code == 404


def test_adding_a_colleague_to_a_community_uses_the_picker(db):
    from community.groups.forms import InviteForm

    form = InviteForm({"username": "nobody"})
    assert not form.is_valid()
    assert "Nobody here has the username or email address" in form.errors["username"][0]
    assert 'data-person-picker="/people/pick/"' in str(form["username"])
    assert 'data-testid="invite-username"' in str(form["username"])
