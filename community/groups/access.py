"""Who may enter the communities at all: signed-in staff (`core.policy`'s "staff" action).

Its own module, because both the page models and the services ask it.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.models import User
from core.policy import Action, policy


def check_not_guest(user: User | AnonymousUser) -> None:
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Sign in to take part in communities."))
    if not policy.user_has_permission(user, Action.STAFF):
        raise PermissionDenied(_("Communities are for staff; guests cannot see or join them."))
