"""The profile page, as employees, guests and the person themselves see it."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import PageViewRestriction

from core.roles import Role
from knowledge.models import Verification
from people.models import FieldVisibility
from tests.factories import (
    KnowledgeIndexPageFactory,
    KnowledgePageFactory,
    SpacePageFactory,
    UserFactory,
    publish,
)
from tests.people.factories_people import person


def url(profile) -> str:
    return f"/people/{profile.user.username}/"


@pytest.fixture
def boss(db):
    return person("bruno.bauer", job_title="Director of Finance", department="Finance")


@pytest.fixture
def kemi(boss):
    return person(
        "kemi.mensah",
        job_title="Payroll lead",
        department="Finance",
        location="Berlin",
        manager=boss,
        expertise=["payroll", "tax"],
        ask_me_about="Payslips, tax codes and pension contributions.",
        bio="Ten years in payroll.\nLoves <script>alert(1)</script> spreadsheets.",
        pronouns="she/her",
        phone="+49 30 1234",
    )


@pytest.fixture
def knowledge(home):
    return KnowledgeIndexPageFactory(parent=home)


def test_an_employee_sees_a_colleagues_profile(employee_client, kemi, boss):
    report = person("lars.lindqvist", job_title="Payroll specialist", manager=kemi)
    response = employee_client.get(url(kemi))
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Kemi Mensah",
        "(she/her)",
        "Payroll lead",
        "Finance",
        "Berlin",
        "Individual contributor",
        "Payslips, tax codes and pension contributions.",
        "Ten years in payroll.<br>",
    ]:
        assert text in html, text
    # The org chart: the manager above, the person, the reports below, all linked.
    chart = html[html.index('data-testid="org-chart"') :]
    assert chart.index("Bruno Bauer") < chart.index("Kemi Mensah") < chart.index("Lars Lindqvist")
    assert f'href="{url(boss)}"' in chart
    assert f'href="{url(report)}"' in chart
    # Expertise links to the expert finder for that topic.
    assert 'href="/people/experts/?topic=payroll"' in html
    # The bio is plain text: escaped, never run.
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_guests_get_a_404_for_every_profile_and_their_own(signed_in, kemi):
    guest = UserFactory(roles=[Role.GUESTS])
    client = signed_in(guest)
    assert client.get(url(kemi)).status_code == 404
    assert client.get(url(guest.profile)).status_code == 404
    assert client.get("/people/me/").status_code == 404
    assert client.get("/people/me/edit/").status_code == 404


def test_a_guest_who_is_also_an_employee_sees_profiles(signed_in, kemi):
    both = UserFactory(roles=[Role.GUESTS, Role.EMPLOYEES])
    assert signed_in(both).get(url(kemi)).status_code == 200


def test_signed_out_readers_are_sent_to_sign_in(kemi):
    response = Client().get(url(kemi))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_unknown_and_deactivated_people_have_no_profile(employee_client, kemi):
    assert employee_client.get("/people/nobody-here/").status_code == 404
    kemi.user.is_active = False
    kemi.user.save()
    assert employee_client.get(url(kemi)).status_code == 404


def test_me_goes_to_my_own_profile_with_an_edit_button(employee_client, employee):
    response = employee_client.get("/people/me/", follow=True)
    assert response.redirect_chain[-1][0] == "/people/emma/"
    assert 'data-testid="edit-profile"' in response.content.decode()


def test_no_edit_button_on_someone_elses_profile(employee_client, kemi):
    assert 'data-testid="edit-profile"' not in employee_client.get(url(kemi)).content.decode()


def test_spaces_verified_pages_and_contributions_only_where_the_viewer_may_read(
    signed_in, knowledge, kemi
):
    open_space = SpacePageFactory(parent=knowledge, title="Payroll help", owners=[kemi.user])
    secret_space = SpacePageFactory(parent=knowledge, title="Board pay", owners=[kemi.user])
    board = Group.objects.create(name="Board")
    restriction = PageViewRestriction.objects.create(
        page=secret_space, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([board])
    open_page = KnowledgePageFactory(parent=open_space, title="Read your payslip")
    publish(open_page, kemi.user)
    secret_page = KnowledgePageFactory(parent=secret_space, title="Executive bonus rules")
    publish(secret_page, kemi.user)
    for page in (open_page, secret_page):
        Verification.objects.create(page=page, verified_by=kemi.user)

    reader = UserFactory(roles=[Role.EMPLOYEES])
    html = signed_in(reader).get(url(kemi)).content.decode()
    spaces = html[html.index('data-testid="profile-spaces"') :]
    assert "Payroll help" in spaces
    verified = html[html.index('data-testid="profile-verified"') :]
    assert "Read your payslip" in verified
    contributions = html[html.index('data-testid="profile-contributions"') :]
    assert "Read your payslip" in contributions
    for secret in ("Board pay", "Executive bonus rules"):
        assert secret not in html

    board_member = UserFactory(roles=[Role.EMPLOYEES])
    board_member.groups.add(board)
    html = signed_in(board_member).get(url(kemi)).content.decode()
    assert "Board pay" in html
    assert "Executive bonus rules" in html


def test_the_recognition_part_shows_when_installed(employee_client, kemi):
    html = employee_client.get(url(kemi)).content.decode()
    assert ('data-testid="kudos"' in html) == _recognition_installed()


def _recognition_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("community.recognition") is not None


# Phone visibility -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visibility", "seen_by"),
    [
        (FieldVisibility.STAFF, {"self", "manager", "report", "colleague", "admin"}),
        (FieldVisibility.TEAM, {"self", "manager", "report", "admin"}),
        (FieldVisibility.ME, {"self", "admin"}),
    ],
)
def test_a_phone_number_follows_its_visibility(signed_in, kemi, boss, visibility, seen_by):
    kemi.phone_visibility = visibility
    kemi.save()
    viewers = {
        "self": kemi.user,
        "manager": boss.user,
        "report": person("lars.lindqvist", manager=kemi).user,
        "colleague": person("pablo.patel", department="Finance").user,
        "admin": UserFactory(roles=[Role.ADMINISTRATORS, Role.EMPLOYEES]),
        "guest": UserFactory(roles=[Role.GUESTS]),
    }
    for name, viewer in viewers.items():
        response = signed_in(viewer).get(url(kemi))
        shown = response.status_code == 200 and "+49 30 1234" in response.content.decode()
        assert shown == (name in seen_by), name


# Query count ------------------------------------------------------------------------------


def _fill(kemi, knowledge, n: int) -> None:
    for number in range(n):
        person(f"report.{number}", manager=kemi, expertise=[f"topic {number}"])
    kemi.expertise.add(*[f"skill {number}" for number in range(n)])
    for number in range(n):
        space = SpacePageFactory(parent=knowledge, title=f"Space {number}", owners=[kemi.user])
        page = KnowledgePageFactory(parent=space, title=f"Page {number}")
        publish(page, kemi.user)
        Verification.objects.create(page=page, verified_by=kemi.user)


def _queries(client, profile, django_assert_max_num_queries) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url(profile))  # warm: renditions, site root paths, content types
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url(profile))
    assert response.status_code == 200
    return len(captured)


def test_a_profile_costs_the_same_queries_with_0_or_30_of_everything(
    signed_in, knowledge, kemi, django_assert_num_queries
):
    viewer = UserFactory(roles=[Role.EMPLOYEES])
    client = signed_in(viewer)
    empty = person("quiet.person")
    baseline = _queries(client, empty, None)
    _fill(kemi, knowledge, 30)
    client.get(url(kemi))  # warm: the new content moved the tree version (issue 19)
    with django_assert_num_queries(baseline):
        response = client.get(url(kemi))
    html = response.content.decode()
    assert html.count('class="org-person"') == 1 + 1 + 24  # manager, self, 24 reports shown
    assert 'data-testid="all-reports"' in html
    assert "skill 29" in html
