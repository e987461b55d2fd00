"""The rules `search.ranking.rerank` and the partial query add on top of every backend's
order (measured on the Hatch corpus: tests/search/test_corpus_relevance.py)."""

from dataclasses import dataclass

import pytest
from wagtail.search.query import Or, PlainText

from search.query import parse, partial_query, spelling_variants, to_search_query
from search.ranking import is_changelog, rerank

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
