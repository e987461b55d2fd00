"""The pilot report as a PDF: the report's HTML (its own print template, the same inline
SVG charts) through WeasyPrint. Needs Debian's Pango (scripts/system-packages.sh)."""

from __future__ import annotations

from django.template.loader import render_to_string


def render_pdf(context: dict) -> bytes:
    # Imported when a PDF is asked for: WeasyPrint loads Pango and parses its stylesheets
    # on import (logged), which every process and management command would pay otherwise.
    from weasyprint import HTML  # noqa: PLC0415 - see above

    html = render_to_string("insights/pilots/report_pdf.html", context)
    return HTML(string=html, base_url=None).write_pdf()
