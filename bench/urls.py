"""Hearth's URLs plus one bare Django view, the baseline the Hearth page is compared with.

The bare view goes through the same WSGI server, middleware stack and URL resolver as the
Hearth page, so the ratio between the two isolates what Hearth's own page costs: queries,
Wagtail routing, permissions and template rendering.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from hearth import urls as hearth_urls


@login_not_required
def bare(request: HttpRequest) -> HttpResponse:
    """The cheapest response Django can give; open to all so no session lookup is needed."""
    return HttpResponse(b"ok", content_type="text/plain")


# First: hearth.urls ends with Wagtail's catch-all, which would otherwise claim the path.
urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    *hearth_urls.urlpatterns,
]

# A ROOT_URLCONF's error handlers are looked up on the module itself; keep Hearth's.
handler403 = hearth_urls.handler403
handler404 = hearth_urls.handler404
handler500 = hearth_urls.handler500
