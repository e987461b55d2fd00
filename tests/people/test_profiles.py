"""Every person has a profile; HR-owned fields are for administrators."""

import pytest
from django.core.exceptions import ValidationError

from core.roles import Role
from people.models import Profile
from tests.factories import UserFactory


def test_every_new_user_gets_a_profile(db):
    user = UserFactory(first_name="Kemi", last_name="Mensah")
    assert Profile.objects.filter(user=user).count() == 1
    assert user.profile.name == "Kemi Mensah"
    user.profile.display_name = "Kemi M."
    assert user.profile.name == "Kemi M."


def test_expertise_tags(db):
    profile = UserFactory().profile
    profile.expertise.add("payroll", "benefits")
    assert set(profile.expertise.names()) == {"payroll", "benefits"}


def test_an_administrator_changes_hr_fields_in_the_admin(signed_in, db):
    from tests.factories import DepartmentFactory

    admin = UserFactory(roles=[Role.ADMINISTRATORS])
    person = UserFactory()
    finance = DepartmentFactory(name="Finance")
    response = signed_in(admin).post(
        f"/admin/snippets/people/profile/edit/{person.profile.pk}/",
        {
            "display_name": "",
            "job_title": "Accountant",
            "expertise": "tax",
            "bio": "",
            "time_zone": "Europe/Berlin",
            "department": finance.pk,
            "level": "manager",
            "location": "",
            "manager": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    person.profile.refresh_from_db()
    assert person.profile.department == finance
    assert person.profile.level == "manager"


def test_an_employee_cannot_change_anyones_hr_fields(signed_in, db):
    person = UserFactory()
    response = signed_in(UserFactory(roles=[Role.EMPLOYEES])).post(
        f"/admin/snippets/people/profile/edit/{person.profile.pk}/",
        {"job_title": "CEO", "level": "executive", "time_zone": "UTC"},
    )
    assert response.status_code in (302, 403)
    person.profile.refresh_from_db()
    assert person.profile.level != "executive"


def test_an_unknown_time_zone_is_refused(db):
    profile = UserFactory().profile
    profile.time_zone = "Mars/Olympus_Mons"
    with pytest.raises(ValidationError, match="not a known time zone"):
        profile.full_clean()
