"""The rules `search.ranking.rerank` and the partial query add on top of every backend's
order (measured on the Hatch corpus: tests/search/test_corpus_relevance.py)."""

from dataclasses import dataclass

import pytest
from wagtail.rich_text import RichText
from wagtail.search.query import Or, PlainText

from search.query import parse, partial_query, spelling_variants, title_coverage, to_search_query
from search.ranking import is_changelog, rerank
from tests.factories import KnowledgePageFactory, knowledge_space

pytestmark = pytest.mark.django_db


@dataclass
class Hit:
    title: str


def _words(query) -> set[str]:
    if isinstance(query, PlainText):
        return {query.query_string}
    return {word for sub in getattr(query, "subqueries", []) for word in _words(sub)}


def test_a_hyphenated_word_is_also_searched_joined():
    assert ["multilingual"] in spelling_variants(["multi-lingual"])
    assert "monorepo" in _words(to_search_query(parse("mono-repo")))


def test_words_typed_apart_are_also_searched_joined_when_all_of_them_find_few():
    partial = partial_query(parse("work space members"))
    assert isinstance(partial, Or)
    assert {"work", "space", "members", "workspace"} <= _words(partial)


def test_one_word_has_no_partial_query():
    assert partial_query(parse("lockfiles")) is None


def test_changelogs_are_told_by_their_title():
    assert is_changelog("Hatch history") and is_changelog("Hatch v1.16.0")
    assert is_changelog("Release notes") and is_changelog("Changelog")
    assert not is_changelog("Environment sources") and not is_changelog("Wheel builder")


def test_a_changelog_moves_below_the_page_about_the_topic():
    hits = [Hit("Hatch v1.16.0"), Hit("Hatch history"), Hit("Wheel builder")]
    ranked = rerank(hits, parse("software bill of materials"))
    assert ranked[0].title == "Wheel builder"


def test_a_title_holding_the_words_as_typed_comes_first_and_long_titles_are_not_punished():
    hits = [Hit("Environment version source"), Hit("Environment sources"), Hit("Builds")]
    assert rerank(hits, parse("environment sources"))[0].title == "Environment sources"
    hits = [Hit("Lockfiles"), Hit("How to use lockfiles in every environment you have")]
    assert [hit.title for hit in rerank(hits, parse("lockfiles"))] == [
        "Lockfiles",
        "How to use lockfiles in every environment you have",
    ]


@dataclass
class PageHit:
    pk: int
    title: str


def _hits(*pages) -> tuple[list[PageHit], dict]:
    return [PageHit(page.pk, page.title) for page in pages], {page.pk: page for page in pages}


def _body(*blocks):
    return [
        ("heading", {"text": text, "level": "h2"}) if kind == "h" else ("paragraph", RichText(text))
        for kind, text in blocks
    ]


def test_a_page_with_a_heading_holding_every_word_comes_before_pages_that_mention_them(home):
    space = knowledge_space("Docs")
    mentions = KnowledgePageFactory(
        parent=space,
        title="Dependency resolution",
        body=_body(("p", "<p>Locked dependencies are resolved; an update changes them.</p>")),
    )
    section = KnowledgePageFactory(
        parent=space,
        title="Lockfiles",
        body=_body(("h", "Updating locked dependencies"), ("p", "<p>Run the lock command.</p>")),
    )
    hits, pages = _hits(mentions, section)
    ranked = rerank(hits, parse("update locked dependencies"), pages=pages)
    assert [hit.title for hit in ranked] == ["Lockfiles", "Dependency resolution"]
    # Without the pages read, the backend's order stands.
    assert rerank(hits, parse("update locked dependencies"))[0].title == "Dependency resolution"


def test_a_page_holding_the_words_as_typed_comes_before_pages_holding_them_apart(home):
    space = knowledge_space("Docs")
    apart = KnowledgePageFactory(
        parent=space,
        title="Advanced environment configuration",
        body=_body(("p", "<p>An environment variable sets the Python version.</p>")),
    )
    typed = KnowledgePageFactory(
        parent=space,
        title="Environment version source",
        body=_body(("p", "<p>Retrieves the version from an environment variable.</p>")),
    )
    hits, pages = _hits(apart, typed)
    ranked = rerank(hits, parse("version from an environment variable"), pages=pages)
    assert ranked[0].title == "Environment version source"


def test_a_changelog_heading_or_sentence_does_not_lift_it(home):
    space = knowledge_space("Docs")
    guide = KnowledgePageFactory(
        parent=space,
        title="Wheel builder",
        body=_body(("p", "<p>The builder can write a bill of materials.</p>")),
    )
    notes = KnowledgePageFactory(
        parent=space,
        title="Hatch v1.16.0",
        body=_body(("h", "Software bill of materials"), ("p", "<p>New.</p>")),
    )
    hits, pages = _hits(notes, guide)
    ranked = rerank(hits, parse("software bill of materials"), pages=pages)
    assert ranked[0].title == "Wheel builder"


def test_a_title_holds_a_word_by_its_stem():
    share, _as_typed = title_coverage(parse("install homebrew"))("Installation")
    assert share == 0.5
    assert title_coverage(parse("install homebrew"))("Instances")[0] == 0.0
