"""Recognition over HTTP: give kudos, the kudos wall, one person's kudos. Staff only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from community.recognition import services as recognition
from community.recognition.forms import KudosForm
from core.models import User
from people.services import profile_url


def _staff_only(request: HttpRequest) -> None:
    """Guests never learn that kudos exist."""
    if not recognition.can_see_kudos(request.user):
        raise Http404


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    """A bad filter in the address: say what is wrong (400)."""
    return render(request, "people/recognition/error.html", {"message": message}, status=400)


def _kudos_page(request: HttpRequest, kudos) -> dict:
    """One page of `kudos` as cards (the wall and a person's kudos)."""
    page_obj = Paginator(kudos, recognition.KUDOS_PER_PAGE).get_page(request.GET.get("page"))
    return {"page_obj": page_obj, "cards": recognition.cards(list(page_obj.object_list))}


def _error_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


@login_required
@require_http_methods(["GET", "POST"])
def give(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    status = 200
    if request.method == "POST":
        form = KudosForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            recipient = data["to"]
            try:
                page = recognition.resolve_page(request.user, data["page"])
                kudos = recognition.give_kudos(
                    request.user, recipient, data["message"], value=data["value"], page=page
                )
            except ValidationError as error:
                form.add_error(None, _error_text(error))
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Thank you! %(name)s will hear about your kudos.")
                    % {"name": recognition.cards([kudos])[0].recipient_name},
                )
                return redirect(f"{profile_url(recipient)}#kudos")
        status = 400
    else:
        initial = {"to": request.GET.get("to", "")}
        if request.GET.get("page", "").isdigit():
            initial["page"] = request.GET["page"]
        form = KudosForm(initial=initial)
    recipient = User.objects.filter(username=form["to"].value() or "").first()
    context = {"form": form, "recipient": recipient}
    return render(request, "people/recognition/give.html", context, status=status)


@login_required
@require_GET
def wall(request: HttpRequest) -> HttpResponse:
    """The latest kudos across the company, optionally for one value."""
    _staff_only(request)
    values = list(recognition.company_values())
    kudos = recognition.kudos_for(request.user)
    chosen = None
    raw = request.GET.get("value", "")
    if raw:
        chosen = next((value for value in values if str(value.pk) == raw), None)
        if chosen is None:
            return _refused(request, _("There is no such company value. Choose one from the list."))
        kudos = kudos.filter(value=chosen)
    context = {
        **_kudos_page(request, kudos),
        "values": values,
        "chosen": chosen,
        "params": urlencode({"value": chosen.pk}) if chosen else "",
    }
    return render(request, "people/recognition/wall.html", context)


@login_required
@require_GET
def person(request: HttpRequest, username: str) -> HttpResponse:
    """Every kudos one person received (or, with ?show=given, gave), paginated."""
    _staff_only(request)
    user = recognition.colleagues().filter(username=username).select_related("profile").first()
    if user is None:
        raise Http404
    show = request.GET.get("show", "received")
    if show not in ("received", "given"):
        return _refused(request, _("Choose kudos received or kudos given."))
    kudos = recognition.kudos_for(request.user)
    kudos = kudos.filter(recipient=user) if show == "received" else kudos.filter(giver=user)
    context = {
        **_kudos_page(request, kudos),
        "person": user,
        "name": user.profile.name,
        "show": show,
        "params": urlencode({"show": show}),
        "profile_url": profile_url(user),
        "can_thank": user.pk != request.user.pk,
    }
    return render(request, "people/recognition/person.html", context)
