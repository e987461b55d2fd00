"""Shared set-up for the watching, notification and email tests: a space with a page, its
owner and readers, and helpers that run the on-commit tasks for real."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from tests.factories import (
    KnowledgeIndexPageFactory,
    KnowledgePageFactory,
    SpacePageFactory,
    UserFactory,
    home_page,
    publish,
)


@pytest.fixture
def owner(db):
    return UserFactory(username="olga", first_name="Olga", last_name="Owner", roles=["Employees"])


@pytest.fixture
def space(db, owner):
    index = KnowledgeIndexPageFactory(parent=home_page())
    return SpacePageFactory(parent=index, title="Operations")


@pytest.fixture
def page(space, owner, django_capture_on_commit_callbacks):
    """Published by its owner, tasks run: the owner watches it, as they would for real."""
    page = KnowledgePageFactory(
        parent=space, title="Expense policy", owner=owner, content_owner=owner
    )
    run(django_capture_on_commit_callbacks, lambda: publish(page, owner, change_note="First"))
    return page


@pytest.fixture
def reader(db):
    return UserFactory(username="rita", first_name="Rita", last_name="Reader", roles=["Employees"])


@pytest.fixture
def outsider(db):
    return UserFactory(username="oscar", first_name="Oscar", last_name="Out", roles=["Employees"])


def make_private(page, *members):
    """Restrict `page` to a group that holds `members` (the outsider is left out)."""
    group, _created = Group.objects.get_or_create(name=f"Private {page.pk}")
    for member in members:
        member.groups.add(group)
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    return restriction


def run(callbacks_fixture, action):
    """Do `action` and run what it scheduled on commit (the notification tasks)."""
    with callbacks_fixture(execute=True):
        return action()
