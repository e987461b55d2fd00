"""The dashboard's tables, made from `insights.queries` reports: each figure for the period,
the previous one and the change, in total, by slice and per week. Suppression is carried
through, never undone: a cell made from a suppressed figure is suppressed, and a change is
shown only when both its ends are. The text of a suppressed cell is `suppressed_text()`,
the same on screen, in the SVG's place, in CSV and in JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from insights import measures, queries, suppression
from insights.dashboard import links, people
from insights.dashboard.sections import ACTIVE_PEOPLE, Figure, Kind
from insights.measures import Unit
from insights.queries import MeasureReport, Period

RATIO = "ratio"  # a figure per active person (Unit.PER_PERSON reads the same)


def suppressed_text(threshold: int | None = None) -> str:
    """What a reader sees instead of a figure about too few people."""
    n = suppression.min_group() if threshold is None else threshold
    return _("fewer than %(n)s") % {"n": n}


@dataclass(frozen=True)
class Cell:
    value: float | None
    suppressed: bool = False

    @classmethod
    def of(cls, figure: queries.Figure) -> Cell:
        return cls(figure.value, figure.suppressed)


HIDDEN = Cell(None, True)


@dataclass(frozen=True)
class Line:
    """A row: the whole population (key None) or one slice (a department, a level…)."""

    key: str | None
    label: str
    current: Cell
    previous: Cell

    @property
    def change(self) -> Cell:
        if self.current.suppressed or self.previous.suppressed:
            return HIDDEN
        if self.current.value is None or self.previous.value is None:
            return Cell(None)
        return Cell(self.current.value - self.previous.value)


@dataclass
class Table:
    key: str
    label: str | Promise
    help_text: str | Promise
    unit: str
    period: Period
    previous_period: Period
    by: str
    threshold: int
    total: Line
    slices: list[Line] = field(default_factory=list)
    weekly: list[tuple[date, Cell]] = field(default_factory=list)
    link: str = ""

    def text(self, cell: Cell, *, change: bool = False) -> str:
        return cell_text(cell, self.unit, self.threshold, change=change)


def cell_text(cell: Cell, unit: str, threshold: int, *, change: bool = False) -> str:
    if cell.suppressed:
        return suppressed_text(threshold)
    if cell.value is None:
        return "—"
    value = cell.value
    sign = "+" if change and value > 0 else ""
    if unit == Unit.COUNT:
        return sign + formats.number_format(round(value), force_grouping=True)
    if unit == Unit.SHARE:
        number = sign + formats.number_format(round(value, 1), 1)
        return _("%(n)s pts") % {"n": number} if change else f"{number} %"
    if unit == Unit.MEDIAN_DURATION:
        return sign + _("%(n)s h") % {"n": formats.number_format(round(value / 3600, 1), 1)}
    # Django's number_format cuts decimals off: round first.
    return sign + formats.number_format(round(value, 2), 2)


def _ratio(top: Cell, bottom: Cell, scale: float = 1.0) -> Cell:
    if top.suppressed or bottom.suppressed:
        return HIDDEN
    if top.value is None or not bottom.value:
        return Cell(None)
    return Cell(scale * top.value / bottom.value)


def _label(by: str, key: str) -> str:
    return people.slice_label(by, key) if key else str(suppression.NOT_SET_LABEL)


def _plain(report: MeasureReport) -> dict:
    return {
        "unit": report.measure.unit,
        "total": Line(None, "", Cell.of(report.total), Cell.of(report.previous_total)),
        "slices": [
            Line(row.key, _label(report.by, row.key), Cell.of(row.current), Cell.of(row.previous))
            for row in report.slices
        ],
        "weekly": [(week, Cell.of(value)) for week, value in report.weekly],
    }


def _of_headcount(report: MeasureReport, staff: list[dict[str, int]] | None) -> dict:
    """People as a share of the staff employed at the time: the period's of its staff (in
    total and per slice), the previous period's of that period's, each week's of the
    week's (`staff`: the period, the previous one, then each week, as `_windows` says)."""
    if staff is None:
        staff = [{} for _window in _windows(report)]

    def of(cell: Cell, key: str | None, window: dict[str, int]) -> Cell:
        base = sum(window.values()) if key is None else window.get(key, 0)
        return _ratio(cell, Cell(float(base)), 100.0)

    now, before, *weeks = staff
    plain = _plain(report)
    return {
        "unit": Unit.SHARE,
        "total": Line(
            None,
            "",
            of(plain["total"].current, None, now),
            of(plain["total"].previous, None, before),
        ),
        "slices": [
            Line(
                row.key, row.label, of(row.current, row.key, now), of(row.previous, row.key, before)
            )
            for row in plain["slices"]
        ],
        "weekly": [
            (week, of(cell, None, weekly))
            for (week, cell), weekly in zip(plain["weekly"], weeks, strict=True)
        ],
    }


