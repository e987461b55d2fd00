"""Small-group suppression for feedback, pulse and dashboard results (moved from brand.vision).

A result about fewer than ``min_group()`` (k) people is never shown: not on screen, not
in a CSV, not in the API. Hiding the small cell is not enough, because a reader can add
and subtract what is shown in every view they may request (each filter, each breakdown,
each period) and so compute what is hidden: everyone minus individual contributors minus the
managers (a filter of its own) = the three executives.

The rule, one for every view: **blocks**. The respondents are split into their finest
groups (department x level x location x month x week), then small groups are pooled, in
that order of dimensions, into blocks of at least k people:

* inside a group of at least k people, each subgroup of at least k is split further by the
  next dimension; the subgroups under k are pooled into one block, and when they are under
  k together, the smallest large subgroup joins them whole (so no hidden subgroup is ever
  the total minus the shown ones);
* a whole population under k is one block that is never shown.

A figure (a count, a mean, a distribution) is shown only for a set of people made of
whole blocks. Every shown number is then a sum over whole blocks, so any sum or
difference of shown numbers is too: no arithmetic across views isolates fewer than k
people (tests/brand/test_vision_disclosure.py attacks this with generated populations).
Departments come first: a large department always shows; what goes first is the cross
of small groups (a level, a location or a week holding a few people of some department).

Usage::

    partition = pool({atom_key: respondents, ...})  # from one GROUP BY over every dimension
    shown = partition.shows(atom_keys_of_the_cell)

``breakdown`` applies the same rule to a single breakdown with its total (campaign pulse).
Display rule for callers: when ``cell.suppressed`` show a "suppressed" marker and neither
the values nor the respondent count (use ``cell.shown_respondents``, None when hidden).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
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
) -> list[Cell]:
    """Turn the rows of one GROUP BY query into cells, suppressed by the block rule.

    ``rows`` are dicts (``QuerySet.values(...).annotate(...)``); ``key`` and ``label`` name
    the group columns, ``count`` the respondent count, ``value_fields`` the aggregates to
    show (means, shares). The cells keep the rows' order. The total of the rows is taken
    as shown (it is, as the overall result), so a lone hidden cell takes another with it.
    """
    partition = pool({(row.get(key),): int(row.get(count) or 0) for row in rows})
    cells = []
    for row in rows:
        raw_label = row.get(label)
        shown = partition.shows([(row.get(key),)])
        cells.append(
            Cell(
                key=row.get(key),
                label=str(raw_label if raw_label not in (None, "") else NOT_SET_LABEL),
                respondents=int(row.get(count) or 0),
                values=_clean({name: row.get(name) for name in value_fields}) if shown else None,
                suppressed=not shown,
            )
        )
    return cells


@dataclass
class Partition:
    """Respondents pooled into blocks: which atom (finest group) lies in which block."""

    threshold: int
    atom_size: dict[tuple, int]
    block_of: dict[tuple, int]
    block_size: dict[int, int]
    block_atoms: dict[int, int]

    def shows(self, atoms: Iterable[tuple]) -> bool:
        """May figures about the people of these atoms be shown? Only for whole blocks."""
        touched: Counter[int] = Counter()
        people = 0
        for atom in set(atoms):
            if self.atom_size.get(atom, 0) <= 0:
                continue
            people += self.atom_size[atom]
            touched[self.block_of[atom]] += 1
        if people < self.threshold:
            return False
        return all(
            self.block_atoms[block] == count and self.block_size[block] >= self.threshold
            for block, count in touched.items()
        )


def pool(atoms: Mapping[tuple, int]) -> Partition:
    """Pool the atoms (finest groups, keyed by one value per dimension, most important
    dimension first) into blocks of at least ``min_group()`` people; see the module."""
    threshold = min_group()
    sizes = {key: int(n) for key, n in atoms.items() if n and n > 0}
    blocks: list[list[tuple]] = []

    def size(keys: list[tuple]) -> int:
        return sum(sizes[key] for key in keys)

    def split(keys: list[tuple], depth: int) -> None:
        if depth == len(keys[0]) or len(keys) == 1:
            blocks.append(keys)
            return
        children: dict[Any, list[tuple]] = {}
        for key in keys:
            children.setdefault(key[depth], []).append(key)
        ordered = sorted(children.items(), key=lambda item: (size(item[1]), str(item[0])))
        large = [group for _value, group in ordered if size(group) >= threshold]
        pooled = [key for _value, group in ordered if size(group) < threshold for key in group]
        if pooled and size(pooled) < threshold and large:
            pooled += large.pop(0)  # the smallest large subgroup, whole
        for group in large:
            split(group, depth + 1)
        if pooled:
            blocks.append(pooled)

    if sizes:
        keys = sorted(sizes, key=str)
        if size(keys) < threshold:
            blocks.append(keys)
        else:
            split(keys, 0)
    block_of = {key: index for index, block in enumerate(blocks) for key in block}
    return Partition(
        threshold=threshold,
        atom_size=sizes,
        block_of=block_of,
        block_size={index: size(block) for index, block in enumerate(blocks)},
        block_atoms={index: len(block) for index, block in enumerate(blocks)},
    )
