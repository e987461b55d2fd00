"""A 503 with a message, not a 500, wherever the search engine fails in a request.

Hearth's own search views answer an outage themselves (search/views.py). Wagtail's search
paths (the admin's page search and choosers, the API's `?search=`) call the engine through
Wagtail's backend: when it is down their client error would reach the handler as a 500
with a stack trace. This turns it into the same answer as ours: 503, the message, logged
once.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from search.outage import ENGINE_ERRORS, UNAVAILABLE_MESSAGE, SearchUnavailable, describe, logger


def _wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return (
        request.path_info.startswith("/api/")
        or "application/json" in accept
        or request.headers.get("X-Requested-With") == "XMLHttpRequest"
    )


class SearchOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ENGINE_ERRORS):
            logger.warning(
                "Search engine unavailable during %s: %s", request.path_info, describe(exception)
            )
        elif not isinstance(exception, SearchUnavailable):
            return None
        message = str(UNAVAILABLE_MESSAGE)
        if _wants_json(request):
            return JsonResponse({"message": message, "detail": message}, status=503)
        if request.headers.get("HX-Request"):
            return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
        return render(request, "refusal_page.html", {"message": message}, status=503)
