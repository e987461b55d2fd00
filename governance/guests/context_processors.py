"""The guest banner: only a guest's session computes anything (see
governance.guests.middleware)."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from governance.guests.middleware import is_guest_session
from people.guests import active_grants


def guest(request: HttpRequest) -> dict:
    if not is_guest_session(request) or not request.user.is_authenticated:
        return {"guest_grants": None}

    def grants():
        return active_grants(request.user)

    return {"guest_grants": SimpleLazyObject(grants)}
