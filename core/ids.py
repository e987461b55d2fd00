"""Database ids from addresses and forms. A value that is not a positive integer within the
database's range (a bigint) never reaches a query: one past the range would be a 500."""

from django.http import Http404

MAX_ID = 2**63 - 1


def parse_id(value: object) -> int | None:
    """`value` (a URL part, a form field) as an id, or None."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def id_or_404(value: object) -> int:
    """`value` as an id; anything else is a 404."""
    number = parse_id(value)
    if number is None:
        raise Http404
    return number
