"""A space owned by Oona and its first published page, for the knowledge page's tests."""

import pytest
from wagtail.rich_text import RichText

from tests.factories import KnowledgePageFactory, UserFactory, knowledge_space, publish


@pytest.fixture
def owner(db):
    return UserFactory(first_name="Oona", last_name="Owner", roles=["Employees"])


@pytest.fixture
def space(home, owner):
    return knowledge_space("IT Help", owner)


@pytest.fixture
def page(space, owner):
    page = KnowledgePageFactory(parent=space, title="Reset your VPN token", content_owner=owner)
    publish(
        page,
        owner,
        body=[
            ("heading", {"text": "Before you start", "level": "h2"}),
            ("paragraph", RichText("<p>Have your laptop and phone ready.</p>")),
            ("heading", {"text": "Steps", "level": "h2"}),
            ("paragraph", RichText("<p>Open the portal.</p>")),
        ],
    )
    return page
