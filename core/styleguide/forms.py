from django import forms
from django.utils.translation import gettext_lazy as _


class SampleForm(forms.Form):
    """A form whose fields show each way components/form_field.html draws one."""

    title = forms.CharField(label=_("Title"), help_text=_("What readers see first."))
    summary = forms.CharField(label=_("Summary"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        widget=forms.RadioSelect,
        choices=[("guide", _("Guide")), ("policy", _("Policy"))],
    )
    notify = forms.BooleanField(label=_("Tell the watchers"), required=False)
