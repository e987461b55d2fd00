"""The pilot form and its targets. Bad input is the form's error (400), nothing stored."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.models import Page

from core.models import User
from insights import measures
from insights.pilots import choices
from insights.pilots.models import MAX_TARGETS, Pilot, PilotTarget
from insights.queries import Population

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_PEOPLE = 2000


class PilotForm(forms.ModelForm):
    groups = forms.ModelMultipleChoiceField(
        Group.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Groups"),
    )
    departments = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label=_("Departments")
    )
    locations = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label=_("Locations")
    )
    people = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("People"),
        help_text=_("User names, separated by spaces, commas or new lines."),
    )
    scope = forms.ModelMultipleChoiceField(
        queryset=Page.objects.none(),  # per person in __init__: only what they may see
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Spaces and communities in scope"),
    )

    class Meta:
        model = Pilot
        fields = [
            "name",
            "goal",
            "groups",
            "departments",
            "locations",
            "people",
            "scope",
            "baseline_first",
            "baseline_last",
            "pilot_first",
            "pilot_last",
        ]
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 3}),
            "baseline_first": DATE,
            "baseline_last": DATE,
            "pilot_first": DATE,
            "pilot_last": DATE,
        }

    def __init__(self, user: User, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].choices = [(n, n) for n in choices.names("department")]
        self.fields["locations"].choices = [(n, n) for n in choices.names("location")]
        self.fields["scope"].queryset = choices.scope_pages(user)
        for name in ("baseline_first", "baseline_last", "pilot_first", "pilot_last"):
            self.fields[name].widget = DATE
        # The model's initial for the many-to-many is a list: the text box shows names.
        self.initial["people"] = (
            "\n".join(self.instance.people.order_by("username").values_list("username", flat=True))
            if self.instance.pk
            else ""
        )

    def clean_people(self) -> list[User]:
        names = [name for name in re.split(r"[\s,;]+", self.cleaned_data["people"]) if name]
        if len(names) > MAX_PEOPLE:
            raise ValidationError(
                _("List at most %(max)d people; choose a group or a department for more."),
                params={"max": MAX_PEOPLE},
            )
        found = {user.username: user for user in User.objects.filter(username__in=names)}
        unknown = sorted(set(names) - found.keys())
        if unknown:
            raise ValidationError(
                ngettext(
                    "There is nobody called %(names)s.",
                    "There is nobody called %(names)s.",
                    len(unknown),
                )
                % {"names": ", ".join(unknown)}
            )
        return list(found.values())

    def clean(self):
        data = super().clean()
        if not self.errors and not any(
            data.get(name) for name in ("groups", "departments", "locations", "people")
        ):
            raise ValidationError(
                _("Choose who takes part: groups, departments, locations or people."),
                code="empty_population",
            )
        today = timezone.localdate()
        b_first, b_last = data.get("baseline_first"), data.get("baseline_last")
        p_first, p_last = data.get("pilot_first"), data.get("pilot_last")
        if b_first and b_last and b_first > b_last:
            self.add_error("baseline_last", _("The baseline must end on or after its first day."))
        if p_first and p_last and p_first > p_last:
            self.add_error("pilot_last", _("The pilot must end on or after its first day."))
        if b_last and b_last >= today:
            self.add_error(
                "baseline_last",
                _("The baseline must be over before today: it is what the pilot is compared with."),
            )
        if b_first and b_last and p_first and p_last and b_first <= p_last and p_first <= b_last:
            self.add_error("pilot_first", _("The baseline and the pilot periods must not overlap."))
        return data

    def population(self) -> Population:
        """Who the form's population is, as far as choosing targets goes (valid form)."""
        data = self.cleaned_data
        listed = bool(data.get("people")) or bool(data.get("groups"))
        return Population(
            departments=tuple(data.get("departments") or ()),
            locations=tuple(data.get("locations") or ()),
            people=(0,) if listed else (),
        )


class TargetForm(forms.ModelForm):
    measure = forms.ChoiceField(label=_("Measure"))
    value = forms.FloatField(label=_("Value"))

    class Meta:
        model = PilotTarget
        fields = ["measure", "comparison", "value"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [("", "---------")] + [
            (measure.key, measure.label) for measure in measures.all_measures()
        ]
        self.fields["measure"].error_messages["invalid_choice"] = _(
            "There is no measure called “%(value)s”."
        )


class BaseTargets(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.has_changed() and not self._should_delete_form(form) and form.is_valid()
        ]
        if len(kept) > MAX_TARGETS:
            raise ValidationError(
                _("A pilot has at most %(max)d targets."), params={"max": MAX_TARGETS}
            )

    def check_population(self, population: Population) -> bool:
        """Each target's measure can be counted for the population (a list of people has
        no per-person event counts): an error on the target otherwise."""
        ok = True
        for form in self.forms:
            key = form.cleaned_data.get("measure") if hasattr(form, "cleaned_data") else None
            if not key or form.cleaned_data.get("DELETE") or not measures.exists(key):
                continue
            if not population.supports(measures.get(key)):
                form.add_error(
                    "measure",
                    _(
                        "“%(measure)s” is counted per department and location, not per person"
                        " (and return rates not for a population): choose another measure,"
                        " or a population of departments and locations only."
                    )
                    % {"measure": measures.get(key).label},
                )
                ok = False
        return ok


TargetFormSet = inlineformset_factory(
    Pilot,
    PilotTarget,
    form=TargetForm,
    formset=BaseTargets,
    extra=MAX_TARGETS,
    max_num=MAX_TARGETS,
    validate_max=True,
    can_delete=True,
)
