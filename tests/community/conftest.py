"""Shared set-up for the watching, notification and email tests: a space with a page, its
owner and readers. The helpers that run the on-commit tasks are in `notifying.py`."""

import pytest

from tests.community.notifying import run
from tests.factories import (
    KnowledgePageFactory,
    UserFactory,
    knowledge_space,
    publish,
)


@pytest.fixture
def owner(db):
    return UserFactory(username="olga", first_name="Olga", last_name="Owner", roles=["Employees"])


@pytest.fixture
def space(db, owner):
    return knowledge_space("Operations")


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
