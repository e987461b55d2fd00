"""Forms of communities (validation of shape only; the services check permission and the
rules)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.groups.services import NAME_MAX, PURPOSE_MAX
from community.models import Access, CommunityEvent
from people.picker import PersonField, PersonPickerWidget


class StartCommunityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX)
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=PURPOSE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What is it for, and who should join?"),
    )
    access = forms.ChoiceField(
        label=_("Who may join"),
        choices=Access.choices,
        initial=Access.OPEN,
        widget=forms.RadioSelect,
    )


class InviteForm(forms.Form):
    username = PersonField(
        label=_("The colleague to add"),
        widget=PersonPickerWidget(attrs={"data-testid": "invite-username"}),
    )


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class EventForm(forms.ModelForm):
    link = forms.URLField(
        label=_("Link"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Where to join online."),
    )

    class Meta:
        model = CommunityEvent
        fields = ["title", "starts_at", "ends_at", "place", "link", "description"]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The event cannot end before it starts."))
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the author is told)"),
        max_length=300,
        widget=forms.TextInput(attrs={"data-testid": "moderate-reason"}),
    )
