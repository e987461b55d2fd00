"""core.site_pages: the slug of a page people create from the site, and publishing it."""

import pytest
from wagtail.models import PageLogEntry

from core.site_pages import publish_as, unique_child_slug
from tests.factories import KnowledgePageFactory, UserFactory, knowledge_space

pytestmark = pytest.mark.django_db


def test_a_free_slug_is_the_title_slugified():
    space = knowledge_space()
    assert unique_child_slug(space, "Printer on floor 3", fallback="x", max_length=80) == (
        "printer-on-floor-3"
    )


def test_a_taken_slug_is_numbered_from_two():
    space = knowledge_space()
    KnowledgePageFactory(parent=space, title="Printer", slug="printer")
    KnowledgePageFactory(parent=space, title="Printer", slug="printer-2")
    assert unique_child_slug(space, "Printer", fallback="x", max_length=80) == "printer-3"


def test_a_slug_taken_elsewhere_in_the_tree_is_free_here():
    KnowledgePageFactory(parent=knowledge_space(title="Other"), title="Printer", slug="printer")
    space = knowledge_space(title="Mine")
    assert unique_child_slug(space, "Printer", fallback="x", max_length=80) == "printer"


def test_the_slug_is_cut_without_a_dangling_hyphen_and_falls_back_when_empty():
    space = knowledge_space()
    assert unique_child_slug(space, "ab cd", fallback="x", max_length=3) == "ab"
    assert unique_child_slug(space, "!!!", fallback="question", max_length=80) == "question"


def test_publish_as_publishes_the_fields_as_the_person_in_the_pages_history():
    author = UserFactory(roles=["Employees"])  # no right to publish in the space
    page = KnowledgePageFactory(parent=knowledge_space(), title="Draft", live=False)
    revision = publish_as(page, author, title="Printer guide")
    page.refresh_from_db()
    assert page.live and page.title == "Printer guide"
    assert page.live_revision == revision and revision.user == author
    assert PageLogEntry.objects.filter(page=page, action="wagtail.edit", user=author).exists()
