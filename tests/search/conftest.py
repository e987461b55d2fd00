import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from tests.factories import (
    KnowledgeIndexPageFactory,
    KnowledgePageFactory,
    SpacePageFactory,
    UserFactory,
    publish,
)


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


@pytest.fixture
def wiki(home, indexing):
    """Two spaces (one private to the Leaders group), an owner and some pages."""
    with indexing():
        index = KnowledgeIndexPageFactory(parent=home)
        owner = UserFactory(username="olga", first_name="Olga", last_name="Owner")
        hr = SpacePageFactory(parent=index, title="People and HR", slug="people-hr")
        publish(hr)
        it = SpacePageFactory(parent=index, title="IT Help", slug="it-help")
        publish(it)
        secret = SpacePageFactory(parent=index, title="Leadership", slug="leadership")
        publish(secret)
        restrict(secret)
        vacation = KnowledgePageFactory(
            parent=hr,
            title="Vacation policy",
            slug="vacation",
            listing_summary="How many vacation days you have and how to book them.",
            content_owner=owner,
        )
        vacation.tags.add("leave")
        publish(vacation)
        laptop = KnowledgePageFactory(
            parent=it,
            title="Laptop replacement",
            slug="laptop",
            listing_summary="When your laptop is replaced and how to order a new one.",
        )
        laptop.tags.add("hardware")
        publish(laptop)
        bands = KnowledgePageFactory(
            parent=secret,
            title="Compensation bands zorblatt",
            slug="bands",
            listing_summary="Confidential salary bands and the vacation accrual for executives.",
        )
        bands.tags.add("compensation")
        publish(bands)
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
    user = UserFactory(username="lena", roles=["Employees"])
    user.groups.add(Group.objects.get_or_create(name="Leaders")[0])
    return user


@pytest.fixture
def guest(wiki):
    """A guest whose one active pinhole opens the IT Help space (and nothing else)."""
    import datetime

    from django.utils import timezone

    from people.models import GuestAccess

    user = UserFactory(username="gus", roles=["Guests"])
    GuestAccess.objects.create(
        user=user, space=wiki["it"], expires_at=timezone.now() + datetime.timedelta(days=7)
    )
    return user
