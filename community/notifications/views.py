"""The notification centre, its header count, email settings and one-click unsubscribe."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community.models import EmailFrequency, Notification
from community.notifications import services as service
from community.notifications.forms import NotificationSettingsForm
from core.htmx import is_htmx

PER_PAGE = 20
CHANGED = "notifications-changed"  # htmx event: the header count refreshes on it


def _list_context(request: HttpRequest) -> dict:
    paginator = Paginator(service.visible_notifications(request.user), PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return {
        "page_obj": page_obj,
        "items": [service.describe(row) for row in page_obj.object_list],
        "has_unread": any(row.read_at is None for row in page_obj.object_list),
    }


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    return render(request, "community/notifications/list.html", _list_context(request))


@login_not_required
@never_cache
@require_GET
def unread_count(request: HttpRequest) -> HttpResponse:
    """The header badge, polled by htmx. Signed out: 204, so nothing is swapped in."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    return render(
        request,
        "community/notifications/count.html",
        {"unread_count": service.unread_count(request.user)},
    )


def _find(request: HttpRequest, pk: int) -> Notification:
    try:
        return service.get_for_user(request.user, pk)
    except Notification.DoesNotExist as missing:
        raise Http404(_("No such notification.")) from missing


@login_required
@require_GET
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link: mark it read, then go where it points."""
    notification = _find(request, pk)
    service.mark_read(request.user, notification.pk)
    return redirect(service.target_url(notification, request))


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = service.mark_read(request.user, _find(request, pk).pk)
    if is_htmx(request):
        response = render(
            request,
            "community/notifications/item.html",
            {"item": service.describe(notification)},
        )
        response["HX-Trigger"] = CHANGED
        return response
    messages.success(request, _("Marked as read."))
    return redirect(_back_to_list(request))


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = service.mark_all_read(request.user)
    if is_htmx(request):
        response = render(request, "community/notifications/region.html", _list_context(request))
        response["HX-Trigger"] = CHANGED
        return response
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect(_back_to_list(request))


def _back_to_list(request: HttpRequest) -> str:
    url = reverse("community:notifications")
    number = request.POST.get("page", "")
    return f"{url}?page={number}" if number.isdigit() else url


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = NotificationSettingsForm(request.POST)
        if form.is_valid():
            try:
                service.set_email_frequency(request.user, form.cleaned_data["email_frequency"])
            except ValidationError as error:
                form.add_error("email_frequency", error)
            else:
                messages.success(request, _("Your email settings are saved."))
                return redirect("community:notification_settings")
        return render(request, "community/notifications/settings.html", {"form": form}, status=400)
    form = NotificationSettingsForm(
        initial={"email_frequency": service.email_frequency(request.user)}
    )
    return render(request, "community/notifications/settings.html", {"form": form})


@login_not_required
@csrf_exempt  # the signed token is the authority; mail clients POST it without a session
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe (RFC 8058): GET shows a confirmation, POST stops the emails."""
    try:
        person = service.user_for_unsubscribe_token(token)
    except ValidationError as error:
        return render(
            request,
            "community/notifications/unsubscribe_invalid.html",
            {"message": error.messages[0]},
            status=HttpResponseBadRequest.status_code,
        )
    if request.method == "POST":
        service.set_email_frequency(person, EmailFrequency.NEVER)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(_("You will no longer receive notification emails."))
        return redirect("community:unsubscribe", token=token)
    frequency = service.email_frequency(person)
    return render(
        request,
        "community/notifications/unsubscribe.html",
        {"done": frequency == EmailFrequency.NEVER, "email": person.email},
    )
