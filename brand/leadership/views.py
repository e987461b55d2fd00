"""Ask leadership over HTTP: the listing, asking, voting, triage and answering.

Every view first hides the whole area from guests (404: they are not told it exists), then
hands the work to `brand.leadership.services`, which checks permission and validates. A
refusal re-renders the form it came from with the message and status 400 (bad input), 403
(not allowed) or 429 (too fast); nothing is stored.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from brand.leadership import services as leadership
from brand.leadership.models import LeadershipQuestion, QuestionStatus
from community.limits import RateLimited
from core.htmx import is_htmx
from core.ids import parse_id

TABS = [
    ("open", gettext_lazy("Open")),
    ("answered", gettext_lazy("Answered")),
    ("declined", gettext_lazy("Declined")),
]
SORTS = [("votes", gettext_lazy("Most votes")), ("newest", gettext_lazy("Newest"))]
VOTE_STATES = {"on": True, "off": False}
ASKED_ANONYMOUSLY = "asked=anonymously"


class AskForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Your question"),
        max_length=leadership.TITLE_MAX,
        error_messages={"required": gettext_lazy("Write your question first: it is empty.")},
    )
    details = forms.CharField(
        label=gettext_lazy("Details (optional)"),
        required=False,
        max_length=leadership.DETAILS_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Markdown works: **bold**, *italic*, lists and links."),
    )
    anonymous = forms.BooleanField(label=gettext_lazy("Ask anonymously"), required=False)


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    return str(error) or _("You are not allowed to do this.")


def _staff_only(request: HttpRequest) -> None:
    """Guests get a 404 for every leadership URL."""
    if not leadership.can_take_part(request.user):
        raise Http404


def _question(request: HttpRequest, pk: int) -> LeadershipQuestion:
    try:
        return leadership.question_for(request.user, pk)
    except LeadershipQuestion.DoesNotExist as error:
        raise Http404 from error


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# Listing and asking -------------------------------------------------------------------------
@login_required
@require_GET
def question_list(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    tab = request.GET.get("tab", "open")
    tab = tab if tab in dict(TABS) else "open"
    sort = request.GET.get("sort", "votes")
    sort = sort if sort in dict(SORTS) else "votes"
    page_obj = Paginator(leadership.listing(request.user, tab, sort), leadership.PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "tabs": TABS,
        "sorts": SORTS,
        "tab": tab,
        "sort": sort,
        "page_obj": page_obj,
        "params": f"tab={tab}&sort={sort}",
        "can_triage": leadership.can_triage(request.user),
        "form": AskForm(),
    }
    return render(request, "brand/leadership/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    if request.method == "GET":
        return render(request, "brand/leadership/ask.html", {"form": AskForm()})
    form = AskForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            question = leadership.ask(request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        except RateLimited as error:
            form.add_error(None, str(error))
            status = 429
        except PermissionDenied as error:
            form.add_error(None, _error_text(error))
            status = 403
        else:
            if question.anonymous:
                # Said by the page it lands on, not by a message: a message that does not
                # fit in its cookie is saved in the session row, dated to the second.
                return redirect(f"{leadership.url_of(question)}?{ASKED_ANONYMOUSLY}")
            messages.success(request, _("Your question is posted."))
            return redirect(leadership.url_of(question))
    return render(request, "brand/leadership/ask.html", {"form": form}, status=status)


# One question -------------------------------------------------------------------------------
def _detail(
    request: HttpRequest,
    question: LeadershipQuestion,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> HttpResponse:
    user = request.user
    triage = leadership.can_triage(user)
    open_ = question.status not in leadership.CLOSED
    can_answer = open_ and leadership.can_answer(user, question)
    show_answer_form = can_answer and (
        question.status != QuestionStatus.ANSWERED or request.GET.get("edit") == "answer"
    )
    context = {
        "question": question,
        "can_triage": triage and open_,
        "can_answer": can_answer,
        "show_answer_form": show_answer_form or bool(errors and "answer" in errors),
        "can_assign": triage and open_ and question.status != QuestionStatus.ANSWERED,
        "leaders": leadership.leader_suggestions() if triage and open_ else [],
        "targets": leadership.merge_targets(question) if triage and open_ else [],
        "errors": errors or {},
        "values": values or {},
        "merged_from": question.merged_questions.only("pk", "title")[:50] if triage else [],
        "just_asked": question.anonymous and request.GET.get("asked") == "anonymously",
    }
    return render(request, "brand/leadership/detail.html", context, status=status)


@login_required
@require_GET
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    return _detail(request, _question(request, pk))


@login_required
@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    question = _question(request, pk)
    state = request.POST.get("state", "")
    try:
        if state not in VOTE_STATES:
            raise ValidationError(_("Say whether your vote is to be on or off."))
        leadership.set_vote(request.user, question, on=VOTE_STATES[state])
    except (ValidationError, PermissionDenied) as error:
        status = 403 if isinstance(error, PermissionDenied) else 400
        if is_htmx(request):
            return render(
                request,
                "brand/leadership/vote_error.html",
                {"message": _error_text(error)},
                status=status,
            )
        return _detail(request, question, status=status, errors={"vote": _error_text(error)})
    target = leadership.question_for(request.user, leadership.vote_target(question).pk)
    if is_htmx(request):
        return render(
            request,
            "brand/leadership/vote_button.html",
            {"question": target, "announce": True},
        )
    if target.pk != question.pk:
        messages.info(
            request,
            _("That question was merged into this one, so your vote counts here."),
        )
        return redirect(leadership.url_of(target))
    return redirect(_back(request, leadership.url_of(question)))


def _act(request: HttpRequest, pk: int, form_name: str, action, done: str) -> HttpResponse:
    """Run one triage or answer action; on refusal show the question again with the
    message beside the form it came from."""
    _staff_only(request)
    question = _question(request, pk)
    try:
        action(question)
    except ValidationError as error:
        values = {key: request.POST.get(key, "") for key in ("leader", "reason", "answer")}
        return _detail(
            request, question, status=400, errors={form_name: _error_text(error)}, values=values
        )
    except PermissionDenied as error:
        return render(
            request,
            "brand/leadership/refused.html",
            {"message": _error_text(error), "question": question},
            status=403,
        )
    messages.success(request, done)
    return redirect(leadership.url_of(question))


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    publish = request.POST.get("action", "publish") == "publish"

    def action(question):
        leadership.save_answer(
            request.user, question, request.POST.get("answer", ""), publish=publish
        )

    done = _("The answer is published.") if publish else _("Your draft answer is saved.")
    return _act(request, pk, "answer", action, done)


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    def action(question):
        if not leadership.can_triage(request.user):
            raise PermissionDenied(_("Only communications can triage questions to leadership."))
        leader = leadership.find_leader(request.POST.get("leader", ""))
        leadership.assign(request.user, question, leader)

    return _act(request, pk, "assign", action, _("The question is assigned."))


@login_required
@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    def action(question):
        leadership.decline(request.user, question, request.POST.get("reason", ""))

    return _act(request, pk, "decline", action, _("The question is declined."))


@login_required
@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    def action(question):
        if not leadership.can_triage(request.user):
            raise PermissionDenied(_("Only communications can triage questions to leadership."))
        number = parse_id(request.POST.get("target", ""))
        target = LeadershipQuestion.objects.filter(pk=number).first() if number else None
        if target is None:
            raise ValidationError(_("Choose the question to merge this one into."))
        leadership.merge(request.user, question, target)

    return _act(request, pk, "merge", action, _("The question is merged."))
