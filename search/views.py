from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from wagtail.search.utils import parse_query_string

from core.permissions import viewable_pages

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Full-text search over the pages the reader may see."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        # Parsed into Wagtail's query objects (phrases in quotes, plain terms), never
        # handed raw to the backend: stray brackets or operators are just text.
        _filters, parsed = parse_query_string(query, operator="and")
        matches = viewable_pages(request.user).specific().search(parsed)
        results = Paginator(matches, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "search/search.html", {"query": query, "results": results})
