"""Campaigns and announcements over HTTP: the page contexts Wagtail renders, the pulse
answer, the campaign report and its CSV export."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brand.models import CampaignPage
from brand.services import announcements as news
from brand.services import campaigns as service
from core.audit import log_export
from core.policy import Action, policy

INDEX_PAGE_SIZE = 12


# Page contexts (called from the page models' get_context) ------------------------------------
def _page_of(request: HttpRequest, queryset, size: int = INDEX_PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def index_context(request: HttpRequest, index) -> dict:
    """Campaigns for the reader's audience; communications see every live one."""
    user = request.user
    can_report = service.can_run_campaigns(user)
    if can_report:
        campaigns = service.live_campaigns(user).order_by("-first_published_at", "-pk")
    else:
        campaigns = service.campaigns_for(user)
    return {"page_obj": _page_of(request, campaigns), "can_report": can_report}


def campaign_context(request: HttpRequest, campaign: CampaignPage, pulse_error: str = "") -> dict:
    """Everyone on the staff may read a live campaign; only its audience gets the pulse
    and the must-read, and the others are told whom it is for."""
    user = request.user
    standing = service.standing_of(user, campaign)
    return {
        "assets": list(service.visible_assets(campaign)),
        "key_messages": [block.value for block in campaign.key_messages],
        "in_audience": standing.in_audience,
        "not_for_you": "" if standing.in_audience else service.not_for_you(campaign),
        "my_pulse": standing.my_pulse,
        "pulse_choices": service.PULSE_CHOICES,
        "pulse_error": pulse_error,
        "can_report": service.can_run_campaigns(user),
    }


def announcement_index_context(request: HttpRequest, index) -> dict:
    return {"page_obj": _page_of(request, news.announcements_for(request.user))}


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
        context = {"page": campaign, **campaign_context(request, campaign, error), "saved": saved}
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


def _cell(value: object) -> str:
    """Text a spreadsheet will not run as a formula (department names are typed by people)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _number(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


@login_required
def report_csv(request: HttpRequest, page_id: int) -> HttpResponse:
    """The report as CSV: suppressed cells are blank, with "suppressed" in the note."""
    result = _report_for(request, page_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="campaign-{result.campaign.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    writer.writerow(["reach", "audience", result.audience, "", "", "", "", ""])
    writer.writerow(["reach", "reached", result.reached, "", "", "", "", ""])
    if result.acknowledged is not None:
        writer.writerow(["reach", "acknowledged", result.acknowledged, "", "", "", "", ""])
    cells = [result.pulse_overall, *result.pulse_by_department] if result.pulse_overall else []
    for index, cell in enumerate(cells):
        group = "overall" if index == 0 else _cell(cell.label)
        if cell.suppressed:
            note = _("%(marker)s (fewer than %(n)s answers, or could be worked out from them)") % {
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