def _windows(report: MeasureReport) -> list[tuple[date, date]]:
    """The days whose headcount a share of staff divides by: the period, the previous
    one, and each week of the weekly series (Monday to Sunday)."""
    windows = [
        (report.period.first, report.period.last),
        (report.previous_period.first, report.previous_period.last),
    ]
    return windows + [(week, week + timedelta(days=6)) for week, _figure in report.weekly]


def _add(cells: list[Cell]) -> Cell:
    if any(cell.suppressed for cell in cells):
        return HIDDEN
    return Cell(sum(cell.value or 0 for cell in cells))


def _per_active_person(reports: list[MeasureReport], base: MeasureReport) -> dict:
    """The measures' events added up, per active person. A slice with no events of a
    measure has no row in its report: zero, suppressed exactly as the base's slice (one
    partition decides every measure's slices)."""
    plains = [_plain(report) for report in reports]
    base_plain = _plain(base)
    by_key = [{row.key: row for row in plain["slices"]} for plain in plains]
    weeks = [dict(plain["weekly"]) for plain in plains]

    def numerator(key, now: bool) -> Cell:
        cells = []
        for rows in by_key:
            row = rows.get(key)
            cells.append(Cell(0.0) if row is None else (row.current if now else row.previous))
        return _add(cells)

    def total(now: bool) -> Cell:
        return _add(
            [plain["total"].current if now else plain["total"].previous for plain in plains]
        )

    return {
        "unit": RATIO,
        "total": Line(
            None,
            "",
            _ratio(total(True), base_plain["total"].current),
            _ratio(total(False), base_plain["total"].previous),
        ),
        "slices": [
            Line(
                row.key,
                row.label,
                _ratio(numerator(row.key, True), row.current),
                _ratio(numerator(row.key, False), row.previous),
            )
            for row in base_plain["slices"]
        ],
        "weekly": [
            (week, _ratio(_add([w.get(week, Cell(0.0)) for w in weeks]), cell))
            for week, cell in base_plain["weekly"]
        ],
    }


def needed(figures: list[Figure]) -> list[str]:
    """The measure keys these figures read, in a stable order (one `measure_reports`)."""
    keys: set[str] = set()
    for figure in figures:
        keys |= figure.reads()
    return sorted(keys)


def build(figures: list[Figure], period: Period, by: str, *, user=None) -> dict[str, Table]:
    """Every figure's table, keyed by figure: one `measure_reports` call (a fixed number
    of queries) and, when a figure needs it, one headcount query."""
    keys = needed(figures)
    reports = {
        report.measure.key: report for report in queries.measure_reports(keys, period, by=by)
    }
    staff = None
    tables = {}
    for figure in figures:
        first = reports[figure.measures[0]]
        if figure.kind == Kind.OF_HEADCOUNT and staff is None:
            staff = people.headcount(by, _windows(first))  # the same windows for all
        if figure.kind == Kind.OF_HEADCOUNT:
            parts = _of_headcount(first, staff)
        elif figure.kind == Kind.PER_ACTIVE_PERSON:
            parts = _per_active_person(
                [reports[key] for key in figure.measures], reports[ACTIVE_PEOPLE]
            )
        else:
            parts = _plain(first)
        measure = measures.get(figure.measures[0])
        tables[figure.key] = Table(
            key=figure.key,
            label=figure.label or measure.label,
            help_text=figure.help_text or measure.help_text,
            period=period,
            previous_period=first.previous_period,
            by=by,
            threshold=first.threshold,
            link=links.url_for(figure.key, user) if user is not None else "",
            **parts,
        )
    return tables
