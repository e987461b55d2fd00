"""Guests' pinholes over HTTP: the owners' guest list and invite form, revoking, and the
invite link (which works signed out).

Views only speak HTTP: `governance.guests.services` checks who may do what. Guests asking for any of
the owners' pages get a 404 (they are not told it exists); staff who own no space a 403.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.ids import parse_id
from core.permissions import is_guest
from governance.guests import services as guests
from governance.guests.forms import AcceptForm, InviteForm
from people.models import GuestAccess, GuestInvite

GUESTS_PER_PAGE = 25
INVITES_PER_PAGE = 10
SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _refused(request: HttpRequest, message: str, status: int = 403) -> HttpResponse:
    return render(request, "people/guests/refused.html", {"message": message}, status=status)


def _require_manager(request: HttpRequest) -> HttpResponse | None:
    """None if the person manages some space's guests; else the answer to give."""
    if is_guest(request.user):
        raise Http404
    if not guests.manageable_spaces(request.user).exists():
        return _refused(request, _("Only the owners of a space can invite and manage guests."))
    return None


@require_GET
def guest_list(request: HttpRequest) -> HttpResponse:
    refusal = _require_manager(request)
    if refusal:
        return refusal
    access = Paginator(guests.guests_of(request.user), GUESTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    invites = Paginator(guests.pending_invites(request.user), INVITES_PER_PAGE).get_page(
        request.GET.get("invites")
    )
    return render(
        request,
        "people/guests/list.html",
        {"page_obj": access, "invites": invites, "max_days": guests.max_days()},
    )


@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    refusal = _require_manager(request)
    if refusal:
        return refusal
    initial = {}
    chosen = parse_id(request.GET.get("space", ""))
    if chosen:
        initial["spaces"] = [chosen]
    data = request.POST if request.method == "POST" else None
    form = InviteForm(request.user, data, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                sent = guests.invite(
                    request.user,
                    data["email"],
                    list(data["spaces"]),
                    data["access"] == InviteForm.COMMENT,
                    form.access_expires_at,
                    name=data["name"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            except PermissionDenied as error:
                return _refused(request, str(error))
            else:
                messages.success(
                    request,
                    _("Invitation sent to %(email)s. The link works for %(days)d days.")
                    % {"email": sent.email, "days": sent_link_days(sent)},
                )
                return redirect("guests:list")
        status = 400
    return render(request, "people/guests/invite.html", {"form": form}, status=status)


def sent_link_days(invite: GuestInvite) -> int:
    return max(1, round((invite.link_expires_at - invite.created_at).total_seconds() / 86400))


def _ending(request: HttpRequest, rows, pk: int, end, done) -> HttpResponse:
    """Revoke a pinhole or withdraw an invite (`end`, a service that checks who may):
    404 for guests and unknown rows, the refusal when the service says no, else back to
    the list with `done(row)` said."""
    if is_guest(request.user):
        raise Http404
    row = rows.filter(pk=pk).first()
    if row is None:
        raise Http404
    try:
        end(request.user, row)
    except PermissionDenied as error:
        return _refused(request, str(error))
    messages.success(request, done(row))
    return redirect("guests:list")


@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    return _ending(
        request,
        GuestAccess.objects.select_related("space", "user"),
        pk,
        guests.revoke,
        lambda access: (
            _("%(guest)s can no longer see %(space)s.")
            % {"guest": access.user.display_name, "space": access.space.title}
        ),
    )


@require_POST
def revoke_invite(request: HttpRequest, pk: int) -> HttpResponse:
    return _ending(
        request,
        GuestInvite.objects.all(),
        pk,
        guests.revoke_invite,
        lambda sent: _("The invitation to %(email)s was withdrawn.") % {"email": sent.email},
    )


def _unusable(request: HttpRequest, problem: guests.InviteUnusable) -> HttpResponse:
    status = 404 if problem.code == "unknown" else 410 if problem.code != "staff" else 409
    return render(
        request,
        "people/guests/accept_error.html",
        {"message": problem.message, "code": problem.code},
        status=status,
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invite link: choose a password (or give yours), then straight to the space."""
    try:
        found = guests.find_invite(token)
        account = guests.invite_account(found)
    except guests.InviteUnusable as problem:
        return _unusable(request, problem)
    if request.user.is_authenticated and request.user.pk != getattr(account, "pk", None):
        return render(
            request,
            "people/guests/accept_error.html",
            {
                "message": _(
                    "You are signed in as %(name)s. Sign out first, then open the link again."
                )
                % {"name": request.user.display_name},
                "code": "signed_in",
            },
            status=409,
        )
    existing = account is not None
    data = request.POST if request.method == "POST" else None
    form = AcceptForm(data, existing=existing, initial={"name": found.name})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                user = guests.accept(
                    token, form.cleaned_data["password1"], name=form.cleaned_data.get("name", "")
                )
            except guests.InviteUnusable as problem:
                return _unusable(request, problem)
            except ValidationError as error:
                form.add_error("password1", error)
            else:
                login(request, user, backend=SIGN_IN_BACKEND)
                return redirect(guests.first_space_url(user))
        status = 400
    spaces = list(found.spaces.order_by("title").values_list("title", flat=True))
    return render(
        request,
        "people/guests/accept.html",
        {
            "form": form,
            "invite": found,
            "spaces": spaces,
            "existing": existing,
            "organisation": guests.organisation_name(),
        },
        status=status,
    )
