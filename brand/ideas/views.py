"""The idea board over HTTP: submitting, voting, and the status and merge controls of
communications.

The board and idea pages are Wagtail pages (guests get a 404 from their `serve`; their
context comes from brand.ideas.context). Every form works without JavaScript (post, then
redirect with a message); with htmx the vote button is swapped in place. Refusals answer
4xx with a sentence a person understands, and nothing is stored.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from brand.ideas import services as ideas
from brand.ideas.forms import IdeaForm, MergeForm, StatusForm
from brand.ideas.models import IdeaBoardPage, IdeaPage, IdeaStatus
from core.htmx import is_htmx
from core.ids import parse_id
from core.permissions import viewable_pages


# Helpers --------------------------------------------------------------------------------------
def require_ideas(request: HttpRequest) -> None:
    """Guests (and anyone who may not use the board) get a 404: the board is staff-only."""
    if not ideas.can_use_ideas(request.user):
        raise Http404(_("No such page."))


def idea_or_404(request: HttpRequest, idea_id: object) -> IdeaPage:
    number = parse_id(idea_id)
    idea = (
        IdeaPage.objects.live()
        .filter(pk=number, pk__in=viewable_pages(request.user).values("pk"))
        .select_related("merged_into")
        .first()
        if number
        else None
    )
    if idea is None:
        raise Http404(_("No such idea."))
    return idea


def _board_or_404(request: HttpRequest) -> IdeaBoardPage:
    board = (
        IdeaBoardPage.objects.live()
        .filter(pk__in=viewable_pages(request.user).values("pk"))
        .order_by("path")
        .first()
    )
    if board is None:
        raise Http404(_("There is no idea board yet."))
    return board


def _next_url(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback or "/"


def _messages_of(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def refuse(request: HttpRequest, message: str, status: int, idea: Page | None = None):
    return render(
        request,
        "brand/ideas/refused.html",
        {"message": message, "idea": idea},
        status=status,
    )


# Submitting -----------------------------------------------------------------------------------
def _about_page(value: object) -> tuple[Page | None, bool]:
    """The page an `about` value names (any page; the service checks who may see it), and
    whether the value was given at all."""
    if value in (None, ""):
        return None, False
    number = parse_id(value)
    page = Page.objects.filter(pk=number).specific().first() if number else None
    return page, True


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    require_ideas(request)
    board = _board_or_404(request)
    source = request.POST if request.method == "POST" else request.GET
    about_page, about_given = _about_page(source.get("about"))
    about_error = ""
    if about_page is not None or about_given:
        try:
            about_page, _block = ideas.check_about_page(request.user, about_page)
        except ValidationError as error:
            about_page, about_error = None, _messages_of(error)
        else:
            if about_page is None:  # given, but no such page
                about_error = str(ideas.NOT_LINKED)
    sections = ideas.section_choices(about_page)
    status = 200
    if request.method == "POST":
        form = IdeaForm(request.POST, sections=sections)
        if about_error:
            form.add_error(None, about_error)
        if form.is_valid():
            data = form.cleaned_data
            try:
                idea = ideas.submit_idea(
                    request.user,
                    board,
                    title=data["title"],
                    problem=data["problem"],
                    proposal=data["proposal"],
                    about_page=about_page,
                    about_block_id=data.get("section") or "",
                )
            except ideas.RateLimited as error:
                form.add_error(None, str(error))
                status = 429
            except PermissionDenied as error:
                raise Http404(_("No such page.")) from error
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Thank you! Your idea “%(title)s” is on the board, with your vote.")
                    % {"title": idea.title},
                )
                return redirect(idea.get_url(request) or board.get_url(request))
        status = status if status != 200 else 400
    else:
        form = IdeaForm(
            initial={
                "about": about_page.pk if about_page else None,
                "section": source.get("section", ""),
            },
            sections=sections,
        )
    context = {
        "form": form,
        "board": board,
        "about": about_page,
        "about_error": about_error if request.method == "GET" else "",
    }
    return render(request, "brand/ideas/submit.html", context, status=status)


# Voting ---------------------------------------------------------------------------------------
@require_POST
def vote(request: HttpRequest, idea_id: int) -> HttpResponse:
    require_ideas(request)
    idea = idea_or_404(request, idea_id)
    action = request.POST.get("action")
    if action not in ("vote", "unvote"):
        return refuse(request, _("Choose to vote or to withdraw your vote."), 400, idea)
    try:
        if action == "vote":
            target, _changed = ideas.vote(request.user, idea)
            note = _("You voted for “%(title)s”.") % {"title": target.title}
        else:
            target, _changed = ideas.unvote(request.user, idea)
            note = _("You withdrew your vote for “%(title)s”.") % {"title": target.title}
    except PermissionDenied as error:
        raise Http404(_("No such idea.")) from error
    except ValidationError as error:
        return refuse(request, _messages_of(error), 400, idea)
    if is_htmx(request):
        context = {
            "idea": target,
            "vote_count": ideas.vote_count(target),
            "has_voted": action == "vote",
            "can_vote": True,
            "vote_note": note,
            "next_url": request.POST.get("next", ""),
        }
        return render(request, "brand/ideas/vote_button.html", context)
    messages.success(request, note)
    return redirect(_next_url(request, target.get_url(request)))


# Communications: status and merge -------------------------------------------------------------
def _managed_idea(request: HttpRequest, idea_id: int) -> IdeaPage:
    require_ideas(request)
    idea = idea_or_404(request, idea_id)
    if not ideas.can_manage_ideas(request.user):
        raise PermissionDenied(_("Only communications and administrators change ideas."))
    if idea.status == IdeaStatus.MERGED:
        raise Http404(_("This idea was merged; change the idea it was merged into."))
    return idea


@require_POST
def change_status(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = _managed_idea(request, idea_id)
    form = StatusForm(request.POST)
    context = {"idea": idea, "form": form, "action": "status"}
    if form.is_valid():
        data = form.cleaned_data
        if not data["confirm"]:
            context["new_status"] = IdeaStatus(data["status"]).label
            context["voters"] = ideas.vote_count(idea)
            return render(request, "brand/ideas/confirm.html", context)
        try:
            changed = ideas.change_status(request.user, idea, data["status"], data["reason"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if changed:
                messages.success(
                    request,
                    _("“%(title)s” is now %(status)s. Its author and voters are told.")
                    % {"title": idea.title, "status": idea.get_status_display().lower()},
                )
            else:
                messages.info(request, _("Nothing changed: the idea already had that status."))
            return redirect(idea.get_url(request))
    return render(request, "brand/ideas/confirm.html", context, status=400)


@require_POST
def merge(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = _managed_idea(request, idea_id)
    form = MergeForm(request.POST)
    context = {"idea": idea, "form": form, "action": "merge"}
    if form.is_valid():
        data = form.cleaned_data
        into = (
            IdeaPage.objects.live()
            .filter(pk=data["into"], pk__in=viewable_pages(request.user).values("pk"))
            .first()
        )
        if into is None:
            form.add_error("into", _("There is no such idea. Choose one from the list."))
        elif not data["confirm"]:
            context.update(into=ideas.final_target(into), voters=ideas.vote_count(idea))
            return render(request, "brand/ideas/confirm.html", context)
        else:
            try:
                target = ideas.merge_idea(request.user, idea, into)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("“%(title)s” was merged into “%(into)s”; its votes moved there.")
                    % {"title": idea.title, "into": target.title},
                )
                return redirect(target.get_url(request))
    context["merge_candidates"] = list(ideas.merge_candidates(idea))
    return render(request, "brand/ideas/confirm.html", context, status=400)
