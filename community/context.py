"""The conversation part of a page's template context, in a constant number of queries.

`core.models.BasePage.get_context` calls `discussion_context` for every page type whose
`has_discussion` is true; each feature adds its own keys.
"""

from django.http import HttpRequest
from wagtail.models import Page


def discussion_context(request: HttpRequest, page: Page) -> dict:
    from community.services import annotations, comments, watching

    context: dict = {}
    context.update(comments.page_context(request, page))
    context.update(annotations.page_context(request, page))
    context.update(watching.page_context(request, page))
    return context
