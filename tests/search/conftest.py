import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import PageViewRestriction

from people.models import GuestAccess
from tests.factories import KnowledgePageFactory, UserFactory, knowledge_space, publish


def restrict(page, group_name: str = "Leaders"):
    """A group view restriction on `page` (and so on everything below it)."""
    group, _ = Group.objects.get_or_create(name=group_name)
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    return group


@pytest.fixture
def indexing(django_capture_on_commit_callbacks):
    """Run what publishing queues after commit (re-indexing, the vocabulary) as it happens."""

    class Runner:
        def __enter__(self):
            self.capture = django_capture_on_commit_callbacks(execute=True)
            return self.capture.__enter__()

        def __exit__(self, *exc):
            return self.capture.__exit__(*exc)

    return Runner


def _published(page):
    publish(page)
    return page


def _tagged(tag, **fields):
    """A published knowledge page with `tag`."""
    page = KnowledgePageFactory(**fields)
    page.tags.add(tag)
    return _published(page)


@pytest.fixture
def wiki(home, indexing):
    """Two spaces (one private to the Leaders group), an owner and some pages."""
    with indexing():
        owner = UserFactory(username="olga", first_name="Olga", last_name="Owner")
        hr = _published(knowledge_space("People and HR", slug="people-hr"))
        it = _published(knowledge_space("IT Help", slug="it-help"))
        secret = _published(knowledge_space("Leadership", slug="leadership"))
        restrict(secret)
        vacation = _tagged(
            "leave",
            parent=hr,
            title="Vacation policy",
            slug="vacation",
            listing_summary="How many vacation days you have and how to book them.",
            content_owner=owner,
        )
        laptop = _tagged(
            "hardware",
            parent=it,
            title="Laptop replacement",
            slug="laptop",
            listing_summary="When your laptop is replaced and how to order a new one.",
        )
        bands = _tagged(
            "compensation",
            parent=secret,
            title="Compensation bands zorblatt",
            slug="bands",
            listing_summary="Confidential salary bands and the vacation accrual for executives.",
        )
    return {
        "owner": owner,
        "hr": hr,
        "it": it,
        "secret": secret,
        "vacation": vacation,
        "laptop": laptop,
        "bands": bands,
    }


@pytest.fixture
def leader(db):
    user = UserFactory(username="lena", first_name="Lena", last_name="Leader", roles=["Employees"])
    user.groups.add(Group.objects.get_or_create(name="Leaders")[0])
    return user


@pytest.fixture
def guest(wiki):
    """A guest whose one active pinhole opens the IT Help space (and nothing else)."""
    user = UserFactory(username="gus", first_name="Gus", last_name="Guest", roles=["Guests"])
    GuestAccess.objects.create(
        user=user, space=wiki["it"], expires_at=timezone.now() + datetime.timedelta(days=7)
    )
    return user
