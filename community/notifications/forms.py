"""The notification settings form: how often a person wants email."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.models import EmailFrequency


class NotificationSettingsForm(forms.Form):
    email_frequency = forms.ChoiceField(
        label=_("Email me about notifications"),
        choices=EmailFrequency.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how often we email you."),
            "invalid_choice": _(
                "“%(value)s” is not one of the choices: as it happens, daily, or never."
            ),
        },
    )
