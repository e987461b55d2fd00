"""Must-read pages over HTTP: the audience form, acknowledging, and the owner's report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.audit import log_export
from core.csv_export import csv_download, formula_safe
from core.permissions import may_govern
from knowledge import mustread
from knowledge.forms_mustread import MustReadForm
from knowledge.models import MustRead
from knowledge.views.common import readable_page


def _error_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


@login_required
@require_http_methods(["GET", "POST"])
def must_read_form(request: HttpRequest, page_id: int) -> HttpResponse:
    page = readable_page(request, page_id)
    if not may_govern(request.user, page):
        raise PermissionDenied(mustread.MAY_NOT_SET)
    current = MustRead.objects.filter(page=page).first()
    status = 200
    if request.method == "POST" and request.POST.get("action") == "deactivate":
        mustread.deactivate_must_read(request.user, page)
        messages.success(request, _("This page is no longer a must-read."))
        return redirect(page.url)
    if request.method == "POST":
        form = MustReadForm(request.POST)
        if form.is_valid():
            try:
                mustread.set_must_read(request.user, page, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, _error_text(error))
            else:
                messages.success(request, _("This page is now a must-read for its audience."))
                return redirect(page.url)
        status = 400
    else:
        form = MustReadForm(initial=MustReadForm.initial_for(current))
    context = {"page": page, "form": form, "must_read": current}
    return render(request, "knowledge/mustread/form.html", context, status=status)


@login_required
@require_POST
def acknowledge(request: HttpRequest, page_id: int) -> HttpResponse:
    page = readable_page(request, page_id)
    seen = request.POST.get("revision", "")
    if seen and seen != str(page.live_revision_id):
        # The reader was looking at an older version; they have not read this one yet.
        messages.warning(
            request, _("This page was updated while you were reading it. Please read it again.")
        )
        return redirect(page.url)
    try:
        mustread.acknowledge(request.user, page)
    except (PermissionDenied, ValidationError) as error:
        text = _error_text(error) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
        return redirect(page.url)
    messages.success(request, _("Thank you: your acknowledgement is recorded."))
    return redirect(page.url)


@login_required
def report(request: HttpRequest, page_id: int) -> HttpResponse:
    page = readable_page(request, page_id)
    result = mustread.acknowledgement_report(request.user, page)
    paginator = Paginator(result.audience, mustread.REPORT_PAGE_SIZE)
    context = {
        "page": page,
        "report": result,
        "page_obj": paginator.get_page(request.GET.get("page")),
    }
    return render(request, "knowledge/mustread/report.html", context)


CSV_COLUMNS = [
    "name",
    "username",
    "department",
    "level",
    "location",
    "acknowledged_at",
    "revision",
    "counts",
    "in_audience",
]


@login_required
def report_csv(request: HttpRequest, page_id: int) -> HttpResponse:
    page = readable_page(request, page_id)
    result = mustread.acknowledgement_report(request.user, page)
    response, writer = csv_download(f"acknowledgements-{page.pk}.csv", CSV_COLUMNS)
    for row in result.rows:
        writer.writerow(
            [
                formula_safe(row.name),
                formula_safe(row.username),
                formula_safe(row.department),
                formula_safe(row.level),
                formula_safe(row.location),
                row.acknowledged_at.isoformat() if row.acknowledged_at else "",
                row.revision_id or "",
                "yes" if row.counts else "no",
                "yes" if row.in_audience else "no",
            ]
        )
    log_export(request, response, instance=page)
    return response
