"""Headcount, which `people` knows and tells (insights may not import it): the shares of
headcount on the dashboard divide by it. `PeopleConfig.ready` registers the provider.

Headcount is per period: the people employed at some time during it (their start and
leave dates), so last year's share of staff divides by last year's staff."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

Window = tuple[date, date]  # first and last day


class Headcount(Protocol):
    def headcount(self, by: str, windows: Sequence[Window]) -> list[dict[str, int]]:
        """For each window, the staff (not guests) employed during it per value of `by`
        (department, level or location), as the ledger writes the value ("" when not
        set); one query whatever the number of windows."""

    def slice_label(self, by: str, key: str) -> str:
        """How a value of `by` reads (a level's code as its label); no query."""


_providers: list[Headcount] = []


def register(provider: Headcount) -> None:
    """Set the headcount provider (one: a later one replaces it)."""
    _providers[:] = [provider]


def headcount(by: str, windows: Sequence[Window]) -> list[dict[str, int]] | None:
    """Staff employed during each window per value of `by`, or None when no app tells it."""
    return _providers[0].headcount(by, windows) if _providers else None


def slice_label(by: str, key: str) -> str:
    return _providers[0].slice_label(by, key) if _providers else key
