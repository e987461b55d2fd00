"""A pilot: a change tried on part of the company, measured against a baseline and against
everyone else. The population, the periods and up to five targets are what the report
reads; the figures themselves come from the rollups (`insights.queries.population_reports`).

Departments and locations are kept as the names the ledger keeps (insights sits below
`people`); people and groups as rows, so a person who moves stays in the pilot.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_TARGETS = 5


class Comparison(models.TextChoices):
    AT_LEAST = "gte", _("at least (≥)")
    AT_MOST = "lte", _("at most (≤)")


class PilotQuerySet(models.QuerySet):
    def for_listing(self) -> PilotQuerySet:
        return self.select_related("created_by").order_by("-pilot_first", "-pk")

    def running_on(self, day: date) -> PilotQuerySet:
        return self.filter(pilot_first__lte=day, pilot_last__gte=day)


class Pilot(models.Model):
    name = models.CharField(_("name"), max_length=200)
    goal = models.TextField(
        _("goal"), max_length=2000, help_text=_("What the pilot should change.")
    )
    groups = models.ManyToManyField(
        "auth.Group", verbose_name=_("groups"), blank=True, related_name="+"
    )
    departments = models.JSONField(_("departments"), default=list, blank=True)
    locations = models.JSONField(_("locations"), default=list, blank=True)
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("people"), blank=True, related_name="+"
    )
    scope = models.ManyToManyField(
        "wagtailcore.Page",
        verbose_name=_("spaces and communities in scope"),
        blank=True,
        related_name="+",
    )
    baseline_first = models.DateField(_("baseline from"))
    baseline_last = models.DateField(_("baseline to"))
    pilot_first = models.DateField(_("pilot from"))
    pilot_last = models.DateField(_("pilot to"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = PilotQuerySet.as_manager()

    class Meta:
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")

    def __str__(self) -> str:
        return self.name

    def finished(self, today: date | None = None) -> bool:
        return self.pilot_last < (today or timezone.localdate())

    def started(self, today: date | None = None) -> bool:
        return self.pilot_first <= (today or timezone.localdate())


class PilotTarget(models.Model):
    """ "Zero-result searches at most 10 %": a measure key of `insights.measures`, a
    comparison and a value, in the measure's unit."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="targets")
    measure = models.CharField(_("measure"), max_length=64)
    comparison = models.CharField(_("comparison"), max_length=3, choices=Comparison.choices)
    value = models.FloatField(_("value"))

    class Meta:
        verbose_name = _("pilot target")
        verbose_name_plural = _("pilot targets")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.measure} {self.comparison} {self.value:g}"

    def met_by(self, value: float) -> bool:
        if self.comparison == Comparison.AT_LEAST:
            return value >= self.value
        return value <= self.value
