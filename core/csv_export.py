"""Reports as CSV downloads: cells a spreadsheet will not run as formulas (names, labels and
comments are typed by people), and the response that carries them."""

import csv

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: object) -> str:
    """`value` as text, quoted with a leading `'` if a spreadsheet would run it."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in FORMULA_STARTS else text


def csv_download(filename: str, columns: list[str]):
    """An attachment response named `filename` with the header row `columns` written, and
    the csv writer for the rows."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(columns)
    return response, writer
