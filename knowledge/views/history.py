"""A knowledge page's history for readers: published versions, old versions, comparisons.

Every view first asks `readable_page`, so a private page answers 404 here as everywhere,
then only accepts revisions that were published: a draft id in the address is a 404 too.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Revision

from core.ids import parse_id
from knowledge.history import (
    VERSIONS_PER_PAGE,
    can_restore,
    compare_versions,
    published_revisions,
    published_versions,
    restore_version,
    snapshot,
)
from knowledge.models import KnowledgePage
from knowledge.views.common import readable_page


def _published_or_404(page: KnowledgePage, revision_id: int) -> Revision:
    revision = published_revisions(page, [revision_id]).get(revision_id)
    if revision is None:
        raise Http404
    return revision


@require_GET
def history(request: HttpRequest, page_id: int) -> HttpResponse:
    page = readable_page(request, page_id)
    page_obj = Paginator(published_versions(page), VERSIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "knowledge/history/history.html", {"page": page, "page_obj": page_obj})


@require_GET
def version(request: HttpRequest, page_id: int, revision_id: int) -> HttpResponse:
    page = readable_page(request, page_id)
    revision = _published_or_404(page, revision_id)
    context = {
        "page": page,
        "revision": revision,
        "snapshot": snapshot(page, revision),
        "is_current": revision.pk == page.live_revision_id,
        # Restoring the newest revision would only copy it; offer it for the others.
        "can_restore": revision.pk != page.latest_revision_id and can_restore(request.user, page),
    }
    return render(request, "knowledge/history/version.html", context)


@require_GET
def compare(request: HttpRequest, page_id: int, old: int, new: int) -> HttpResponse:
    page = readable_page(request, page_id)
    revisions = published_revisions(page, [old, new])
    if old not in revisions or new not in revisions:
        raise Http404
    context = {"page": page, "old": revisions[old], "new": revisions[new]}
    if old == new:
        return render(request, "knowledge/history/same_version.html", context)
    context["comparison"] = compare_versions(page, revisions[old], revisions[new])
    return render(request, "knowledge/history/compare.html", context)


@require_GET
def compare_form(request: HttpRequest, page_id: int) -> HttpResponse:
    """The history page's form: pick two versions, land on the comparison's own address.

    The two columns are easy to mix up and a comparison reads forwards in time, so the
    older revision (the lower id) always comes first.
    """
    page = readable_page(request, page_id)
    first = parse_id(request.GET.get("from"))
    second = parse_id(request.GET.get("to"))
    if first is None or second is None:
        return render(request, "knowledge/history/bad_compare.html", {"page": page}, status=400)
    old, new = sorted((first, second))
    return redirect("knowledge:compare", page_id=page.pk, old=old, new=new)


@require_POST
def restore(request: HttpRequest, page_id: int, revision_id: int) -> HttpResponse:
    page = readable_page(request, page_id)
    revision = _published_or_404(page, revision_id)
    if not can_restore(request.user, page):
        raise PermissionDenied
    back = reverse("knowledge:version", kwargs={"page_id": page.pk, "revision_id": revision.pk})
    try:
        restore_version(request.user, page, revision)
    except PermissionDenied as refused:  # the page is locked
        messages.error(request, str(refused))
        return redirect(back)
    except ValidationError as invalid:
        messages.error(
            request,
            _("This version can no longer be restored as it is: %(problem)s")
            % {"problem": " ".join(invalid.messages)},
        )
        return redirect(back)
    messages.success(
        request,
        _(
            "The old version is now the page's newest draft. Check it, then publish it or "
            "submit it for review as usual."
        ),
    )
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
