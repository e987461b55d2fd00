"""How a dashboard cell reads (the text the exports use too)."""

from django import template

from insights.dashboard.figures import cell_text as _cell_text

register = template.Library()


@register.simple_tag
def cell_text(cell, table, change=False) -> str:
    return _cell_text(cell, table.unit, table.threshold, change=bool(change))
