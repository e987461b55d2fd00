"""The measures: what the dashboard counts, and how each is computed per day and per slice.

A measure has a key, a label, a unit and a source:

* a **ledger** measure is computed from the activity ledger by `insights.rollups` (one pass
  over a day's events serves every ledger measure): events of some verbs, distinct people
  with some verbs, people on their first day, people coming back, or a share of events;
* a measure of a **higher app** (verified %, must-read completion, zero-result searches…)
  comes from that app's own tables: the app registers it from its `AppConfig.ready` with
  `register(Measure(..., rows=callable))`, where `callable(first_day, last_day)` returns
  one `Row` per day and slice. insights imports no higher app; the job calls the callable.

Every measure is rolled up per day x department x level x location (`DailyRollup`:
`value`, and `base` for shares and rates) so periods add up, and per month
(`MonthlyRollup`). Distinct-people measures read `PersonMonth` and `PersonDay` (one row per
person, month or day, and slice, with a bitmask of verbs) and `WeekPeople`, so distinct
counts over a year read about twelve rows per person (see `insights.queries`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from insights.models import Verb


class Unit(StrEnum):
    COUNT = "count"  # events or people: value
    PER_PERSON = "per_person"  # value / base, base = people
    SHARE = "share"  # 100 * value / base
    MEDIAN_DURATION = "median_duration"  # seconds; value = the day's median, base = how many
    # A state (pages due for review, open questions): value = the day's figure, base = 1 a
    # day, so a period's figure is the average day's (a sum of days would count page-days).
    AVERAGE = "average"


class Source(StrEnum):
    EVENTS = "events"  # events with one of `verbs`
    PEOPLE = "people"  # distinct people with one of `verbs`
    NEW_PEOPLE = "new_people"  # distinct people on their first day in the ledger
    RETURNING = "returning"  # share of the previous period's people active again
    SHARE_OF_EVENTS = "share_of_events"  # events of `verbs` by non-editors / all of them
    EXTERNAL = "external"  # `rows(first_day, last_day)`, from a higher app's tables


@dataclass(frozen=True)
class Row:
    """One day and slice of an external measure, as its callable returns it."""

    day: date
    value: float
    base: float = 0
    department: str = ""
    level: str = ""
    location: str = ""


RowsOverDays = Callable[[date, date], Iterable[Row]]


@dataclass(frozen=True)
class Measure:
    key: str
    label: str | Promise
    unit: Unit
    source: Source
    verbs: frozenset[str] = field(default_factory=frozenset)
    rows: RowsOverDays | None = None
    help_text: str | Promise = ""
    section: str = ""

    @property
    def distinct_people(self) -> bool:
        """Counts people, not events: a period's figure is not the sum of its days."""
        return self.source in (Source.PEOPLE, Source.RETURNING)

    @property
    def from_ledger(self) -> bool:
        return self.source != Source.EXTERNAL


# Bits of PersonDay.verbs, one per verb; the order never changes (append new verbs).
VERB_ORDER: tuple[str, ...] = tuple(Verb.values)


def verb_bit(verb: str) -> int:
    return 1 << VERB_ORDER.index(verb)


def verbs_mask(verbs: Iterable[str]) -> int:
    mask = 0
    for verb in verbs:
        mask |= verb_bit(verb)
    return mask


READING_VERBS = frozenset({Verb.VIEWED, Verb.DOWNLOADED})
CONTRIBUTION_VERBS = frozenset(
    {
        Verb.PUBLISHED,
        Verb.COMMENTED,
        Verb.REACTED,
        Verb.ANNOTATED,
        Verb.GAVE_FEEDBACK,
        Verb.VOTED,
        Verb.ASKED,
        Verb.ANSWERED,
        Verb.ACCEPTED,
        Verb.THANKED,
        Verb.POSTED,
        Verb.SUBMITTED_IDEA,
    }
)

_registry: dict[str, Measure] = {}


def register(measure: Measure) -> Measure:
    """Add a measure (a later one with the same key replaces it)."""
    if measure.source == Source.EXTERNAL and measure.rows is None:
        raise ValueError(f"The external measure {measure.key!r} needs rows(first_day, last_day).")
    _registry[measure.key] = measure
    return measure


def unregister(key: str) -> None:
    _registry.pop(key, None)


def get(key: str) -> Measure:
    """The measure called `key`; KeyError for an unknown one (forms check with `exists`)."""
    return _registry[key]


def exists(key: str) -> bool:
    return key in _registry


def all_measures() -> list[Measure]:
    return list(_registry.values())


def _events(key: str, label, verb: str, section: str = "") -> Measure:
    return Measure(key, label, Unit.COUNT, Source.EVENTS, frozenset({verb}), section=section)


for _measure in (
    Measure(
        "active_readers",
        _("Active readers"),
        Unit.COUNT,
        Source.PEOPLE,
        READING_VERBS,
        help_text=_("People who read or downloaded anything."),
    ),
    Measure(
        "active_contributors",
        _("Active contributors"),
        Unit.COUNT,
        Source.PEOPLE,
        CONTRIBUTION_VERBS,
        help_text=_("People who published, commented, annotated, reacted, asked, answered…"),
    ),
    Measure(
        "active_people",
        _("Active people"),
        Unit.COUNT,
        Source.PEOPLE,
        frozenset(Verb.values),
        help_text=_("People who did anything at all: the base of figures per active person."),
    ),
    Measure(
        "new_people",
        _("New people reached"),
        Unit.COUNT,
        Source.NEW_PEOPLE,
        help_text=_("People whose first activity ever falls in the period."),
    ),
    Measure(
        "return_rate",
        _("Return rate"),
        Unit.SHARE,
        Source.RETURNING,
        help_text=_("Of the people active in the previous period, the share active again."),
    ),
    _events("comments", _("Comments"), Verb.COMMENTED),
    _events("annotations", _("Annotations"), Verb.ANNOTATED),
    _events("reactions", _("Reactions"), Verb.REACTED),
    _events("questions", _("Questions asked"), Verb.ASKED, "engagement"),
    _events("answers", _("Answers"), Verb.ANSWERED, "engagement"),
    _events("accepted_answers", _("Accepted answers"), Verb.ACCEPTED, "engagement"),
    _events("ideas", _("Ideas"), Verb.SUBMITTED_IDEA, "vision"),
    _events("kudos", _("Kudos"), Verb.THANKED, "engagement"),
    _events("searches", _("Searches"), Verb.SEARCHED, "findability"),
    Measure(
        "non_editor_share",
        _("Contributions by non-editors"),
        Unit.SHARE,
        Source.SHARE_OF_EVENTS,
        CONTRIBUTION_VERBS,
        help_text=_("The share of contributions made by people who do not write pages."),
    ),
):
    register(_measure)
