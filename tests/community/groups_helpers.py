"""Communities and questions for the tests: built through the services, as people do."""

from community.groups import services as groups
from community.models import Access, CommunitiesIndexPage
from tests.factories import (
    KnowledgeIndexPageFactory,
    SpacePageFactory,
    UserFactory,
    publish,
)


def communities_index(home) -> CommunitiesIndexPage:
    index = CommunitiesIndexPage.objects.first()
    if index is None:
        index = CommunitiesIndexPage(title="Communities", slug="communities")
        home.add_child(instance=index)
        publish(index)
    return index


def start(founder, name="Cycling club", access=Access.OPEN, purpose="Riding to work together."):
    return groups.start_community(founder, name, purpose, access)


def staff(username, **kwargs):
    return UserFactory(username=username, roles=["Employees"], **kwargs)


def guest(username="gus"):
    return UserFactory(username=username, roles=["Guests"])


def space(home, owner, title="IT Help", **kwargs):
    index = KnowledgeIndexPageFactory(parent=home)
    found = SpacePageFactory(parent=index, title=title, owners=[owner], **kwargs)
    publish(found, owner)
    return found
