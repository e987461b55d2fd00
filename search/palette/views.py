"""The command palette's one endpoint: the actions the person may take (JSON)."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from search.palette import services


@never_cache
@require_GET
def actions(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"actions": services.actions_for(request.user)})
