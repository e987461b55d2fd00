"""The people pages: directory, profile, editing one's profile.

Views only speak HTTP: they check who is asking (guests get a 404, as if the page did
not exist), read the form, call `people.services`, and render.
"""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.policy import Action, policy
from people import picker, services
from people.forms import DirectoryForm, ProfileForm
from people.models import Profile

PEOPLE_PER_PAGE = 24


def _require_people_access(request: HttpRequest) -> None:
    if not policy.user_has_permission(request.user, Action.STAFF):
        raise Http404


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    _require_people_access(request)
    form = DirectoryForm(request.GET or None)
    status = 200
    filters: dict = {}
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            filters = {
                "text": data["q"],
                "department": data["department"],
                "location": data["location"],
                "expertise": data["expertise"],
            }
            if data["manager"]:
                manager = Profile.objects.filter(user__username=data["manager"]).first()
                if manager is None:
                    raise Http404
                filters["manager"] = manager
        else:
            status = 400
    people = services.directory(**filters) if status == 200 else Profile.objects.none()
    page_obj = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    params = urlencode(
        [(key, value) for key, value in request.GET.items() if key != "page" and value]
    )
    choices = services.popular_expertise()
    chosen = filters.get("expertise", "")
    if chosen and chosen not in {choice["slug"] for choice in choices}:
        choices.append({"slug": chosen, "name": chosen, "people": page_obj.paginator.count})
    return render(
        request,
        "people/directory.html",
        {
            "form": form,
            "page_obj": page_obj,
            "params": params,
            "filtered": bool(filters and any(filters.values())),
            "expertise_choices": choices,
            "chosen_expertise": chosen,
            "manager": filters.get("manager"),
        },
        status=status,
    )


@require_GET
def profile(request: HttpRequest, username: str) -> HttpResponse:
    person = services.profile_for(request.user, username)
    if person is None:
        raise Http404
    view = services.profile_page(request.user, person)
    context = {"view": view, "person": person}
    context.update(view.parts)
    return render(request, "people/profile.html", context)


@require_GET
def me(request: HttpRequest) -> HttpResponse:
    _require_people_access(request)
    return redirect("people:profile", username=request.user.get_username())


@require_GET
def pick(request: HttpRequest) -> JsonResponse:
    """The person picker's suggestions: up to ten colleagues the reader may see (JSON).

    Guests see no people: a 404, as for the directory. A query under two characters
    suggests nobody (and asks the database nothing)."""
    _require_people_access(request)
    people = picker.pick(request.user, request.GET.get("q", ""))
    return JsonResponse({"people": [picker.as_suggestion(person) for person in people]})


@require_http_methods(["GET", "POST"])
def edit_profile(request: HttpRequest) -> HttpResponse:
    _require_people_access(request)
    person = Profile.objects.select_related("user", "photo").get(user=request.user)
    if request.method == "POST":
        # The form writes into its instance while validating: give it a copy, so the
        # service sees what changed and a refused form leaves `person` as stored.
        form = ProfileForm(request.POST, request.FILES, instance=copy.copy(person))
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_own_profile(
                    request.user,
                    person,
                    {name: data[name] for name in services.EDITABLE_FIELDS},
                    expertise=data["expertise"],
                    photo=data.get("photo_upload") or None,
                    remove_photo=data.get("remove_photo", False),
                    crop=form.crop(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect("people:profile", username=request.user.get_username())
        return render(request, "people/edit.html", {"form": form, "person": person}, status=400)
    return render(
        request, "people/edit.html", {"form": ProfileForm(instance=person), "person": person}
    )
