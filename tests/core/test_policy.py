"""core.policy beyond the matrix: its two forms of one rule agree, the `{% may %}` tag asks
it, and a higher layer's rule widens an action without passing the page gate."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.template import Context, Template
from django.test import RequestFactory
from wagtail.models import PageViewRestriction

from core.models import User
from core.policy import Action, HearthPolicy, policy
from tests.factories import StandardPageFactory, UserFactory

PEOPLE = {
    "employee": (["Employees"], {}),
    "guest": (["Guests"], {}),
    "employee and guest": (["Employees", "Guests"], {}),
    "superuser in guests": (["Guests"], {"is_superuser": True}),
    "deactivated employee": (["Employees"], {"is_active": False}),
}


@pytest.mark.django_db
def test_the_staff_rule_answers_the_same_for_one_person_and_in_bulk():
    people = {
        name: UserFactory(username=name.replace(" ", "-"), roles=roles, **fields)
        for name, (roles, fields) in PEOPLE.items()
    }
    mine = User.objects.filter(pk__in=[person.pk for person in people.values()])
    in_bulk = set(policy.users_with_permission(Action.STAFF, mine))
    for name, person in people.items():
        fresh = User.objects.get(pk=person.pk)
        assert policy.user_has_permission(fresh, Action.STAFF) == (person in in_bulk), name
    assert {p.username for p in in_bulk} == {
        "employee",
        "employee-and-guest",
        "superuser-in-guests",
    }


def _render(text, user, **context):
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load hearth_policy %}" + text).render(
        Context({"request": request, **context})
    )


def test_the_may_tag_asks_the_policy(home):
    page = StandardPageFactory(parent=home, title="Board minutes")
    template = '{% may "view" page as can_view %}{{ can_view }}'
    employee = UserFactory(roles=["Employees"])
    assert _render(template, employee, page=page) == "True"
    assert _render(template, AnonymousUser(), page=page) == "False"
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Board"))
    assert _render(template, User.objects.get(pk=employee.pk), page=page) == "False"
    assert _render('{% may "staff" as s %}{{ s }}', employee) == "True"


def test_a_registered_rule_widens_an_action_but_not_the_page_gate(home):
    own = HearthPolicy()
    open_page = StandardPageFactory(parent=home, title="Canteen")
    closed = StandardPageFactory(parent=home, title="Board room")
    restriction = PageViewRestriction.objects.create(
        page=closed, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Board"))
    employee = UserFactory(roles=["Employees"])
    assert not own.user_has_permission_for_instance(employee, Action.MODERATE, open_page)
    own.register(Action.MODERATE, lambda user, page: page is not None)
    assert own.user_has_permission_for_instance(employee, Action.MODERATE, open_page)
    assert not own.user_has_permission(employee, Action.MODERATE)  # only page by page
    guest = UserFactory(roles=["Guests"])
    own.register(Action.COMMENT, lambda user, page: True)
    assert not own.user_has_permission_for_instance(guest, Action.COMMENT, closed)
