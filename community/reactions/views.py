"""Reactions over HTTP: set one on or off, and see who reacted.

A reaction button posts `reaction=<kind>:<on|off>` (or the fields `kind` and `state`):
the state wanted, never "toggle", so a double click or a resent form counts once. A
comment's buttons all submit the discussion's one form (`community/includes/react_form.html`)
and say which comment first: `reaction=<comment id>:<kind>:<on|off>`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from community.comments import services as comments
from community.comments.views import discussion_page, readable_comment, refuse
from community.models import ReactionKind
from community.reactions import services as reactions
from core.htmx import is_htmx

STATES = {"on": True, "off": False}


def _wanted(request: HttpRequest) -> tuple[str, str, str]:
    """(comment id or "", kind, state) from the button that was pressed."""
    parts = request.POST.get("reaction", "").split(":")
    if len(parts) == 3:
        return parts[0].strip(), parts[1], parts[2]
    if len(parts) == 2 and parts[0]:
        return request.POST.get("comment", "").strip(), parts[0], parts[1]
    return (
        request.POST.get("comment", "").strip(),
        request.POST.get("kind", ""),
        request.POST.get("state", ""),
    )


@require_POST
def react(request: HttpRequest, page_id: int) -> HttpResponse:
    page = discussion_page(request, page_id)
    comment_id, kind, state = _wanted(request)
    comment = readable_comment(request, comment_id) if comment_id else None
    try:
        if state not in STATES:
            raise ValidationError(_("Say whether the reaction is to be on or off."))
        reactions.set_reaction(request.user, page, kind, on=STATES[state], comment=comment)
    except (ValidationError, PermissionDenied) as error:
        return refuse(request, error, page=page)
    if is_htmx(request):
        context = {
            "page": page,
            "comment": comment,
            "bar": reactions.bar_for(page, request.user, comment),
            "announcement": _("Your reaction is saved."),
        }
        return render(request, "community/comments/reaction_bar_swap.html", context)
    messages.success(request, _("Your reaction is saved."))
    if comment is not None:
        return redirect(comments.permalink(comment, request))
    return redirect(f"{page.get_url(request) or '/'}#reactions")


@require_GET
def who_reacted(request: HttpRequest, page_id: int) -> HttpResponse:
    """Who reacted to the page (or to `comment`), one kind at a time, 20 names a page."""
    page = discussion_page(request, page_id)
    comment_id = request.GET.get("comment", "").strip()
    comment = readable_comment(request, comment_id) if comment_id else None
    kind = request.GET.get("kind") or ReactionKind.HELPFUL
    try:
        found = reactions.who_reacted(request.user, page, kind, comment)
    except (ValidationError, PermissionDenied) as error:
        return refuse(request, error, page=page)
    page_obj = Paginator(found, reactions.WHO_REACTED_PER_PAGE).get_page(request.GET.get("page"))
    people = [comments.person_name(reaction.user) for reaction in page_obj]
    params = f"kind={kind}" + (f"&comment={comment.pk}" if comment else "")
    context = {
        "page": page,
        "comment": comment,
        "kind": kind,
        "kind_label": ReactionKind(kind).label,
        "kinds": ReactionKind.choices,
        "bar": reactions.bar_for(page, request.user, comment),
        "react_url": comments.url_for("react", page.pk),
        "people": people,
        "page_obj": page_obj,
        "params": params,
    }
    template = (
        "community/comments/who_reacted_list.html"
        if is_htmx(request)
        else ("community/comments/who_reacted.html")
    )
    return render(request, template, context)
