"""Pages and people the comment, reaction and mention tests share (plain helpers, so each
test module declares the fixtures it uses)."""

from django.contrib.auth.models import Group
from wagtail.rich_text import RichText

from tests.factories import (
    KnowledgeIndexPageFactory,
    KnowledgePageFactory,
    SpacePageFactory,
    UserFactory,
    publish,
    restrict_to_groups,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


def knowledge_page(home, owner=None, title="Reset your VPN token", body=None):
    """A published knowledge page in a space (a real revision, as readers get it), with
    `body` (StreamField data) or one short paragraph."""
    owner = owner or UserFactory(first_name="Oona", last_name="Owner", roles=["Employees"])
    index = KnowledgeIndexPageFactory(parent=home)
    space = SpacePageFactory(parent=index, title="IT Help", owners=[owner])
    page = KnowledgePageFactory(parent=space, title=title, content_owner=owner)
    publish(
        page,
        owner,
        body=body or [("paragraph", RichText("<p>Have your laptop and phone ready.</p>"))],
    )
    return page


def sibling_page(page, title="Another page"):
    other = KnowledgePageFactory(
        parent=page.get_parent(), title=title, content_owner=page.content_owner
    )
    publish(other, page.content_owner, body=[("paragraph", RichText("<p>Other text.</p>"))])
    return other


def restrict_to_group(page, name="Leaders"):
    """Only members of group `name` (and superusers) may see `page`; returns the group."""
    group, _created = Group.objects.get_or_create(name=name)
    restrict_to_groups(page, group)
    return group
