"""Pilots over HTTP (/insights/pilots/): the list, the form, the pilot's page, its PDF and
its tables as CSV or JSON. `insights.pilots.services` decides who may do what (403 for
anyone without the insights permission); views only speak HTTP."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.csv_export import csv_download, formula_safe
from insights.pilots import charts, choices, services, tables
from insights.pilots.forms import PilotForm, TargetFormSet
from insights.pilots.models import Pilot
from insights.pilots.pdf import render_pdf

PER_PAGE = 20


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@require_GET
def pilot_list(request: HttpRequest) -> HttpResponse:
    pilots = services.pilots_for(request.user)
    page_obj = Paginator(pilots, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "insights/pilots/list.html",
        {"page_obj": page_obj, "may_add": services.may_add(request.user)},
    )


def _form_page(request: HttpRequest, pilot: Pilot | None) -> HttpResponse:
    instance = pilot or Pilot()
    data = request.POST if request.method == "POST" else None
    form = PilotForm(request.user, data, instance=instance)
    targets = TargetFormSet(data, instance=instance, prefix="targets")
    status = 200
    if request.method == "POST":
        if form.is_valid() and targets.is_valid() and targets.check_population(form.population()):
            saved = services.save_pilot(request.user, form, targets)
            return redirect("insights_pilots:detail", pk=saved.pk)
        status = 400
    return render(
        request,
        "insights/pilots/form.html",
        {"form": form, "targets": targets, "pilot": pilot},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def pilot_create(request: HttpRequest) -> HttpResponse:
    _require(services.may_add(request.user))
    return _form_page(request, None)


@require_http_methods(["GET", "POST"])
def pilot_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require(services.may_change(request.user))
    return _form_page(request, get_object_or_404(Pilot, pk=pk))


def _report(request: HttpRequest, pk: int) -> services.PilotReport:
    _require(services.may_view(request.user))
    pilot = get_object_or_404(Pilot.objects.prefetch_related("targets"), pk=pk)
    return services.pilot_report(request.user, pilot)


def _context(request: HttpRequest, report: services.PilotReport, pdf: bool = False) -> dict:
    drawn = []
    for row in report.rows:
        label = str(row.measure.label)
        drawn.append(
            {
                "row": row,
                "chart": charts.weekly_chart(
                    row.after,
                    _("%(measure)s per week: the pilot's people and everyone else")
                    % {"measure": label},
                    testid=f"chart-{row.measure.key}",
                )
                if row.after
                else None,
            }
        )
    scope = choices.scope_pages(request.user).filter(pk__in=report.pilot.scope.values("pk"))
    return {
        "report": report,
        "pilot": report.pilot,
        "drawn": drawn,
        "scope": scope,
        "tables": {name.replace("-", "_"): tables.table(report, name) for name in tables.TABLES},
        "may_change": services.may_change(request.user),
        "pdf": pdf,
        "urls": {}
        if pdf
        else {
            f"{name.replace('-', '_')}_{format}": reverse(
                "insights_pilots:table", args=[report.pilot.pk, name, format]
            )
            for name in tables.TABLES
            for format in ("csv", "json")
        },
    }


@require_GET
def pilot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return render(request, "insights/pilots/detail.html", _context(request, report))


@require_GET
def pilot_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    response = HttpResponse(
        render_pdf(_context(request, report, pdf=True)), content_type="application/pdf"
    )
    name = slugify(report.pilot.name) or "pilot"
    response["Content-Disposition"] = f'attachment; filename="{name}-report.pdf"'
    return response


@require_GET
def pilot_table(request: HttpRequest, pk: int, name: str, format: str) -> HttpResponse:
    if name not in tables.TABLES or format not in ("csv", "json"):
        raise Http404
    report = _report(request, pk)
    columns, rows = tables.table(report, name)
    filename = f"{slugify(report.pilot.name) or 'pilot'}-{name}"
    if format == "json":
        response = JsonResponse(
            {
                "pilot": report.pilot.name,
                "table": name,
                "threshold": report.threshold,
                "columns": columns,
                "rows": [dict(zip(columns, row, strict=True)) for row in rows],
            },
            encoder=DjangoJSONEncoder,
            json_dumps_params={"ensure_ascii": False},
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
        return response
    response, writer = csv_download(f"{filename}.csv", columns)
    for row in rows:
        writer.writerow([formula_safe(value) for value in row])
    return response
