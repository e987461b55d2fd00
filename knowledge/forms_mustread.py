"""The must-read form: who must read a page."""

from django import forms
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from knowledge.models import MustRead
from knowledge.mustread import NO_AUDIENCE
from people.models import Department, Level, Location


class MustReadForm(forms.Form):
    everyone = forms.BooleanField(label=_("Everyone"), required=False)
    groups = forms.ModelMultipleChoiceField(
        label=_("Groups"),
        queryset=Group.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments"),
        queryset=Department.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    locations = forms.ModelMultipleChoiceField(
        label=_("Locations"),
        queryset=Location.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    levels = forms.MultipleChoiceField(
        label=_("Levels"),
        choices=Level.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    @classmethod
    def initial_for(cls, must_read: MustRead | None) -> dict:
        if must_read is None:
            return {}
        return {
            "everyone": must_read.everyone,
            "groups": list(must_read.groups.all()),
            "departments": list(must_read.departments.all()),
            "locations": list(must_read.locations.all()),
            "levels": list(must_read.levels),
        }

    def clean(self):
        data = super().clean()
        chosen = any(data.get(name) for name in ("groups", "departments", "locations", "levels"))
        if not data.get("everyone") and not chosen:
            raise forms.ValidationError(NO_AUDIENCE)
        return data
