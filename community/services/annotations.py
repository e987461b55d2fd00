"""Annotations: create, resolve, export (issue 5). Being built."""


def page_context(request, page) -> dict:
    return {}
