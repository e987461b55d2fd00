"""Forms for reporting a post and for a moderator's decision on it."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from community.models import FlagReason
from community.moderation import services as moderation


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this?"),
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason for the report.")},
    )
    note = forms.CharField(
        label=_("Anything a moderator should know (optional)"),
        required=False,
        max_length=moderation.NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ModerationForm(forms.Form):
    """One reason, one of the actions the item's status allows (the submit button)."""

    reason = forms.CharField(
        label=_("Reason (the author is told; the audit log keeps it)"),
        max_length=moderation.REASON_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Give a reason: the author is told, and the audit log keeps it.")
        },
    )
    action = forms.ChoiceField(choices=[])

    def __init__(self, *args, actions: list[moderation.Action], **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = actions
        self.fields["action"].choices = [
            (action.value, moderation.ACTION_LABELS[action]) for action in actions
        ]
        self.fields["action"].error_messages["invalid_choice"] = _(
            "That action is not possible for this post as it stands now."
        )

    def clean_reason(self) -> str:
        try:
            return moderation.clean_reason(self.cleaned_data["reason"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None
