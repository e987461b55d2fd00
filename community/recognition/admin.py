"""Top contributors per department, over the last 12 months (as on profiles) or a month:
a Wagtail report for communications.

Registered from community/recognition/hooks.py (admin URL /admin/reports/top-contributors/
and a Reports menu item). The score is the contribution ledger's (`people.contributions`,
weights in its docstring); people who opted out (`Profile.in_leaderboards = False`) never
appear, nor do guests, inactive accounts or people with nothing to count. One query ranks
everyone (a correlated subquery per ledger source and a window function per department).
"""

from __future__ import annotations

from datetime import date, datetime, time

import django_filters
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn

from core.models import User
from core.policy import Action, policy
from core.reports import RestrictedReportView
from people import contributions
from people.models import Department

TOP_CHOICES = [(str(n), str(n)) for n in (3, 5, 10, 25)]
DEFAULT_TOP = 5
MONTHS_BACK = 13


def can_view_report(user) -> bool:
    return policy.user_has_permission(user, Action.VIEW_REPORTS)


def month_start(day: date) -> date:
    return day.replace(day=1)


def recent_months(today: date | None = None) -> list[date]:
    today = today or timezone.localdate()
    months, current = [], month_start(today)
    for _step in range(MONTHS_BACK):
        months.append(current)
        current = month_start(current.replace(day=1) - timezone.timedelta(days=1))
    return months


LAST_12_MONTHS = "last-12-months"


def month_choices() -> list[tuple[str, str]]:
    """The profile's period first (the default, so a person's numbers here and on their
    profile agree), then each recent month."""
    months = [(f"{m:%Y-%m}", date_format(m, "F Y")) for m in recent_months()]
    return [(LAST_12_MONTHS, _("Last 12 months")), *months]


def month_window(month: date) -> contributions.Window:
    following = (month.replace(day=28) + timezone.timedelta(days=4)).replace(day=1)
    zone = timezone.get_current_timezone()
    return contributions.Window(
        since=datetime.combine(month, time.min, tzinfo=zone),
        until=datetime.combine(following, time.min, tzinfo=zone),
    )


def _noop(queryset, name, value):
    return queryset


class TopContributorsFilterSet(WagtailFilterSet):
    month = django_filters.ChoiceFilter(
        label=gettext_lazy("Period"), choices=month_choices, method=_noop, empty_label=None
    )
    department = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Department"),
        field_name="profile__department",
        queryset=Department.objects.all(),
    )
    top = django_filters.ChoiceFilter(
        label=gettext_lazy("How many per department"),
        choices=TOP_CHOICES,
        method=_noop,
        empty_label=None,
    )

    class Meta:
        model = User
        fields = []


def top_contributors(window: contributions.Window, top: int = DEFAULT_TOP):
    """The `top` highest scores in each department over `window` (one query)."""
    people = (
        policy.users_with_permission(Action.STAFF)
        .filter(profile__in_leaderboards=True)
        .select_related("profile__department")
        .annotate(department_name=F("profile__department__name"))
    )
    people = contributions.annotate_scores(people, window).filter(ledger_score__gt=0)
    people = people.annotate(
        ledger_rank=Window(
            RowNumber(),
            partition_by=[F("profile__department")],
            order_by=[F("ledger_score").desc(), F("pk").asc()],
        )
    )
    return people.filter(ledger_rank__lte=top).order_by(
        F("department_name").asc(nulls_last=True), "ledger_rank"
    )


class TopContributorsReportView(RestrictedReportView):
    page_title = gettext_lazy("Top contributors")
    header_icon = "pick"
    filterset_class = TopContributorsFilterSet
    index_url_name = "top_contributors"
    index_results_url_name = "top_contributors_results"
    may_see = staticmethod(can_view_report)
    denied_message = gettext_lazy("Only communications see the top contributors.")

    @property
    def columns(self):
        return [
            Column("department_name", label=_("Department")),
            NumberColumn("ledger_rank", label=_("Rank")),
            Column("profile.name", label=_("Person")),
            *(
                NumberColumn(f"ledger_{source.key}", label=str(source.label))
                for source in contributions.LEDGER_SOURCES
            ),
            NumberColumn("ledger_score", label=_("Score")),
        ]

    @property
    def list_export(self):
        return [
            "department_name",
            "ledger_rank",
            "profile.name",
            "username",
            *(f"ledger_{source.key}" for source in contributions.LEDGER_SOURCES),
            "ledger_score",
        ]

    @property
    def export_headings(self):
        return {
            "department_name": _("Department"),
            "ledger_rank": _("Rank"),
            "profile.name": _("Person"),
            "username": _("Username"),
            **{f"ledger_{s.key}": str(s.label) for s in contributions.LEDGER_SOURCES},
            "ledger_score": _("Score"),
        }

    def get_filename(self):
        month = self.chosen_month
        return f"top-contributors-{month:%Y-%m}" if month else f"top-contributors-{LAST_12_MONTHS}"

    def _choice(self, name: str) -> str | None:
        if self.filters is not None and self.filters.is_valid():
            return self.filters.form.cleaned_data.get(name) or None
        return None

    @property
    def chosen_month(self) -> date | None:
        """The month chosen, or None for the last 12 months (the default)."""
        raw = self._choice("month")
        if raw and raw != LAST_12_MONTHS:
            return datetime.strptime(raw, "%Y-%m").date()
        return None

    def get_queryset(self):
        top = int(self._choice("top") or DEFAULT_TOP)
        month = self.chosen_month
        window = month_window(month) if month else contributions.profile_window()
        return top_contributors(window, top)

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        month = self.chosen_month
        context["page_subtitle"] = date_format(month, "F Y") if month else _("Last 12 months")
        return context
