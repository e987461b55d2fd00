"""The guest banner: only a guest's session computes anything (see people.middleware)."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def guest(request: HttpRequest) -> dict:
    from people.middleware import is_guest_session

    if not is_guest_session(request) or not request.user.is_authenticated:
        return {"guest_grants": None}

    def grants():
        from people.guests import active_grants

        return active_grants(request.user)

    return {"guest_grants": SimpleLazyObject(grants)}
