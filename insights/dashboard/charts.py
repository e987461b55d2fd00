"""Small charts drawn on the server as inline SVG: a weekly trend line and bars by slice.

No JavaScript and no library: each chart is an `<svg role="img">` with a title and a short
description, next to the same figures as a table (the template puts it in a `<details>`).
A suppressed figure is never drawn: a gap in the line, a bar left out with the words
"fewer than N" instead of a value; nothing in the markup carries the hidden number.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from insights.dashboard.figures import Cell, Table

WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 28
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH = 20, 8, 180


def _top(values: Sequence[float]) -> float:
    """A round maximum for the axis (1, 2, 5 times a power of ten), at least 1."""
    highest = max([*values, 0.0])
    if highest <= 1:
        return 1.0
    scale = 1.0
    while scale * 10 < highest:
        scale *= 10
    for step in (1, 2, 5, 10):
        if step * scale >= highest:
            return step * scale
    return highest  # pragma: no cover


def _number(value: float) -> str:
    return formats.number_format(value, 0 if value == int(value) else 1)


def trend(table: Table, chart_id: str) -> SafeString:
    """The weekly series as a line; a suppressed (or empty) week breaks it."""
    points = table.weekly
    shown = [cell.value for _week, cell in points if not cell.suppressed and cell.value is not None]
    top = _top(shown)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / max(len(points) - 1, 1)

    def x(index: int) -> float:
        return LEFT + (index * step if len(points) > 1 else inner_w / 2)

    def y(value: float) -> float:
        return TOP + inner_h - inner_h * value / top

    runs: list[list[tuple[float, float]]] = [[]]
    for index, (_week, cell) in enumerate(points):
        if cell.suppressed or cell.value is None:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append((x(index), y(cell.value)))
    lines = format_html_join(
        "",
        '<polyline class="chart__line" fill="none" points="{}"/>',
        ((" ".join(f"{px:.1f},{py:.1f}" for px, py in run),) for run in runs if len(run) > 1),
    )
    dots = format_html_join(
        "",
        '<circle class="chart__dot" cx="{}" cy="{}" r="3"/>',
        ((f"{px:.1f}", f"{py:.1f}") for run in runs for px, py in run),
    )
    hidden = sum(1 for _week, cell in points if cell.suppressed)
    description = ngettext(
        "%(n)s week from %(first)s to %(last)s; the axis goes up to %(top)s.",
        "%(n)s weeks from %(first)s to %(last)s; the axis goes up to %(top)s.",
        len(points),
    ) % {
        "n": len(points),
        "first": formats.date_format(points[0][0], "j M Y") if points else "—",
        "last": formats.date_format(points[-1][0], "j M Y") if points else "—",
        "top": _number(top),
    }
    if hidden:
        description += " " + ngettext(
            "%(n)s week is not shown: %(why)s.", "%(n)s weeks are not shown: %(why)s.", hidden
        ) % {
            "n": hidden,
            "why": table.text(Cell(None, True)),
        }
    labels = ""
    if points:
        labels = format_html(
            '<text class="chart__axis" x="{}" y="{}">{}</text>'
            '<text class="chart__axis" x="{}" y="{}" text-anchor="end">{}</text>',
            LEFT,
            HEIGHT - 8,
            formats.date_format(points[0][0], "j M"),
            WIDTH - RIGHT,
            HEIGHT - 8,
            formats.date_format(points[-1][0], "j M"),
        )
    return format_html(
        '<svg class="chart chart--trend" viewBox="0 0 {w} {h}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" data-testid="trend-{key}" '
        'preserveAspectRatio="xMidYMid meet">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<line class="chart__baseline" x1="{left}" y1="{base}" x2="{right}" y2="{base}"/>'
        '<text class="chart__axis" x="{tick}" y="{top_y}" text-anchor="end">{top}</text>'
        '<text class="chart__axis" x="{tick}" y="{base}" text-anchor="end">0</text>'
        "{lines}{dots}{labels}</svg>",
        w=WIDTH,
        h=HEIGHT,
        id=chart_id,
        key=table.key,
        title=_("%(figure)s, week by week") % {"figure": table.label},
        desc=description,
        left=LEFT,
        right=WIDTH - RIGHT,
        base=TOP + inner_h,
        tick=LEFT - 6,
        top_y=TOP + 4,
        top=_number(top),
        lines=lines,
        dots=dots,
        labels=labels,
    )


def bars(table: Table, chart_id: str, by_label: str) -> SafeString:
    """This period's figure of each slice as a horizontal bar; a suppressed slice gets the
    words, no bar."""
    rows = table.slices
    shown = [line.current.value for line in rows if line.current.value is not None]
    top = _top(shown)
    inner_w = WIDTH - LABEL_WIDTH - 110
    height = max(len(rows), 1) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
    parts = []
    for index, line in enumerate(rows):
        y = BAR_GAP + index * (BAR_HEIGHT + BAR_GAP)
        middle = y + BAR_HEIGHT / 2 + 4
        text = table.text(line.current)
        width = 0.0
        if not line.current.suppressed and line.current.value is not None:
            width = inner_w * line.current.value / top
        bar = mark_safe("")
        if width > 0:
            bar = format_html(
                '<rect class="chart__bar" x="{}" y="{}" width="{}" height="{}"/>',
                LABEL_WIDTH,
                y,
                f"{width:.1f}",
                BAR_HEIGHT,
            )
        parts.append(
            format_html(
                '<text class="chart__label" x="{}" y="{}" text-anchor="end">{}</text>{}'
                '<text class="chart__value{}" x="{}" y="{}">{}</text>',
                LABEL_WIDTH - 8,
                f"{middle:.1f}",
                line.label,
                bar,
                " chart__value--suppressed" if line.current.suppressed else "",
                f"{LABEL_WIDTH + width + 6:.1f}",
                f"{middle:.1f}",
                text,
            )
        )
    return format_html(
        '<svg class="chart chart--bars" viewBox="0 0 {w} {h}" role="img" '
        'aria-labelledby="{id}-title" data-testid="bars-{key}">'
        '<title id="{id}-title">{title}</title>{bars}</svg>',
        w=WIDTH,
        h=height,
        id=chart_id,
        key=table.key,
        title=_("%(figure)s by %(by)s, this period") % {"figure": table.label, "by": by_label},
        bars=mark_safe("".join(parts)),  # noqa: S308 - each part built by format_html
    )
