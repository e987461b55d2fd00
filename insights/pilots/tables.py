"""The report's tables as rows (the page, the PDF, CSV and JSON read these): a figure the
suppression rule hides is the words "fewer than N", never its value."""

from __future__ import annotations

from django.utils.translation import gettext as _

from insights.pilots.services import PilotReport, Row
from insights.queries import Figure

TABLES = ("targets", "comparison", "before-after")


def cell(figure: Figure | None, threshold: int):
    if figure is None:
        return ""
    if figure.suppressed:
        return _("fewer than %(n)d") % {"n": threshold}
    if figure.value is None:
        return ""
    return round(figure.value, 1)


def table(report: PilotReport, name: str) -> tuple[list[str], list[list]]:
    """(columns, rows) of the table called `name` (one of TABLES)."""
    k = report.threshold
    if name == "targets":
        columns = [_("Measure"), _("Target"), _("Baseline"), _("Pilot so far"), _("Status")]
        rows = [
            [
                str(progress.measure.label),
                f"{progress.target.get_comparison_display()} {progress.target.value:g}",
                cell(progress.baseline, k),
                cell(progress.now, k),
                progress.status_label,
            ]
            for progress in report.targets
        ]
    elif name == "comparison":
        columns = [_("Week"), _("Measure"), _("The pilot's people"), _("Everyone else")]
        rows = [
            [week.isoformat(), str(row.measure.label), cell(inside, k), cell(outside, k)]
            for row in report.rows
            if row.after
            for week, inside, outside in row.after.weekly
        ]
    elif name == "before-after":
        columns = [
            _("Measure"),
            _("Baseline: the pilot's people"),
            _("Pilot: the pilot's people"),
            _("Baseline: everyone else"),
            _("Pilot: everyone else"),
        ]
        rows = [
            [
                str(row.measure.label),
                cell(row.before.inside, k),
                cell(row.after.inside if row.after else None, k),
                cell(row.before.outside, k),
                cell(row.after.outside if row.after else None, k),
            ]
            for row in report.rows
        ]
    else:
        raise KeyError(name)
    if report.scoped:  # which figures keep to the pilot's spaces and communities
        columns.append(_("Counted in"))
        counted_in = {row.measure.key: counted(row) for row in report.rows}
        if name == "targets":
            keys = [progress.measure.key for progress in report.targets]
        elif name == "comparison":
            keys = [row.measure.key for row in report.rows if row.after for _w in row.after.weekly]
        else:
            keys = [row.measure.key for row in report.rows]
        rows = [[*values, counted_in[key]] for values, key in zip(rows, keys, strict=True)]
    return [str(column) for column in columns], rows


def counted(row: Row) -> str:
    return _("the scope") if row.in_scope else _("the whole company")
