from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from home.services import UPDATES_PER_PAGE, latest_updates


@require_GET
def updates(request: HttpRequest) -> HttpResponse:
    """Everything published that the reader may see, newest first, paginated."""
    page = Paginator(latest_updates(request.user), UPDATES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "home/updates.html", {"page_obj": page})
