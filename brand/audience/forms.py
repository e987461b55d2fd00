"""The editor form of pages with an audience (campaigns, announcements)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from brand.audience.services import audience_is_empty
from core.forms_pages import GovernedPageForm
from people.models import Level

PUBLISHING_ACTIONS = ("action-publish", "action-submit")

EMPTY_AUDIENCE = _(
    "This audience matches nobody today: no active staff member is in the chosen groups, "
    "departments, locations or levels. Change the audience, or tick “Publish even though "
    "nobody is in the audience” if people will join it before it goes live."
)
NO_AUDIENCE = _(
    "Choose who this is for: everyone, or at least one group, department, location or level."
)


class AudiencePageForm(GovernedPageForm):
    """Audience fields as people expect them: levels as checkboxes; and a warning before
    publishing something whose audience matches nobody (tick the box to publish anyway)."""

    audience_levels = forms.MultipleChoiceField(
        label=_("Levels"),
        choices=Level.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    publish_to_nobody = forms.BooleanField(
        label=_("Publish even though nobody is in the audience"),
        required=False,
        help_text=_("Only needed when the audience above matches nobody today."),
    )

    def _is_publishing(self) -> bool:
        return any(self.data.get(action) for action in PUBLISHING_ACTIONS)

    def clean(self):
        cleaned = super().clean()
        parts = {
            "everyone": bool(cleaned.get("audience_everyone")),
            "groups": [item.pk for item in cleaned.get("audience_groups") or []],
            "departments": [item.pk for item in cleaned.get("audience_departments") or []],
            "locations": [item.pk for item in cleaned.get("audience_locations") or []],
            "levels": cleaned.get("audience_levels") or [],
        }
        chosen = any(parts.values())
        if not chosen:
            self.add_error("audience_everyone", NO_AUDIENCE)
        elif (
            self._is_publishing()
            and not cleaned.get("publish_to_nobody")
            and audience_is_empty(**parts)
        ):
            self.add_error("publish_to_nobody", EMPTY_AUDIENCE)
        return cleaned
