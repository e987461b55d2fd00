"""A dashboard table as CSV or JSON: the same cells as the page, suppression included (a
suppressed cell is `suppressed_text()` in CSV, and `null` with `"suppressed": true` and
that text in JSON), never the hidden number."""

from __future__ import annotations

import csv
import io
import json

from django.http import HttpResponse

from insights.dashboard.figures import Cell, Table, suppressed_text


def _raw(cell: Cell, threshold: int) -> str:
    if cell.suppressed:
        return suppressed_text(threshold)
    if cell.value is None:
        return ""
    return f"{cell.value:g}" if cell.value == int(cell.value) else f"{cell.value:.4f}"


def _json_cell(cell: Cell, threshold: int) -> dict:
    if cell.suppressed:
        return {"value": None, "suppressed": True, "text": suppressed_text(threshold)}
    return {"value": cell.value, "suppressed": False}


def _text(value: str) -> str:
    """A label as a spreadsheet cell: never read as a formula."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


def _filename(table: Table, extension: str) -> str:
    period = table.period
    return f"insights-{table.key}-{table.by}-{period.first}-{period.last}.{extension}"


def as_csv(table: Table) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["row", table.by, "this_period", "previous_period", "change"])
    k = table.threshold
    lines = [("total", table.total), *(("slice", line) for line in table.slices)]
    for kind, line in lines:
        writer.writerow(
            [
                kind,
                _text(line.label) if kind == "slice" else "",
                _raw(line.current, k),
                _raw(line.previous, k),
                _raw(line.change, k),
            ]
        )
    for week, cell in table.weekly:
        writer.writerow(["week", week.isoformat(), _raw(cell, k), "", ""])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(table, "csv")}"'
    return response


def as_json(table: Table) -> HttpResponse:
    k = table.threshold

    def line(row) -> dict:
        return {
            "current": _json_cell(row.current, k),
            "previous": _json_cell(row.previous, k),
            "change": _json_cell(row.change, k),
        }

    body = {
        "table": table.key,
        "label": str(table.label),
        "unit": str(table.unit),
        "period": {"from": table.period.first.isoformat(), "to": table.period.last.isoformat()},
        "previous_period": {
            "from": table.previous_period.first.isoformat(),
            "to": table.previous_period.last.isoformat(),
        },
        "by": table.by,
        "threshold": k,
        "total": line(table.total),
        "slices": [{"key": row.key, "label": row.label, **line(row)} for row in table.slices],
        "weekly": [
            {"week": week.isoformat(), **_json_cell(cell, k)} for week, cell in table.weekly
        ],
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{_filename(table, "json")}"'
    return response
