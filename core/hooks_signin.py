"""Wagtail hooks for sign-in locks: the administrators' page under Settings, and the label
of an unlock in the audit log."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core import signin
from core.permissions import can_manage_sign_in_locks
from core.views_signin import SignInLocksView, unlock


class SignInLocksMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_sign_in_locks(request.user)


@hooks.register("register_admin_urls")
def register_signin_lock_urls():
    return [
        path("sign-in-locks/", SignInLocksView.as_view(), name="hearth_signin_locks"),
        path("sign-in-locks/unlock/", unlock, name="hearth_signin_unlock"),
    ]


@hooks.register("register_settings_menu_item")
def register_signin_locks_menu_item():
    return SignInLocksMenuItem(
        _("Sign-in locks"),
        reverse("hearth_signin_locks"),
        name="hearth-sign-in-locks",
        icon_name="lock",
        order=610,  # after Users (600)
    )


@hooks.register("register_log_actions")
def register_signin_log_actions(actions):
    actions.register_action(
        signin.UNLOCK_ACTION, _("Unlock sign-in"), _("Unlocked sign-in for an account")
    )
