"""The review cycle's reader-side views: verifying a page, an owner's pages to review, and
restoring an archived page (POST only; 404 when it is not archived, 403 for others than
its owners)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from core.permissions import viewable_pages
from governance.review import services as review
from knowledge.services import verify_page
from knowledge.views.common import readable_page

PER_PAGE = 25


@require_POST
def verify(request: HttpRequest, page_id: int) -> HttpResponse:
    page = readable_page(request, page_id)
    try:
        verify_page(request.user, page)
    except PermissionDenied as denied:
        messages.error(request, str(denied))
        return redirect(page.url)
    messages.success(request, _("Thank you: the page is marked as verified today."))
    return redirect(page.url)


@login_required
def my_reviews(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own pages that need a review, most overdue first."""
    now = timezone.now()
    pages = (
        review.review_pages(now)
        .live()
        .owned_by(request.user)
        .in_state(*review.NEEDS_ATTENTION)
        .filter(pk__in=viewable_pages(request.user).values("pk"))
        .order_by("next_review_at", "pk")
    )
    page_obj = Paginator(pages, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "knowledge/review/my_reviews.html",
        {"page_obj": page_obj, "states": review.ReviewState, "due_soon_days": review.DUE_SOON_DAYS},
    )


@require_GET
def archive(request: HttpRequest) -> HttpResponse:
    """Archived pages the reader may know of, with why and when, by space (`?space=<id>`)."""
    raw = request.GET.get("space", "")
    if raw and not raw.isdigit():
        return render(
            request,
            "knowledge/review/archive_refused.html",
            {"message": _("Choose a space from the list.")},
            status=400,
        )
    space = int(raw) if raw else None
    spaces = list(review.archive_spaces(request.user))
    if space is not None and space not in {item.pk for item in spaces}:
        space = None  # a space the reader may not read filters nothing: no hint it exists
    page_obj = Paginator(review.archive_for(request.user, space), review.ARCHIVE_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = list(page_obj.object_list)
    return render(
        request,
        "knowledge/review/archive.html",
        {
            "page_obj": page_obj,
            "rows": rows,
            "restorable": review.restorable(request.user, rows),
            "spaces": spaces,
            "space": space,
            "params": f"space={space}" if space else "",
        },
    )


@require_POST
def restore(request: HttpRequest, page_id: int) -> HttpResponse:
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        raise Http404
    restored = review.restore_archived(request.user, page)
    messages.success(request, _("The page is back in its space and published again."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = restored.url or "/"
    return redirect(target)
