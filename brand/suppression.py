"""Small-group suppression for feedback and pulse results.

A result about fewer than ``min_group()`` people is never shown: not on screen, not in a
CSV, not in the API. Hiding the small cell is not enough, because what is shown lets a
reader compute what is hidden:

* **Primary suppression** hides every cell with fewer than ``min_group()`` respondents.
* **Secondary (complementary) suppression**: when a breakdown's total is shown and only one
  cell is hidden, the hidden cell is the total minus the visible ones. So the next-smallest
  cells are hidden too, until at least two cells are hidden *and* the hidden ones together
  hold at least ``min_group()`` respondents (then subtracting yields a group that is itself
  large enough to show).
* **Filters**: a filtered result (say department=Sales, location=Leeds) compared with its
  parent (department=Sales) gives the people in the parent but outside the filter by
  subtraction. ``filter_allowed`` shows a filtered group only when both the group and that
  complement are empty or at least ``min_group()`` strong. Check it against every parent
  (each filter dropped in turn), see ``filters_allowed``.

Usage (one GROUP BY query, then this module; no Python loop over answers)::

    rows = list(
        answers.values("department_id", "department__name")
        .annotate(respondents=Count("id"), avg_agree=Avg("agree"))
        .order_by("department__name")
    )
    cells = breakdown(rows, key="department_id", label="department__name",
                      value_fields=["avg_agree"])

Display rule for callers: when ``cell.suppressed`` show a "suppressed" marker and neither
the values nor the respondent count (use ``cell.shown_respondents``, None when hidden).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

FLOOR = 3
"""No setting can lower the threshold below this."""

NOT_SET_LABEL = _("Not set")


def min_group() -> int:
    """The smallest group whose results may be shown (the setting, never below 3)."""
    value = getattr(settings, "HEARTH_FEEDBACK_MIN_GROUP", 5)
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = 5
    return max(FLOOR, value)


@dataclass
class Cell:
    """One group of a breakdown: a department, a level, a week…"""

    key: Any
    label: str
    respondents: int
    values: dict[str, float] | None
    suppressed: bool

    @property
    def shown_respondents(self) -> int | None:
        """The respondent count a reader may see: None when the cell is suppressed."""
        return None if self.suppressed else self.respondents


def _is_small(n: int, threshold: int) -> bool:
    return 0 < n < threshold


def suppress_one(
    respondents: int, values: Mapping[str, float | None] | None, *, key: Any = None, label=""
) -> Cell:
    """A single group shown on its own (an overall result): primary suppression only.

    A group of 0 is "suppressed" too: there is nothing to show.
    """
    hidden = respondents < min_group()
    return Cell(
        key=key,
        label=str(label),
        respondents=respondents,
        values=None if hidden else _clean(values),
        suppressed=hidden,
    )


def _clean(values: Mapping[str, float | None] | None) -> dict[str, float] | None:
    if values is None:
        return None
    return {name: (None if v is None else float(v)) for name, v in values.items()}


def breakdown(
    rows: list[dict],
    *,
    key: str,
    label: str,
    count: str = "respondents",
    value_fields: list[str],
    parents: Sequence[str] = (),
    complementary: bool = True,
) -> list[Cell]:
    """Turn the rows of one GROUP BY query into cells with small groups suppressed.

    ``rows`` are dicts (``QuerySet.values(...).annotate(...)``); ``key`` and ``label`` name
    the group columns, ``count`` the respondent count, ``value_fields`` the aggregates to
    show (means, shares). The cells keep the rows' order.

    Under active filters each cell is itself a filtered group: ``parents`` names the row
    fields holding the cell's count with one filter dropped (conditional ``Count``s in the
    same query), and a cell is hidden unless ``filters_allowed`` passes against them.
    ``complementary=False`` skips secondary suppression, for series whose cells do not add
    up to a shown total (distinct people per week).
    """
    threshold = min_group()
    cells = [
        Cell(
            key=row.get(key),
            label=str(row.get(label) if row.get(label) not in (None, "") else NOT_SET_LABEL),
            respondents=int(row.get(count) or 0),
            values=_clean({name: row.get(name) for name in value_fields}),
            suppressed=False,
        )
        for row in rows
    ]
    for cell, row in zip(cells, rows, strict=True):
        parent_counts = [int(row.get(name) or 0) for name in parents]
        if _is_small(cell.respondents, threshold) or not filters_allowed(
            cell.respondents, parent_counts
        ):
            cell.suppressed = True

    # Secondary suppression: the total of the breakdown is visible whenever any cell is,
    # so one hidden cell (or hidden cells that add up to a small group) could be
    # recovered by subtraction. Hide the next-smallest visible cells until that is not so.
    while complementary:
        hidden = [c for c in cells if c.suppressed]
        visible = [c for c in cells if not c.suppressed and c.respondents > 0]
        if not hidden or not visible:
            break
        hidden_total = sum(c.respondents for c in hidden)
        if len(hidden) >= 2 and hidden_total >= threshold:
            break
        smallest = min(visible, key=lambda c: (c.respondents, str(c.key)))
        smallest.suppressed = True

    for cell in cells:
        if cell.suppressed:
            cell.values = None
    return cells


def filter_allowed(n_filtered: int, n_parent: int) -> bool:
    """May a filtered group be shown next to its parent group?

    Both the filtered group and its complement within the parent (parent minus filtered)
    must be empty or at least ``min_group()``; otherwise comparing the two results gives
    away a small group.
    """
    threshold = min_group()
    complement = n_parent - n_filtered
    return not _is_small(n_filtered, threshold) and not _is_small(complement, threshold)


def filters_allowed(n_filtered: int, parents: Iterable[int]) -> bool:
    """``filter_allowed`` against every parent: each combination with one filter dropped."""
    return all(filter_allowed(n_filtered, n_parent) for n_parent in parents)
