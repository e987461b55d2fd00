"""What every reader-facing wiki view shares."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from core.permissions import viewable_pages
from knowledge.models import KnowledgePage


def readable_page(request: HttpRequest, page_id: int) -> KnowledgePage:
    """The live knowledge page, or 404 for missing and private alike (never reveal which)."""
    if not viewable_pages(request.user).filter(pk=page_id).exists():
        raise Http404
    return get_object_or_404(KnowledgePage.objects.live(), pk=page_id)
