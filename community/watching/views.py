"""Watch and unwatch a page or a space: a plain form, updated in place with htmx."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from community.watching import services as watching
from core.permissions import can_view_page


@require_POST
def toggle_watch(request: HttpRequest, page_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        raise PermissionDenied(_("Sign in to watch pages."))
    page = get_object_or_404(Page, pk=page_id)
    if not can_view_page(request.user, page):
        raise Http404(_("No such page."))
    action = request.POST.get("action")
    if action not in ("watch", "unwatch"):
        return HttpResponseBadRequest(_("Choose to watch or to stop watching."))
    try:
        if action == "watch":
            watching.watch(request.user, page)
            note = _("You are watching “%(title)s”.") % {"title": page.title}
        else:
            watching.unwatch(request.user, page)
            note = _("You stopped watching “%(title)s”.") % {"title": page.title}
    except PermissionDenied as denied:
        raise Http404(_("No such page.")) from denied
    if request.headers.get("HX-Request"):
        context = {
            "page": page,
            "watch_note": note,
            **watching.page_context(page, request.user, request.GET),
        }
        return render(request, "community/includes/watch_button.html", context)
    messages.success(request, note)
    return redirect(page.get_url(request) or "/")
