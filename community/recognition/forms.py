"""The kudos form: who, what for, which company value, which page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from community.recognition import services
from people.picker import PersonField


class KudosForm(forms.Form):
    to = PersonField(label=gettext_lazy("Who do you want to thank?"))
    message = forms.CharField(
        label=gettext_lazy("What are you thanking them for?"),
        max_length=services.MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Markdown works: **bold**, _italic_, [links](https://…)."),
    )
    value = forms.ModelChoiceField(
        label=gettext_lazy("Which company value did they show? (optional)"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("No particular value"),
    )
    page = forms.CharField(
        label=gettext_lazy("Link to what they did (optional)"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("The address of a page on this site, e.g. a guide they wrote."),
    )

    def __init__(self, *args, hide_recipient: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].queryset = services.company_values()
        if hide_recipient:
            self.fields["to"].widget = forms.HiddenInput()
