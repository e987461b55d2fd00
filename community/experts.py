"""The expert finder, as question routing sees it: a slot that `search` fills.

Routing a question tells the people who know most about its tags. The finder ranks them
by evidence across knowledge and community and lives above both (`search.experts`), so it
registers itself here from `SearchConfig.ready`: community imports nothing above it.
Without a finder (search not installed) nobody is routed as an expert.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

# (tags, how many, user ids to leave out) -> user ids, best first
Finder = Callable[[list[str], int, Iterable[int]], list[int]]

_finder: list[Finder] = []


def register(finder: Finder) -> Finder:
    """Make `finder` the one routing asks (a later registration replaces it)."""
    _finder[:] = [finder]
    return finder


def expert_ids(tags: list[str], *, limit: int, exclude: Iterable[int] = ()) -> list[int]:
    """The `limit` people the finder ranks first for `tags` (nobody without a finder)."""
    if not tags or not _finder:
        return []
    return _finder[0](tags, limit, exclude)
