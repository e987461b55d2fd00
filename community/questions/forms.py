"""Asking a question (validation of shape only; the services check permission and the
rules)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.questions.services import BODY_MAX, TITLE_MAX


class AskForm(forms.Form):
    title = forms.CharField(
        label=_("Your question"),
        max_length=TITLE_MAX,
        widget=forms.TextInput(attrs={"data-testid": "ask-title"}),
        help_text=_("One sentence, ending with a question mark."),
    )
    body = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "data-testid": "ask-body"}),
        help_text=_("Markdown: **bold**, *italic*, [links](https://…), lists, `code`."),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"data-testid": "ask-tags"}),
        help_text=_("Comma-separated topics, e.g. vpn, payroll. Experts on them are asked."),
    )
