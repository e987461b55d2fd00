"""The expert finder's one field: the topic asked about."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ExpertFinderForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), required=False, max_length=100)

    def clean_topic(self) -> str:
        return " ".join(self.cleaned_data["topic"].replace("\x00", " ").split())
