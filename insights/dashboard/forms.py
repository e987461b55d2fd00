"""The dashboard's question, asked by GET so it can be bookmarked: a period (a preset, or
from and to dates) and how to split the figures. A bad question is the form's error (the
view answers 400), never an exception."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from insights.queries import Period

MAX_DAYS = 2 * 366  # two years: 105 weekly points at most
EARLIEST = date(2000, 1, 1)  # before Hearth; keeps the periods before it real dates

PRESETS = {
    "4w": (_("Last 4 weeks"), 28),
    "quarter": (_("Last quarter (13 weeks)"), 91),
    "year": (_("Last year (52 weeks)"), 364),
}
DEFAULT_PRESET = "4w"

BY_CHOICES = [
    ("department", _("Department")),
    ("level", _("Level")),
    ("location", _("Location")),
]
BY_LABELS = dict(BY_CHOICES)

FORMATS = ("csv", "json")


class PeriodForm(forms.Form):
    preset = forms.ChoiceField(
        label=_("Period"),
        choices=[(key, label) for key, (label, _days) in PRESETS.items()],
        required=False,
        help_text=_("Ends yesterday. Dates below, when given, replace it."),
        widget=forms.Select(attrs={"data-testid": "period-preset"}),
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    by = forms.ChoiceField(label=_("Split by"), choices=BY_CHOICES, required=False)

    def __init__(self, data=None, *, today: date | None = None, **kwargs):
        super().__init__(data, **kwargs)
        self.today = today or timezone.localdate()

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if self.errors:
            return data
        if (start is None) != (end is None):
            raise forms.ValidationError(
                _("Give both dates (from and to), or neither and choose a period."),
                code="one_date",
            )
        if start is None:
            days = PRESETS[data.get("preset") or DEFAULT_PRESET][1]
            end = self.today - timedelta(days=1)
            start = end - timedelta(days=days - 1)
        if start > end:
            raise forms.ValidationError(
                _("The period ends before it starts: “to” must be on or after “from”."),
                code="reversed",
            )
        if end > self.today:
            raise forms.ValidationError(
                _("The period cannot end in the future (after %(today)s).")
                % {"today": self.today.isoformat()},
                code="future",
            )
        if start < EARLIEST:
            raise forms.ValidationError(
                _("The period cannot start before %(day)s.") % {"day": EARLIEST.isoformat()},
                code="too_early",
            )
        if (end - start).days + 1 > MAX_DAYS:
            raise forms.ValidationError(
                _("A period can be two years long at most."), code="too_long"
            )
        data["period"] = Period(start, end)
        data["by"] = data.get("by") or "department"
        return data

    def query(self, **changes) -> str:
        """This question as a query string, with `changes` (for the export links)."""
        params = {
            name: self.data.get(name)
            for name in ("preset", "start", "end", "by")
            if self.data.get(name)
        }
        params.update(changes)
        return urlencode(params)


class ExportForm(PeriodForm):
    format = forms.ChoiceField(
        label=_("Format"), choices=[(name, name.upper()) for name in FORMATS]
    )
