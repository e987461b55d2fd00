"""The minimal app's two URLs: the measured bare view and the health check run.py polls."""

from django.http import HttpRequest, HttpResponse
from django.urls import path


def bare(request: HttpRequest) -> HttpResponse:
    """The same response as Hearth's `/bench/bare/`, without any middleware in front."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare),
    path("healthz", bare),
]
