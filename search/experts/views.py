"""The expert finder over HTTP (/people/experts/): "Who knows about X?".

Guests get a 404, as on every people page (`core.policy`, the "staff" action).
"""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from core.policy import Action, policy
from people.services import popular_expertise
from search.experts import services
from search.experts.forms import ExpertFinderForm

EXPERTS_PER_PAGE = 10


@require_GET
def expert_finder(request: HttpRequest) -> HttpResponse:
    if not policy.user_has_permission(request.user, Action.STAFF):
        raise Http404
    form = ExpertFinderForm(request.GET or None)
    topic = form.cleaned_data["topic"] if form.is_bound and form.is_valid() else ""
    status = 400 if form.is_bound and not form.is_valid() else 200
    page_obj = None
    found: list = []
    if topic:
        ranking = services.score_people([topic], viewer=request.user)
        page_obj = Paginator(ranking, EXPERTS_PER_PAGE).get_page(request.GET.get("page"))
        found = services.hydrate(list(page_obj.object_list), [topic])
    return render(
        request,
        "people/experts.html",
        {
            "form": form,
            "topic": topic,
            "page_obj": page_obj,
            "experts": found,
            "params": urlencode({"topic": topic}) if topic else "",
            "suggestions": popular_expertise(limit=20),
            "directory_url": reverse("people:directory"),
        },
        status=status,
    )
