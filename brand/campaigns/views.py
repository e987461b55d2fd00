"""Campaigns over HTTP: the pulse answer, the campaign report and its CSV export (the
pages' context is brand.campaigns.context)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from brand.campaigns import services as service
from brand.campaigns.context import campaign_context
from brand.campaigns.models import CampaignPage
from core.audit import log_export
from core.csv_export import csv_download, formula_safe
from core.policy import Action, policy


# Reader actions -------------------------------------------------------------------------------
@login_required
@require_POST
def answer_pulse(request: HttpRequest, page_id: int) -> HttpResponse:
    """Answer (or change the answer to) a campaign's pulse question; without JavaScript a
    redirect back, with htmx the panel alone. A bad value: the page again, with the message,
    and status 400; someone outside the audience: the page with the reason, status 403
    (htmx reads the reason from it); nothing stored either way."""
    try:
        campaign = service.readable_campaign(request.user, page_id)
    except CampaignPage.DoesNotExist as missing:
        raise Http404 from missing
    try:
        service.answer_pulse(request.user, campaign, request.POST.get("value"))
    except ValidationError as error:
        return _pulse_response(request, campaign, " ".join(error.messages), status=400)
    except PermissionDenied as error:
        return _refused(request, campaign, " ".join(error.args))
    if request.headers.get("HX-Request"):
        return _pulse_response(request, campaign, "", status=200, saved=True)
    messages.success(request, _("Thank you: your answer is saved. You can change it any time."))
    return redirect(f"{campaign.url}#pulse")


def _pulse_response(
    request: HttpRequest, campaign: CampaignPage, error: str, *, status: int, saved: bool = False
) -> HttpResponse:
    if request.headers.get("HX-Request"):
        context = {
            "page": campaign,
            **campaign_context(campaign, request.user, request.GET),
            "pulse_error": error,
            "saved": saved,
        }
        return TemplateResponse(
            request, "brand/campaigns/includes/pulse.html", context, status=status
        )
    context = campaign.get_context(request)
    context["pulse_error"] = error
    return TemplateResponse(request, campaign.get_template(request), context, status=status)


def _refused(request: HttpRequest, campaign: CampaignPage, reason: str) -> HttpResponse:
    """The whole page, even for htmx: its [role=alert] is where hearth.js finds the reason."""
    context = campaign.get_context(request)
    context["pulse_refused"] = reason
    return TemplateResponse(request, campaign.get_template(request), context, status=403)


# The report ---------------------------------------------------------------------------------
def _report_for(request: HttpRequest, page_id: int) -> service.CampaignReport:
    """Guests: 404 (they are not told campaigns exist); other non-communications: 403."""
    if request.user.is_authenticated and not policy.user_has_permission(request.user, Action.STAFF):
        raise Http404
    if not service.can_run_campaigns(request.user):
        raise PermissionDenied(
            _("Only communications and administrators can see campaign reports.")
        )
    campaign = get_object_or_404(CampaignPage, pk=page_id)
    granularity = request.GET.get("by", "day")
    return service.campaign_report(request.user, campaign, granularity=granularity)


@login_required
def report(request: HttpRequest, page_id: int) -> HttpResponse:
    result = _report_for(request, page_id)
    context = {"report": result, "page": result.campaign, "chart": result.chart}
    return TemplateResponse(request, "brand/campaigns/report.html", context)


SUPPRESSED = "suppressed"
CSV_COLUMNS = [
    "section",
    "group",
    "count",
    "average",
    "favourable_percent",
    "comments",
    "reactions",
    "note",
]


def _number(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


@login_required
def report_csv(request: HttpRequest, page_id: int) -> HttpResponse:
    """The report as CSV: suppressed cells are blank, with "suppressed" in the note."""
    result = _report_for(request, page_id)
    response, writer = csv_download(f"campaign-{result.campaign.pk}.csv", CSV_COLUMNS)
    writer.writerow(["reach", "audience", result.audience, "", "", "", "", ""])
    writer.writerow(["reach", "reached", result.reached, "", "", "", "", ""])
    if result.acknowledged is not None:
        writer.writerow(["reach", "acknowledged", result.acknowledged, "", "", "", "", ""])
    cells = [result.pulse_overall, *result.pulse_by_department] if result.pulse_overall else []
    for index, cell in enumerate(cells):
        group = "overall" if index == 0 else formula_safe(cell.label)
        if cell.suppressed:
            note = ngettext(
                "%(marker)s (fewer than %(n)s answer, or could be worked out from them)",
                "%(marker)s (fewer than %(n)s answers, or could be worked out from them)",
                result.min_group,
            ) % {
                "marker": SUPPRESSED,
                "n": result.min_group,
            }
            writer.writerow(["pulse", group, "", "", "", "", "", note])
        else:
            values = cell.values or {}
            writer.writerow(
                [
                    "pulse",
                    group,
                    cell.respondents,
                    _number(values.get("average")),
                    _number(values.get("favourable"), 0),
                    "",
                    "",
                    "",
                ]
            )
    for period in result.chart.periods:
        writer.writerow(
            [
                "activity",
                period.start.isoformat(),
                "",
                "",
                "",
                period.comments,
                period.reactions,
                "",
            ]
        )
    log_export(request, response, instance=result.campaign)
    return response
