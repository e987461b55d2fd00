"""Requests that htmx makes (it sends `HX-Request: true`): the views answer them with the
fragment to swap in instead of a whole page."""

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"
