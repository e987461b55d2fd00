from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from knowledge.services import verify_page
from knowledge.views.common import readable_page


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
