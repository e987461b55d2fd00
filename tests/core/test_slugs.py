"""core.slugs.unique_child_slug: the slug of a page people create from the site."""

import pytest

from core.slugs import unique_child_slug
from tests.factories import KnowledgePageFactory, knowledge_space

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
