"""Measuring relevance: judged queries run through the search a reader gets, scored by
precision@1, recall@5 and mean reciprocal rank.

A judged query names its right answers as paths inside a space ("config/dependency") or
sections of them ("config/dependency#environment-markers"). A result is the page the
search ranks (`engine.match_pages`, the search page's own ranking, with privacy) and, for
the best of them, the section `search.sections.best_section` links to. A page answer is
matched by the page or any of its sections; a section answer only by that section.
Used by `manage.py search_relevance` and tests/search/test_corpus_relevance.py.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from search import engine
from search.query import highlight_words, parse
from search.sections import best_section

DEPTH = 10  # results read per query (MRR counts a right answer down to here)


@dataclass(frozen=True)
class Judged:
    q: str
    kind: str
    answers: tuple[str, ...]


@dataclass
class Outcome:
    judged: Judged
    found: list[str]
    rank: int | None  # 1-based position of the first right answer within DEPTH


@dataclass
class Measures:
    backend: str
    outcomes: list[Outcome] = field(default_factory=list)

    def _share(self, hit) -> float:
        return sum(1 for o in self.outcomes if hit(o)) / len(self.outcomes) if self.outcomes else 0

    @property
    def precision_at_1(self) -> float:
        return self._share(lambda o: o.rank == 1)

    @property
    def recall_at_5(self) -> float:
        return self._share(lambda o: o.rank is not None and o.rank <= 5)

    @property
    def mrr(self) -> float:
        if not self.outcomes:
            return 0.0
        return sum(1 / o.rank for o in self.outcomes if o.rank) / len(self.outcomes)

    def by_kind(self) -> dict[str, Measures]:
        kinds: dict[str, Measures] = {}
        for outcome in self.outcomes:
            kinds.setdefault(outcome.judged.kind, Measures(self.backend)).outcomes.append(outcome)
        return kinds

    def report(self, *, misses: bool = True) -> list[str]:
        lines = [
            f"{'backend':<12} {'kind':<11} {'queries':>7} {'P@1':>6} {'R@5':>6} {'MRR':>6}",
            self._row("all"),
            *(measures._row(kind) for kind, measures in sorted(self.by_kind().items())),
        ]
        if misses:
            for outcome in self.outcomes:
                if outcome.rank != 1:
                    lines.append(
                        f"  miss ({outcome.rank or '-'}): {outcome.judged.q!r} → "
                        f"{', '.join(outcome.found[:3])} (want {outcome.judged.answers[0]})"
                    )
        return lines

    def _row(self, kind: str) -> str:
        return (
            f"{self.backend:<12} {kind:<11} {len(self.outcomes):>7} "
            f"{self.precision_at_1:>6.2f} {self.recall_at_5:>6.2f} {self.mrr:>6.2f}"
        )


def load(path: Path) -> list[Judged]:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return [Judged(item["q"], item["kind"], tuple(item["answers"])) for item in data["query"]]


def _right(answer: str, found: str) -> bool:
    if "#" in answer:
        return answer == found
    return found.split("#", 1)[0] == answer


def ranked_answers(user, space: Page, text: str, depth: int = DEPTH) -> list[str]:
    """The first `depth` results `user` gets for `text`, as paths inside `space` with the
    best section's anchor (pages outside the space keep their full url path)."""
    parsed = parse(text)
    hits = engine.match_pages(user, parsed)[:depth]
    pages = Page.objects.filter(pk__in=[hit.pk for hit in hits]).specific().in_bulk()
    words = highlight_words(parsed)
    prefix = space.url_path
    found = []
    for hit in hits:
        page = pages[hit.pk]
        path = (
            page.url_path.removeprefix(prefix).strip("/")
            if page.url_path.startswith(prefix)
            else page.url_path
        )
        section = best_section(page, words)
        found.append(f"{path}#{section.anchor}" if section else path)
    return found


def measure(user, space: Page, judged: list[Judged], backend: str) -> Measures:
    measures = Measures(backend)
    for item in judged:
        found = ranked_answers(user, space, item.q)
        rank = next(
            (
                n
                for n, result in enumerate(found, 1)
                if any(_right(a, result) for a in item.answers)
            ),
            None,
        )
        measures.outcomes.append(Outcome(item, found, rank))
    return measures


def backend_name() -> str:
    """What ranks the search here: the engine, or the database's own full-text search."""
    if isinstance(get_search_backend(), ElasticsearchBaseSearchBackend):
        return "opensearch"
    return connection.vendor
