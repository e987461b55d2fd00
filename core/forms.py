from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    """The sign-in form: one message for any wrong detail (a locked sign-in is answered by
    core.signin.lockout_response instead)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "That username and password did not match an account. Check them and try again."
        ),
    }
