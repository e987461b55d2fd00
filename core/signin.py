"""Sign-in lockout with django-axes: Hearth's side of it.

Axes counts failed sign-ins per (username, client address) pair and its authentication
backend refuses a locked pair before any password is checked, whichever form asked (the
site's, the Wagtail admin's). This module gives axes the client address (trusting
X-Forwarded-For only as far as HEARTH_TRUSTED_PROXIES says), the page a locked person
sees, and the administrators' list of current locks with a way to lift one.
"""

from __future__ import annotations

import ipaddress

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Max, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from core.forms import SignInForm
from core.models import User
from core.permissions import can_manage_sign_in_locks

UNLOCK_ACTION = "hearth.signin.unlock"


class NotLocked(Exception):
    """The lock to lift has expired or was lifted already."""


def _valid_address(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str | None:
    """The address of the person signing in.

    Each trusted proxy appends the address it received the request from, so the client is
    that many places from the right of X-Forwarded-For; whatever stands further left was
    written by the client and could be anything. With no trusted proxy (or a header that
    does not reach that far) the connection's own address is the only one to believe.
    """
    proxies = settings.HEARTH_TRUSTED_PROXIES
    if proxies > 0:
        hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(hops) >= proxies:
            forwarded = _valid_address(hops[-proxies])
            if forwarded:
                return forwarded
    return _valid_address(request.META.get("REMOTE_ADDR"))


def lockout_message(request: HttpRequest | None = None) -> str:
    minutes = max(1, round(get_cool_off(request).total_seconds() / 60))
    return ngettext(
        "Too many failed sign-in attempts for this account from your network. For your "
        "security, it is paused here for %(minutes)s minute: try again then, reset your "
        "password, or ask an administrator to unlock it.",
        "Too many failed sign-in attempts for this account from your network. For your "
        "security, it is paused here for %(minutes)s minutes: try again then, reset your "
        "password, or ask an administrator to unlock it.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The sign-in page again, with the pause explained in its alert box (429), whichever
    sign-in form the attempt came from."""
    form = SignInForm(request, initial={"username": (credentials or {}).get("username", "")})
    context = {
        "form": form,
        "locked_message": lockout_message(request),
        "next": request.POST.get("next", ""),  # checked by the sign-in view when used
    }
    return render(request, "core/accounts/login.html", context, status=429)


def current_locks() -> QuerySet:
    """The (username, ip_address) pairs locked right now, with their `failures` and
    `last_attempt`, newest first. Axes keeps one row per browser name, so the rows of a
    pair are added up as axes itself does when it decides."""
    return (
        AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - get_cool_off())
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=get_failure_limit(None, None))
        .order_by("-last_attempt", "username")
    )


def unlock(user: User | AnonymousUser, username: str, ip_address: str) -> None:
    """Lift the lock of one (username, address) pair, in the audit log under `user`."""
    if not can_manage_sign_in_locks(user):
        raise PermissionDenied(_("Only administrators can unlock sign-in."))
    address = _valid_address(ip_address)
    # Both parts, always: axes' reset with one of them empty would clear every lock of the
    # other (all of an office's, say).
    if not username or not address:
        raise NotLocked(_("That sign-in is no longer locked."))
    pair = AccessAttempt.objects.filter(username=username, ip_address=address)
    if not current_locks().filter(username=username, ip_address=address).exists():
        raise NotLocked(_("That sign-in is no longer locked."))
    log(
        instance=pair.first(),
        action=UNLOCK_ACTION,
        user=user,
        title=f"{username} @ {address}",
        data={"username": username, "ip_address": address},
    )
    reset(ip=address, username=username)
