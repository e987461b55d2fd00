"""One date format per context, so the same kind of place shows dates the same way.

- short ("7 Dec 2026"): lists, tables, cards, rows, charts, digests.
- long ("7 December 2026"): a page's own meta (last updated, review due) and dates inside
  sentences (an invitation's expiry, an access that ended).
- with the time: the same, followed by ", 14:05" (versions, events, audit lines).

Templates use the filters of the same names (`{% load hearth_dates %}`); Python code that
writes a date into a sentence uses these functions. Machine values (`<time datetime>`,
ISO dates in inputs and exports) keep Django's `date` filter with an ISO format.
"""

from django.template.defaultfilters import date as _date

SHORT_DATE = "j M Y"
LONG_DATE = "j F Y"
SHORT_DATETIME = "j M Y, H:i"
LONG_DATETIME = "j F Y, H:i"


def short_date(value) -> str:
    return _date(value, SHORT_DATE)


def long_date(value) -> str:
    return _date(value, LONG_DATE)


def short_datetime(value) -> str:
    return _date(value, SHORT_DATETIME)


def long_datetime(value) -> str:
    return _date(value, LONG_DATETIME)
