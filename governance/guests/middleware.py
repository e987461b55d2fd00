"""Guests' sessions: signed out on the next request once no access is left, and their
sign-ins audited.

A guest's session is marked at sign-in (`user_logged_in`), so staff requests pay nothing
here: the mark is read from the session the authentication middleware loaded anyway.
For a marked session, the guest's active pinholes are read once (one query, which the
privacy gate then reuses instead of asking again).
"""

from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.permissions import is_guest
from governance.guests import services as guests
from people.guests import active_grants
from people.models import GuestAccess

GUEST_SESSION_KEY = "hearth_guest"


def is_guest_session(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(GUEST_SESSION_KEY))


class GuestAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_guest_session(request) and request.user.is_authenticated:
            user = request.user
            if not active_grants(user) and is_guest(user):
                # Access that ended (revoked or expired): sign out. A guest never given
                # any access simply sees nothing (the allow-list is empty).
                last = GuestAccess.objects.filter(user=user).order_by("-expires_at").first()
                if last is not None:
                    return self._ended(request, last)
        return self.get_response(request)

    def _ended(self, request: HttpRequest, last: GuestAccess) -> HttpResponse:
        """Sign the guest out and say why: revoked, or expired (and when)."""
        logout(request)
        return render(
            request,
            "people/guests/ended.html",
            {
                "revoked": last.revoked_at is not None,
                "ended_at": last.revoked_at or last.expires_at,
                "organisation": guests.organisation_name(),
            },
            status=403,
        )


@receiver(user_logged_in)
def mark_guest_session(sender, request, user, **kwargs):
    """A guest signing in: mark the session (see above) and write it to the audit log.

    Reads the account's groups directly (nothing is kept on the user object, which may
    be a test's own)."""
    if request is None or getattr(request, "session", None) is None:
        return
    if guests._is_guest_account(user):
        request.session[GUEST_SESSION_KEY] = True
        guests.record_sign_in(user)
