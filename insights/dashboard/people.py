"""Headcount, which `people` knows and tells (insights may not import it): the shares of
headcount on the dashboard divide by it. `PeopleConfig.ready` registers the provider."""

from __future__ import annotations

from typing import Protocol


class Headcount(Protocol):
    def headcount(self, by: str) -> dict[str, int]:
        """Staff (active, not guests) per value of `by` (department, level or location), as
        the ledger writes the value ("" when not set); one query."""

    def slice_label(self, by: str, key: str) -> str:
        """How a value of `by` reads (a level's code as its label); no query."""


_providers: list[Headcount] = []


def register(provider: Headcount) -> None:
    """Set the headcount provider (one: a later one replaces it)."""
    _providers[:] = [provider]


def headcount(by: str) -> dict[str, int] | None:
    """Staff per value of `by`, or None when no app tells it."""
    return _providers[0].headcount(by) if _providers else None


def slice_label(by: str, key: str) -> str:
    return _providers[0].slice_label(by, key) if _providers else key
