"""Helpers for the watching, notification and email tests: make a page private, and run
the on-commit tasks for real. Their fixtures (owner, space, page, reader, outsider) are in
`conftest.py`."""

from django.contrib.auth.models import Group

from tests.factories import restrict_to_groups


def make_private(page, *members):
    """Restrict `page` to a group that holds `members` (the outsider is left out)."""
    group, _created = Group.objects.get_or_create(name=f"Private {page.pk}")
    for member in members:
        member.groups.add(group)
    return restrict_to_groups(page, group)


def run(callbacks_fixture, action):
    """Do `action` and run what it scheduled on commit (the notification tasks)."""
    with callbacks_fixture(execute=True):
        return action()
