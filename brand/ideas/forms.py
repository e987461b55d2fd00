"""The idea board's forms: submitting an idea, and communications' status and merge."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brand.ideas import services as ideas
from brand.ideas.models import IdeaStatus
from core.ids import MAX_ID


class IdeaForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=ideas.MAX_TITLE_CHARS,
        error_messages={"required": gettext_lazy("Give your idea a short title.")},
        help_text=gettext_lazy("A few words, e.g. “Show the office floor plan on the map”."),
    )
    problem = forms.CharField(
        label=gettext_lazy("What is the problem?"),
        max_length=4000,
        error_messages={"required": gettext_lazy("Say what problem the idea solves.")},
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Who runs into it, and when."),
    )
    proposal = forms.CharField(
        label=gettext_lazy("What do you propose?"),
        max_length=4000,
        error_messages={"required": gettext_lazy("Say what you propose.")},
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    about = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    section = forms.ChoiceField(label=gettext_lazy("Which part of the page?"), required=False)

    def __init__(self, *args, sections: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("The whole page")), *sections]
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}-help"


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("New status"),
        choices=[(status.value, status.label) for status in ideas.SETTABLE],
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason or note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required to decline. The author and voters read it."),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("status") == IdeaStatus.DECLINED and not (data.get("reason") or "").strip():
            self.add_error(
                "reason", _("Say why the idea is declined: its author and voters will read it.")
            )
        return data


class MergeForm(forms.Form):
    into = forms.IntegerField(label=gettext_lazy("Merge into"), min_value=1, max_value=MAX_ID)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
