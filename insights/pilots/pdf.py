"""The pilot report as a PDF: the report's HTML (its own print template, the same inline
SVG charts) through WeasyPrint. Needs Debian's Pango (scripts/system-packages.sh)."""

from __future__ import annotations

from django.template.loader import render_to_string
from weasyprint import HTML


def render_pdf(context: dict) -> bytes:
    html = render_to_string("insights/pilots/report_pdf.html", context)
    return HTML(string=html, base_url=None).write_pdf()
