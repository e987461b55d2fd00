"""The vision hub over HTTP: answering a statement's feedback, and its results (screen,
CSV, JSON); the hub's and statements' page context is brand.vision.context.

Guests and people who may not read a statement get a 404 (they are not told it exists);
people who may read it but not see its results get a 403. Bad input is a 400 with a
message, and nothing is stored. The work happens in `brand.vision.services`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from brand.vision import services as vision
from brand.vision.forms import FeedbackForm, ResultsFilterForm
from brand.vision.suppression import Cell
from core.audit import log_export
from core.csv_export import csv_download, formula_safe


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    return str(error) or _("You are not allowed to do this.")


# Answering -------------------------------------------------------------------------------
@login_required
@require_POST
def feedback(request: HttpRequest, page_id: int) -> HttpResponse:
    statement = vision.readable_statement(request.user, page_id)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            vision.give_feedback(request.user, statement, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Thank you: your answer is saved."))
            return redirect(f"{statement.url}#feedback")
    context = statement.get_context(request)
    context["feedback_form"] = form
    return TemplateResponse(request, statement.get_template(request), context, status=400)


# Results ---------------------------------------------------------------------------------
def _results_for(request: HttpRequest, page_id: int):
    """(statement, results, filter form) or an HTTP error response for bad filters."""
    statement = vision.readable_statement(request.user, page_id)
    vision.check_can_see_results(request.user, statement)
    form = ResultsFilterForm(request.GET)
    if not form.is_valid():
        return statement, None, form
    results = vision.statement_results(
        request.user, statement, form.filters(), form.cleaned_data.get("period") or None
    )
    return statement, results, form


def _bad_filters(request, statement, form) -> HttpResponse:
    return render(
        request,
        "brand/vision/bad_request.html",
        {"statement": statement, "form": form},
        status=400,
    )


@login_required
@require_GET
def results(request: HttpRequest, page_id: int) -> HttpResponse:
    statement, outcome, form = _results_for(request, page_id)
    if outcome is None:
        return _bad_filters(request, statement, form)
    paginator = Paginator(vision.comments_page_queryset(outcome), vision.COMMENTS_PER_PAGE)
    query = outcome.filters.querystring()
    if form.cleaned_data.get("period"):
        query = "&".join(part for part in (query, f"period={outcome.period}") if part)
    context = {
        "statement": statement,
        "results": outcome,
        "form": form,
        "page_obj": paginator.get_page(request.GET.get("page")),
        "params": query,
        "export_query": f"?{query}" if query else "",
        "questions": vision.QUESTIONS,
    }
    return render(request, "brand/vision/results.html", context)


CSV_COLUMNS = [
    "section",
    "group",
    "respondents",
    "understand_mean",
    "agree_mean",
    "contribute_mean",
    "answers",
    "suppressed",
    "comment",
]


def _csv_row(section: str, cell: Cell) -> list:
    if cell.suppressed:
        return [section, formula_safe(cell.label), "", "", "", "", "", "suppressed", ""]
    values = cell.values or {}
    means = [_mean(values.get(f"avg_{name}")) for name in vision.QUESTION_NAMES]
    answers = values.get("answers")
    return [
        section,
        formula_safe(cell.label),
        cell.respondents,
        *means,
        "" if answers is None else int(answers),
        "",
        "",
    ]


def _mean(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


@login_required
@require_GET
def results_csv(request: HttpRequest, page_id: int) -> HttpResponse:
    statement, outcome, form = _results_for(request, page_id)
    if outcome is None:
        return HttpResponse(_error_text(ValidationError(form.errors.as_text())), status=400)
    response, writer = csv_download(f"statement-{statement.pk}.csv", CSV_COLUMNS)
    writer.writerow(_csv_row("overall", outcome.overall))
    for distribution in outcome.distribution:
        for score, count, _share in distribution.rows:
            writer.writerow(
                [f"distribution:{distribution.name}", score, count, "", "", "", "", "", ""]
            )
    for section, _label, cells in outcome.breakdowns:
        for cell in cells:
            writer.writerow(_csv_row(section, cell))
    for cell in outcome.trend:
        writer.writerow(_csv_row(f"trend:{outcome.period}", cell))
    for row in vision.comments_page_queryset(outcome).iterator():
        writer.writerow(
            [
                "comment",
                row["answered_at"].strftime("%Y-%m"),
                *[""] * 6,
                formula_safe(row["comment"]),
            ]
        )
    log_export(request, response, instance=statement)
    return response


@login_required
@require_GET
def results_json(request: HttpRequest, page_id: int) -> HttpResponse:
    try:
        statement, outcome, form = _results_for(request, page_id)
    except PermissionDenied as error:
        return JsonResponse({"error": _error_text(error)}, status=403)
    if outcome is None:
        return JsonResponse({"error": form.errors.get_json_data()}, status=400)
    data = vision.results_as_dict(outcome)
    paginator = Paginator(vision.comments_page_queryset(outcome), vision.COMMENTS_PER_PAGE)
    comments = paginator.get_page(request.GET.get("page"))
    data["comments"] = {
        "visible": outcome.comments_visible,
        "page": comments.number,
        "pages": paginator.num_pages,
        "count": paginator.count if outcome.comments_visible else None,
        "results": [
            {"comment": row["comment"], "month": row["answered_at"].strftime("%Y-%m")}
            for row in comments.object_list
        ],
    }
    data["links"] = {
        "results": request.build_absolute_uri(reverse("brand:statement_results", args=[page_id])),
        "statement": statement.full_url,
    }
    return JsonResponse(data)
