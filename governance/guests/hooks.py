"""Wagtail hooks for guests (pinholes): audit labels, and each page a guest reads."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from governance.guests.middleware import is_guest_session
from governance.guests.services import record_view

ACTIONS = {
    "hearth.guest.invite": (_("Invite a guest"), _("Invited a guest")),
    "hearth.guest.accept": (_("Accept a guest invite"), _("Accepted a guest invitation")),
    "hearth.guest.revoke": (_("Revoke guest access"), _("Revoked guest access")),
    "hearth.guest.expire": (_("Guest access expired"), _("Guest access reached its end")),
    "hearth.guest.sign_in": (_("Guest sign-in"), _("A guest signed in")),
    "hearth.guest.view": (_("Guest page view"), _("A guest viewed a page")),
}


@hooks.register("register_log_actions")
def register_guest_log_actions(actions):
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("before_serve_page")
def audit_guest_page_view(page, request, serve_args, serve_kwargs):
    """A guest's page view: one insert, no read (the session says it is a guest's; the
    privacy gate, registered before this hook, has already refused what they may not
    see)."""
    if is_guest_session(request) and request.user.is_authenticated:
        record_view(request.user, page)
