"""Ledger rows written by hand for the measure and rollup tests (no services, no snapshot:
each row says who, what, when and where, as the ledger would have kept it)."""

from datetime import date

from django.contrib.contenttypes.models import ContentType

from core.models import User
from insights.models import ActivityEvent


def people(*names: str) -> dict[str, User]:
    User.objects.bulk_create([User(username=name) for name in names])
    return {user.username: user for user in User.objects.filter(username__in=names)}


def row(
    actor: User,
    verb: str,
    day: date,
    department: str = "",
    level: str = "",
    location: str = "",
    *,
    editor: bool = False,
    target: int = 1,
) -> ActivityEvent:
    return ActivityEvent(
        actor=actor,
        verb=verb,
        target_type=ContentType.objects.get_for_model(User),
        target_id=target,
        day=day,
        actor_department=department,
        actor_level=level,
        actor_location=location,
        actor_is_editor=editor,
    )


def write(rows: list[ActivityEvent]) -> None:
    ActivityEvent.objects.bulk_create(rows)


def staff(names: list[str], department: str, level: str = "ic", location: str = "Berlin"):
    """People with profiles in one slice (made through the factory, so each has a
    profile), for the measures read from higher apps' tables."""
    from people.models import Department, Location, Profile
    from tests.factories import UserFactory

    users = [UserFactory(username=name, roles=["Employees"]) for name in names]
    Profile.objects.filter(user__in=users).update(
        department=Department.objects.get_or_create(name=department)[0],
        level=level,
        location=Location.objects.get_or_create(name=location)[0],
    )
    return users


def active(users: list[User], day: date, department: str, level: str = "ic", location="Berlin"):
    """Ledger views by `users` on `day` in their slice: the people the dashboard's
    suppression counts (a figure is shown only about enough active people)."""
    write([row(user, "viewed", day, department, level, location) for user in users])
