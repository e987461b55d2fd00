"""The vision hub's forms: a statement's feedback, and the results' filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from brand.vision import services as vision
from people.models import Department, Level, Location

SCALE = [
    (1, gettext_lazy("Strongly disagree")),
    (2, gettext_lazy("Disagree")),
    (3, gettext_lazy("Neither agree nor disagree")),
    (4, gettext_lazy("Agree")),
    (5, gettext_lazy("Strongly agree")),
]


def _score_field(label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Please choose an answer from 1 to 5."),
            "invalid_choice": gettext_lazy("Please choose an answer from 1 to 5."),
        },
    )


class FeedbackForm(forms.Form):
    understand = _score_field(gettext_lazy("I understand this"))
    agree = _score_field(gettext_lazy("I agree with this"))
    contribute = _score_field(gettext_lazy("I know how my work contributes"))
    comment = forms.CharField(
        label=gettext_lazy("Anything to add? (optional)"),
        required=False,
        max_length=vision.COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Communications and the statement's sponsor read comments without your name."
        ),
    )

    def question_fields(self):
        return [self[name] for name in vision.QUESTION_NAMES]

    @classmethod
    def for_answer(cls, answer) -> FeedbackForm:
        if answer is None:
            return cls()
        return cls(
            initial={
                "understand": answer.understand,
                "agree": answer.agree,
                "contribute": answer.contribute,
                "comment": answer.comment,
            }
        )


class ResultsFilterForm(forms.Form):
    department = forms.ModelChoiceField(
        Department.objects.all(),
        required=False,
        label=gettext_lazy("Department"),
        empty_label=gettext_lazy("All departments"),
        error_messages={"invalid_choice": gettext_lazy("There is no such department.")},
    )
    level = forms.ChoiceField(
        choices=[("", gettext_lazy("All levels")), *Level.choices],
        required=False,
        label=gettext_lazy("Level"),
        error_messages={"invalid_choice": gettext_lazy("There is no such level.")},
    )
    location = forms.ModelChoiceField(
        Location.objects.all(),
        required=False,
        label=gettext_lazy("Location"),
        empty_label=gettext_lazy("All locations"),
        error_messages={"invalid_choice": gettext_lazy("There is no such location.")},
    )
    period = forms.ChoiceField(
        choices=[
            ("", gettext_lazy("Automatic")),
            ("week", gettext_lazy("By week")),
            ("month", gettext_lazy("By month")),
        ],
        required=False,
        label=gettext_lazy("Over time"),
        error_messages={"invalid_choice": gettext_lazy("Choose weeks or months.")},
    )

    def filters(self) -> vision.ResultFilters:
        data = self.cleaned_data
        return vision.ResultFilters(
            department=data["department"].pk if data.get("department") else None,
            level=data.get("level") or None,
            location=data["location"].pk if data.get("location") else None,
        )
