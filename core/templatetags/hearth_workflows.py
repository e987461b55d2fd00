"""The "Update under review" banner and, for editors, a page's workflow actions."""

from django import template
from wagtail.models import Page

from core.policy import Action
from core.templatetags.hearth_policy import may_in
from core.workflows import review_in_progress, review_status, workflow_events

register = template.Library()


def _can_edit(context, page) -> bool:
    if "can_edit" in context:
        return bool(context["can_edit"])
    return may_in(context, Action.EDIT, page)


@register.inclusion_tag("core/workflow_banner.html", takes_context=True)
def workflow_banner(context):
    """On a live page with a workflow in progress: readers learn an update is under review
    (never what it says); editors also see the step and its reviewers. No query for a page
    without a draft, one for the rest, a few more for editors of a page under review."""
    page = context.get("page")
    if not isinstance(page, Page) or not page.live or not review_in_progress(page):
        return {"show": False}
    status = review_status(page) if _can_edit(context, page) else None
    return {"show": True, "page": page, "status": status}


@register.inclusion_tag("core/workflow_history.html", takes_context=True)
def workflow_history(context, page):
    """The newest workflow actions on `page`, for people who may edit it (one query)."""
    if not isinstance(page, Page) or not _can_edit(context, page):
        return {"show": False}
    return {"show": True, "page": page, "events": workflow_events(page)}
