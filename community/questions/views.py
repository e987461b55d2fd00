"""Questions and answers over HTTP: ask, answer, vote, accept, promote, list.
`community.questions.services` decides; these views only speak HTTP."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.models import Page

from community import limits
from community.models import Comment
from community.questions import services as questions
from community.questions.forms import AskForm
from community.refusals import add_errors, messages_of, refused
from core.permissions import viewable_pages
from knowledge.models import QuestionPage, SpacePage


def _visible(request: HttpRequest, model, pk: int):
    """A live page of `model` the reader may see; 404 for missing and invisible alike."""
    found = model.objects.live().filter(pk__in=viewable_pages(request.user).values("pk"))
    page = found.filter(pk=pk).first()
    if page is None:
        raise Http404
    return page


def _question(request: HttpRequest, question_id: int) -> QuestionPage:
    return _visible(request, QuestionPage, question_id)


@login_required
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest, parent_id: int) -> HttpResponse:
    parent = _visible(request, Page, parent_id).specific
    if not questions.can_ask(request.user, parent):
        return refused(request, _("You cannot ask a question here."))
    form = AskForm(request.POST or None, initial={"tags": request.GET.get("tags", "")})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                question = questions.ask(
                    request.user,
                    parent,
                    form.cleaned_data["title"],
                    form.cleaned_data["body"],
                    form.cleaned_data["tags"],
                )
            except PermissionDenied as error:
                return refused(request, str(error))
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request, _("Your question is published; experts on its topics are asked.")
                )
                return redirect(question.get_url(request))
        status = 400
    return render(
        request,
        "community/questions/ask.html",
        {"form": form, "parent": parent},
        status=status,
    )


@login_required
@require_POST
def answer(request: HttpRequest, question_id: int) -> HttpResponse:
    question = _question(request, question_id)
    text = request.POST.get("text", "")
    try:
        comment = questions.answer(request.user, question, text)
    except PermissionDenied as error:
        return refused(request, str(error))
    except (ValidationError, limits.RateLimited) as error:
        message = messages_of(error) if isinstance(error, ValidationError) else str(error)
        return render(
            request,
            "community/questions/answer_refused.html",
            {"question": question, "message": message, "text": text},
            status=429 if isinstance(error, limits.RateLimited) else 400,
        )
    messages.success(request, _("Thanks for answering."))
    return redirect(f"{question.get_url(request)}#comment-{comment.pk}")


def _answer(request: HttpRequest, answer_id) -> Comment:
    try:
        answer_id = int(str(answer_id))
    except (TypeError, ValueError):
        raise Http404 from None
    comment = (
        Comment.objects.select_related("page")
        .filter(pk=answer_id, page__in=viewable_pages(request.user).values("pk"))
        .first()
    )
    if comment is None:
        raise Http404
    return comment


@login_required
@require_POST
def vote(request: HttpRequest, answer_id: int) -> HttpResponse:
    answer = _answer(request, answer_id)
    back = f"{answer.page.get_url(request) or '/'}#comment-{answer.pk}"
    try:
        voted = questions.vote(request.user, answer)
    except PermissionDenied as error:
        return refused(request, str(error))
    except ValidationError as error:
        messages.error(request, messages_of(error))
        return redirect(back)
    messages.success(request, _("Vote counted.") if voted else _("Vote withdrawn."))
    return redirect(back)


@login_required
@require_POST
def accept(request: HttpRequest, question_id: int) -> HttpResponse:
    question = _question(request, question_id)
    if not questions.can_accept(request.user, question):
        return refused(
            request,
            _("Only the person who asked, or an owner of this space, can accept an answer."),
        )
    try:
        answer = questions.answer_of(question, request.POST.get("answer"))
        questions.accept(request.user, question, answer)
    except PermissionDenied as error:
        return refused(request, str(error))
    except ValidationError as error:
        return refused(request, messages_of(error), status=400)
    messages.success(request, _("Answer accepted; its author is told."))
    return redirect(question.get_url(request))


@login_required
@require_POST
def promote(request: HttpRequest, question_id: int) -> HttpResponse:
    question = _question(request, question_id)
    space = None
    if request.POST.get("space"):
        try:
            space = SpacePage.objects.filter(pk=int(request.POST["space"])).first()
        except ValueError:
            space = None
        if space is None:
            return refused(request, _("Choose a space for the new page."), status=400)
    try:
        page, created = questions.promote(request.user, question, space)
    except PermissionDenied as error:
        return refused(request, str(error))
    except ValidationError as error:
        return refused(request, messages_of(error), status=400)
    if created:
        messages.success(
            request,
            _("A draft page is ready: check it and submit it to the space's review."),
        )
    else:
        messages.info(request, _("This answer is a page already: here it is."))
    return redirect("wagtailadmin_pages:edit", page.pk)


@login_required
@require_GET
def question_list(request: HttpRequest, parent_id: int) -> HttpResponse:
    parent = _visible(request, Page, parent_id).specific
    found = questions.questions_in(request.user, parent)
    status = request.GET.get("status", "")
    if status == "unanswered":
        found = found.unanswered()
    elif status == "open":
        found = found.open()
    else:
        status = ""
    page_obj = Paginator(found, questions.QUESTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "community/questions/list.html",
        {
            "parent": parent,
            "page_obj": page_obj,
            "status": status,
            "params": f"status={status}" if status else "",
            "can_ask": questions.can_ask(request.user, parent),
        },
    )
