"""The dashboard over HTTP: the page (/insights/) and each table as CSV or JSON
(/insights/table/<key>/?format=csv|json), for the people the policy lets in (a 403 page
for anyone else; the sign-in wall sends anonymous people to sign in). A bad question is
the form's error with a 400; nothing is stored."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.policy import Action, policy
from insights.dashboard import charts, exports, figures, sections
from insights.dashboard.forms import BY_LABELS, ExportForm, PeriodForm
from insights.queries import BadQuery


def _refused(request: HttpRequest) -> HttpResponse | None:
    if policy.user_has_permission(request.user, Action.VIEW_INSIGHTS):
        return None
    return render(
        request,
        "insights/dashboard/refused.html",
        {
            "message": _(
                "The insights dashboard is for sponsors, communications and administrators."
            )
        },
        status=403,
    )


def _bad(request: HttpRequest, form, message: str = "") -> HttpResponse:
    return render(
        request,
        "insights/dashboard/dashboard.html",
        {
            "form": form,
            "message": message,
            "sections": [],
            "suppressed_text": figures.suppressed_text(),
        },
        status=400,
    )


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    refusal = _refused(request)
    if refusal:
        return refusal
    form = PeriodForm(request.GET or None)
    if request.GET and not form.is_valid():
        return _bad(request, form)
    question = form.cleaned_data if form.is_bound else _default(form)
    shown = sections.shown()
    try:
        tables = figures.build(
            [figure for _section, chosen in shown for figure in chosen],
            question["period"],
            question["by"],
            user=request.user,
        )
    except BadQuery as error:
        return _bad(request, form, str(error))
    content = []
    for section, chosen in shown:
        items = []
        for figure in chosen:
            table = tables[figure.key]
            items.append(
                {
                    "table": table,
                    "trend": charts.trend(table, f"trend-{figure.key}"),
                    "bars": charts.bars(table, f"bars-{figure.key}", BY_LABELS[table.by]),
                    "csv": form_query(form, figure.key, "csv"),
                    "json": form_query(form, figure.key, "json"),
                }
            )
        content.append({"section": section, "figures": items})
    period = question["period"]
    return render(
        request,
        "insights/dashboard/dashboard.html",
        {
            "form": form,
            "sections": content,
            "period": period,
            "previous_period": period.previous(),
            "by_label": BY_LABELS[question["by"]],
            "suppressed_text": figures.suppressed_text(),
        },
    )


def _default(form: PeriodForm) -> dict:
    """The question of a bare /insights/: the default preset, by department."""
    unbound = PeriodForm({}, today=form.today)
    unbound.is_valid()
    return unbound.cleaned_data


def form_query(form: PeriodForm, key: str, fmt: str) -> str:
    query = form.query(format=fmt) if form.is_bound else f"format={fmt}"
    return f"{reverse('insights:table', args=[key])}?{query}"


@require_GET
def table(request: HttpRequest, key: str) -> HttpResponse:
    refusal = _refused(request)
    if refusal:
        return refusal
    figure = sections.find(key)
    form = ExportForm(request.GET)
    if figure is None or not form.is_valid():
        if figure is None:
            message = _("There is no table called “%(key)s”.") % {"key": key}
        else:
            message = " ".join(
                _("Format: %(error)s") % {"error": error} for error in form.errors.get("format", [])
            )
        return _bad(request, form, message)
    question = form.cleaned_data
    try:
        built = figures.build([figure], question["period"], question["by"])[figure.key]
    except BadQuery as error:
        return _bad(request, form, str(error))
    if question["format"] == "json":
        return exports.as_json(built)
    return exports.as_csv(built)
