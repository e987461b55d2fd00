from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from core.auth import is_locked


class SignInForm(AuthenticationForm):
    """The sign-in form: one message for any wrong detail, and a clear one when locked."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "That username and password did not match an account. Check them and try again."
        ),
        "locked": _(
            "Too many failed sign-in attempts. For your security, sign-in is paused for a "
            "while; try again later or reset your password."
        ),
    }

    def clean(self):
        if is_locked(self.data.get("username", ""), self.request):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        return super().clean()
