"""Pilots: who may see and change them, who is in one, and its report (targets, the
population against everyone else, before and after). Views, the PDF, the exports and the
monthly email all read `pilot_report`, so they show the same figures, suppressed alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import User
from insights import measures
from insights.measures import Measure
from insights.pilots import scoped, voices
from insights.pilots.models import Pilot, PilotTarget
from insights.queries import (
    Figure,
    Period,
    Population,
    PopulationReport,
    population_figures,
)
from insights.suppression import min_group

VIEW = "insights.view_insights"
ADD = "insights.add_pilot"
CHANGE = "insights.change_pilot"
AUTH_BACKEND = "django.contrib.auth.backends.ModelBackend"
# Shown beside the targets' measures (whatever a pilot aims at, who took part).
ALWAYS = ("active_readers", "active_contributors")


def may_view(user) -> bool:
    return user.is_authenticated and user.has_perm(VIEW)


def may_add(user) -> bool:
    return may_view(user) and user.has_perm(ADD)


def may_change(user) -> bool:
    return may_view(user) and user.has_perm(CHANGE)


def _check(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Only people who may see insights can see and run pilots."))


def pilots_for(user: User) -> QuerySet[Pilot]:
    _check(may_view(user))
    return Pilot.objects.for_listing()


def sponsors() -> QuerySet[User]:
    """Who gets the monthly email: active people with the insights permission and an email."""
    return (
        User.objects.with_perm(VIEW, backend=AUTH_BACKEND)
        .filter(is_active=True)
        .exclude(email="")
        .order_by("pk")
    )


@transaction.atomic
def save_pilot(user: User, form, targets) -> Pilot:
    """Save a validated pilot form and its targets formset (new or changed)."""
    _check(may_change(user) if form.instance.pk else may_add(user))
    pilot = form.save(commit=False)
    if not pilot.pk:
        pilot.created_by = user
    pilot.save()
    form.save_m2m()
    targets.instance = pilot
    targets.save()
    return pilot


def population_of(pilot: Pilot) -> Population:
    """The pilot's people (listed, or members of its groups) by id, in one query, and its
    departments and locations as names."""
    listed = Pilot.people.through.objects.filter(pilot=pilot).values("user_id")
    groups = Pilot.groups.through.objects.filter(pilot=pilot).values("group_id")
    people = (
        User.objects.filter(Q(pk__in=listed) | Q(groups__in=groups))
        .values_list("pk", flat=True)
        .distinct()
        .order_by("pk")
    )
    return Population(
        departments=tuple(pilot.departments or ()),
        locations=tuple(pilot.locations or ()),
        people=tuple(people),
    )


class Status:
    MET = "met"
    NOT_YET = "not_yet"
    MISSED = "missed"
    HIDDEN = "hidden"
    NOT_STARTED = "not_started"


STATUS_LABELS = {
    Status.MET: _("met"),
    Status.NOT_YET: _("not yet"),
    Status.MISSED: _("missed"),
    Status.HIDDEN: _("not shown (too few people)"),
    Status.NOT_STARTED: _("not started"),
}


@dataclass
class TargetProgress:
    target: PilotTarget
    measure: Measure
    baseline: Figure
    now: Figure
    status: str

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def wording(self) -> str:
        return f"{self.measure.label} {self.target.get_comparison_display()} {self.target.value:g}"


@dataclass
class Row:
    """One measure: before (baseline) and after (pilot period), in and out of the pilot."""

    measure: Measure
    before: PopulationReport
    after: PopulationReport | None
    # Counted over the events in the pilot's spaces and communities only (a pilot with a
    # scope, a measure of the ledger's events or people); else the whole company's.
    in_scope: bool = False


@dataclass
class PilotReport:
    pilot: Pilot
    today: date
    baseline: Period
    period: Period | None  # the pilot period so far; None before it starts
    threshold: int
    has_data: bool
    scoped: bool = False  # the pilot has a scope: its ledger measures keep to it
    targets: list[TargetProgress] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    said: voices.Voices | None = None

    @property
    def finished(self) -> bool:
        return self.pilot.finished(self.today)

    @property
    def met(self) -> int:
        return sum(1 for target in self.targets if target.status == Status.MET)


def _status(target: PilotTarget, figure: Figure | None, finished: bool) -> str:
    if figure is None:
        return Status.NOT_STARTED
    if figure.suppressed:
        return Status.HIDDEN
    if figure.value is not None and target.met_by(figure.value):
        return Status.MET
    return Status.MISSED if finished else Status.NOT_YET


def measure_keys(pilot: Pilot, population: Population) -> list[str]:
    keys = [target.measure for target in pilot.targets.all()]
    keys += [key for key in ALWAYS if key not in keys]
    return [key for key in keys if measures.exists(key) and population.supports(measures.get(key))]


def pilot_report(user: User, pilot: Pilot, today: date | None = None) -> PilotReport:
    """The pilot's figures: a fixed number of queries whatever its size, its length or
    its targets (three for each of the baseline and the pilot period, read from the
    month, week and day rollups)."""
    _check(may_view(user))
    today = today or timezone.localdate()
    population = population_of(pilot)
    baseline = Period(pilot.baseline_first, pilot.baseline_last)
    period = None
    if pilot.started(today):
        period = Period(pilot.pilot_first, min(pilot.pilot_last, today))
    keys = measure_keys(pilot, population)
    scope = list(Pilot.scope.through.objects.filter(pilot=pilot).values_list("page_id", flat=True))
    limited = [key for key in keys if scope and scoped.can_limit(measures.get(key))]
    rest = [key for key in keys if key not in limited]

    def figures(period: Period) -> tuple[dict[str, PopulationReport], int]:
        """The measures by key over `period`, and how many of the population were active
        (in the scope, when the pilot has one)."""
        found, active = population_figures(rest, population, period)
        if limited:
            kept, active = scoped.population_figures(limited, population, period, scope)
            found += kept
        return {report.measure.key: report for report in found}, active["inside"]

    before, active = figures(baseline)
    after: dict[str, PopulationReport] = {}
    if period:
        after, active_now = figures(period)
        active += active_now
    report = PilotReport(
        pilot=pilot,
        today=today,
        baseline=baseline,
        period=period,
        threshold=min_group(),
        has_data=bool(active),
        scoped=bool(scope),
    )
    if not report.has_data:
        return report
    report.rows = [
        Row(before[key].measure, before[key], after.get(key), in_scope=key in limited)
        for key in keys
    ]
    by_key = {row.measure.key: row for row in report.rows}
    for target in pilot.targets.all():
        row = by_key.get(target.measure)
        if row is None:
            continue
        now = row.after.inside if row.after else None
        report.targets.append(
            TargetProgress(
                target=target,
                measure=row.measure,
                baseline=row.before.inside,
                now=now,
                status=_status(target, now, report.finished),
            )
        )
    if period:
        report.said = voices.collect(population, period)
    return report


# --- The monthly email to sponsors ---------------------------------------------------------

REPORT_WINDOW_DAYS = 31


def pilots_to_report(today: date) -> QuerySet[Pilot]:
    """Pilots running today, or finished within the last month (their final figures)."""
    since = today - timedelta(days=REPORT_WINDOW_DAYS)
    return (
        Pilot.objects.filter(pilot_first__lte=today, pilot_last__gte=since)
        .prefetch_related("targets")
        .order_by("pilot_last", "pk")
    )


def send_monthly_summaries(today: date | None = None) -> int:
    """Email each sponsor the headline figures of the pilots running or just finished, with
    a link to each; returns how many emails went out (none without such pilots). The
    figures are the same for every sponsor: each report is computed once."""
    today = today or timezone.localdate()
    recipients = list(sponsors())
    pilots = list(pilots_to_report(today))
    if not recipients or not pilots:
        return 0
    reports = [pilot_report(recipients[0], pilot, today) for pilot in pilots]
    context = {
        "reports": [
            {
                "report": report,
                "url": urljoin(
                    settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/",
                    reverse("insights_pilots:detail", args=[report.pilot.pk]).lstrip("/"),
                ),
            }
            for report in reports
        ],
        "today": today,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    template = "insights/pilots/email/monthly"
    messages = []
    for recipient in recipients:
        personal = {**context, "recipient": recipient}
        message = EmailMultiAlternatives(
            subject=" ".join(render_to_string(f"{template}_subject.txt", personal).split()),
            body=render_to_string(f"{template}.txt", personal),
            to=[recipient.email],
        )
        message.attach_alternative(render_to_string(f"{template}.html", personal), "text/html")
        messages.append(message)
    with mail.get_connection() as connection:
        return connection.send_messages(messages) or 0
