"""The pilot's charts as inline SVG drawn here (no script; the same markup in the page and
the PDF): week by week, the pilot's people against everyone else. A suppressed week is a
gap in its line, never a point: the hidden value is not in the markup at all."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from insights.queries import PopulationReport

WIDTH, HEIGHT = 560, 200
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 36
SERIES = (("inside", "#b4461b"), ("outside", "#2f6f8f"))


def _segments(points: list[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Runs of consecutive shown points (a suppressed week breaks the line)."""
    runs, run = [], []
    for point in points:
        if point is None:
            if run:
                runs.append(run)
            run = []
        else:
            run.append(point)
    if run:
        runs.append(run)
    return runs


def weekly_chart(report: PopulationReport, title: str, testid: str = "") -> SafeString:
    weeks = report.weekly
    values = [
        figure.value
        for _week, inside, outside in weeks
        for figure in (inside, outside)
        if figure.value is not None
    ]
    top = max(values, default=0) or 1
    span_x = WIDTH - LEFT - RIGHT
    span_y = HEIGHT - TOP - BOTTOM
    step = span_x / max(len(weeks) - 1, 1)

    def point(index: int, value: float | None):
        if value is None:
            return None
        return (round(LEFT + index * step, 1), round(TOP + span_y * (1 - value / top), 1))

    lines = []
    for position, (name, colour) in enumerate(SERIES):
        points = [point(index, row[1 + position].value) for index, row in enumerate(weeks)]
        for run in _segments(points):
            if len(run) == 1:
                lines.append(
                    format_html(
                        '<circle cx="{}" cy="{}" r="3" fill="{}" data-series="{}"/>',
                        run[0][0],
                        run[0][1],
                        colour,
                        name,
                    )
                )
            else:
                lines.append(
                    format_html(
                        '<polyline fill="none" stroke="{}" stroke-width="2" points="{}"'
                        ' data-series="{}"/>',
                        colour,
                        " ".join(f"{x},{y}" for x, y in run),
                        name,
                    )
                )
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>',
        (
            (round(LEFT + index * step, 1), HEIGHT - BOTTOM + 14, week.strftime("%d %b"))
            for index, (week, _inside, _outside) in enumerate(weeks)
            if len(weeks) <= 8 or index % max(len(weeks) // 6, 1) == 0
        ),
    )
    legend = format_html(
        '<text x="{}" y="{}" font-size="10" fill="{}">{}</text>'
        '<text x="{}" y="{}" font-size="10" fill="{}">{}</text>',
        LEFT,
        HEIGHT - 6,
        SERIES[0][1],
        _("— the pilot's people"),
        LEFT + 160,
        HEIGHT - 6,
        SERIES[1][1],
        _("— everyone else"),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}"'
        ' role="img" aria-labelledby="{id}-title" class="chart"{testid}>'
        '<title id="{id}-title">{title}</title>'
        '<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="#999"/>'
        '<line x1="{l}" y1="{t}" x2="{l}" y2="{b}" stroke="#999"/>'
        '<text x="{lt}" y="{ty}" font-size="10" text-anchor="end">{top}</text>'
        '<text x="{lt}" y="{b}" font-size="10" text-anchor="end">0</text>'
        "{lines}{labels}{legend}</svg>",
        w=WIDTH,
        h=HEIGHT,
        id=f"chart-{report.measure.key}-{report.period.first:%Y%m%d}",
        testid=format_html(' data-testid="{}"', testid) if testid else "",
        title=title,
        l=LEFT,
        r=WIDTH - RIGHT,
        t=TOP,
        b=HEIGHT - BOTTOM,
        lt=LEFT - 4,
        ty=TOP + 8,
        top=f"{top:g}",
        lines=SafeString("".join(lines)),
        labels=labels,
        legend=legend,
    )
