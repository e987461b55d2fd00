"""The vision hub: who may see it, feedback on statements, and what the feedback says.

Results are aggregated in SQL by one GROUP BY over every dimension (the atoms), and every
figure of every view is added up from those atoms and passes `brand.vision.suppression`'s block
rule before anything leaves this module, so the screen, the CSV and the JSON API show
exactly the same cells, and no two views can be subtracted to isolate a small group.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Avg, CharField, Count, Func, Q, QuerySet, Sum, Value
from django.db.models.functions import TruncMonth, TruncWeek
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brand.vision import suppression
from brand.vision.models import FeedbackAnswer, StatementKind, StatementPage, VisionHubPage
from brand.vision.suppression import Cell
from core.models import User
from core.permissions import role_names, viewable_pages
from core.policy import Action, policy
from core.roles import Role
from insights.models import Verb
from insights.services import record_event
from people.models import Level, Profile

QUESTIONS: tuple[tuple[str, str], ...] = (
    ("understand", gettext_lazy("I understand this")),
    ("agree", gettext_lazy("I agree with this")),
    ("contribute", gettext_lazy("I know how my work contributes")),
)
QUESTION_NAMES = tuple(name for name, _label in QUESTIONS)
SCORES = (1, 2, 3, 4, 5)
COMMENT_MAX_LENGTH = 2000
COMMENTS_PER_PAGE = 20
KIND_ORDER = (StatementKind.MISSION, StatementKind.VISION, StatementKind.VALUE, StatementKind.GOAL)
KIND_HEADINGS = {
    StatementKind.MISSION: gettext_lazy("Mission"),
    StatementKind.VISION: gettext_lazy("Vision"),
    StatementKind.VALUE: gettext_lazy("Values"),
    StatementKind.GOAL: gettext_lazy("Strategic goals"),
}
PERIODS = ("week", "month")
MEAN_FIELDS = [f"avg_{name}" for name in QUESTION_NAMES]


# Who may do what --------------------------------------------------------------------------
def _role_names(user: User | AnonymousUser) -> frozenset[str]:
    return role_names(user)


def can_view_hub(user: User | AnonymousUser) -> bool:
    """The vision hub is for staff: signed in and not a guest (vendors, customers)."""
    return policy.user_has_permission(user, Action.STAFF)


def can_see_results(user: User | AnonymousUser, statement: StatementPage) -> bool:
    """Communications, administrators and the statement's executive sponsor."""
    if not can_view_hub(user):
        return False
    if user.is_superuser or statement.sponsor_id == user.pk:
        return True
    return bool({Role.COMMUNICATIONS, Role.ADMINISTRATORS} & _role_names(user))


def can_see_any_results(user: User | AnonymousUser) -> bool:
    """For the admin report: communications and administrators see every statement."""
    return policy.user_has_permission(user, Action.VIEW_REPORTS)


def readable_statement(user: User | AnonymousUser, page_id: int) -> StatementPage:
    """The live statement `user` may read, or 404 (missing, unpublished, private, guest)."""
    if not can_view_hub(user):
        raise Http404
    statement = (
        StatementPage.objects.live()
        .filter(pk=page_id, pk__in=viewable_pages(user).values("pk"))
        .select_related("sponsor")
        .first()
    )
    if statement is None:
        raise Http404
    return statement


# Query shapes -----------------------------------------------------------------------------
def latest_answers(statement: StatementPage) -> QuerySet[FeedbackAnswer]:
    return FeedbackAnswer.objects.filter(statement=statement, is_latest=True)


def latest_answer(user: User | AnonymousUser, statement: StatementPage) -> FeedbackAnswer | None:
    if not user.is_authenticated:
        return None
    return latest_answers(statement).filter(user=user).first()


def hub_statements(user: User | AnonymousUser, hub: VisionHubPage) -> QuerySet[StatementPage]:
    return (
        StatementPage.objects.child_of(hub)
        .live()
        .filter(pk__in=viewable_pages(user).values("pk"))
        .select_related("sponsor")
        .order_by("path")
    )


@dataclass
class KindGroup:
    kind: str
    label: str
    statements: list[StatementPage]


def statements_by_kind(statements) -> list[KindGroup]:
    """Mission first, then vision, values and goals, each in the editor's order."""
    groups = {kind: KindGroup(kind, str(KIND_HEADINGS[kind]), []) for kind in KIND_ORDER}
    for statement in statements:
        groups.setdefault(statement.kind, KindGroup(statement.kind, statement.kind, []))
        groups[statement.kind].statements.append(statement)
    return [group for group in groups.values() if group.statements]


def answered_statement_ids(user: User | AnonymousUser, hub: VisionHubPage) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        FeedbackAnswer.objects.filter(
            user=user, is_latest=True, statement__path__startswith=hub.path
        ).values_list("statement_id", flat=True)
    )


def related_pages(user: User | AnonymousUser, statement: StatementPage):
    """Related knowledge the reader may see (others are left out without a trace)."""
    return (
        viewable_pages(user)
        .filter(
            pk__in=statement.related_pages.values("target_id"),
        )
        .order_by("title")
    )


# Giving feedback --------------------------------------------------------------------------
def _score(name: str, value: object) -> int:
    label = dict(QUESTIONS)[name]
    if value in (None, ""):
        raise ValidationError(
            _("Please answer “%(question)s” (1 to 5)."), params={"question": label}
        )
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if str(number) != str(value).strip() or number not in SCORES:
        raise ValidationError(
            _("“%(question)s” takes a whole number from 1 to 5."), params={"question": label}
        )
    return number


def give_feedback(
    user: User | AnonymousUser,
    statement: StatementPage,
    *,
    understand: object,
    agree: object,
    contribute: object,
    comment: str = "",
) -> FeedbackAnswer:
    """Record `user`'s answer to the three questions; a new answer replaces the latest.

    History is kept (the earlier row stays, with is_latest=False) so trends can be read.
    The department, level and location are copied from the profile now, so results never
    join profiles and a later move does not rewrite what was said.
    """
    if not can_view_hub(user):
        raise PermissionDenied(_("Only staff can give feedback on the company's statements."))
    if not statement.live or not viewable_pages(user).filter(pk=statement.pk).exists():
        raise PermissionDenied(_("This statement is not available."))
    scores = {
        "understand": _score("understand", understand),
        "agree": _score("agree", agree),
        "contribute": _score("contribute", contribute),
    }
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            _("Please keep your comment under %(limit)d characters."),
            params={"limit": COMMENT_MAX_LENGTH},
        )
    profile = (
        Profile.objects.filter(user=user).values("department_id", "level", "location_id").first()
        or {}
    )
    for attempt in range(2):
        try:
            with transaction.atomic():
                previous = latest_answers(statement).filter(user=user).select_for_update().first()
                if previous is not None and _same(previous, scores, comment, profile):
                    return previous  # submitting the same answer again changes nothing
                if previous is not None:
                    FeedbackAnswer.objects.filter(pk=previous.pk).update(is_latest=False)
                answer = FeedbackAnswer.objects.create(
                    statement=statement,
                    user=user,
                    comment=comment,
                    department_id=profile.get("department_id"),
                    level=profile.get("level") or "",
                    location_id=profile.get("location_id"),
                    is_latest=True,
                    **scores,
                )
                record_event(user, Verb.GAVE_FEEDBACK, statement)
            return answer
        except IntegrityError:
            # Another request by the same person saved an answer between our read and our
            # write (the unique "one latest" constraint refused ours): read again, retry.
            if attempt:
                raise ValidationError(
                    _("Your answer could not be saved just now. Please try again.")
                ) from None
    raise AssertionError("unreachable")


def _same(previous: FeedbackAnswer, scores: dict, comment: str, profile: dict) -> bool:
    return (
        all(getattr(previous, name) == value for name, value in scores.items())
        and previous.comment == comment
        and previous.department_id == profile.get("department_id")
        and previous.level == (profile.get("level") or "")
        and previous.location_id == profile.get("location_id")
    )


# Results ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class ResultFilters:
    """Optional filters on the results: a department, a level, a location."""

    department: int | None = None
    level: str | None = None
    location: int | None = None

    def _conditions(self) -> dict[str, Q]:
        conditions = {}
        if self.department is not None:
            conditions["department"] = Q(department_id=self.department)
        if self.level:
            conditions["level"] = Q(level=self.level)
        if self.location is not None:
            conditions["location"] = Q(location_id=self.location)
        return conditions

    @property
    def active(self) -> bool:
        return bool(self._conditions())

    def q(self, without: str | None = None) -> Q:
        condition = Q()
        for name, part in self._conditions().items():
            if name != without:
                condition &= part
        return condition

    def matches(self, atom: dict) -> bool:
        """Does this atom (a row of ``_atoms``) fall inside the filters?"""
        return (
            (self.department is None or atom["department_id"] == self.department)
            and (not self.level or atom["level"] == self.level)
            and (self.location is None or atom["location_id"] == self.location)
        )

    def querystring(self) -> str:
        values = {
            "department": self.department,
            "level": self.level,
            "location": self.location,
        }
        return urlencode({key: value for key, value in values.items() if value not in (None, "")})


@dataclass
class QuestionDistribution:
    name: str
    label: str
    counts: list[int]
    mean: float | None

    @property
    def rows(self) -> list[tuple[int, int, float]]:
        """(score, count, share in percent) for each score 1 to 5."""
        total = sum(self.counts) or 1
        return [
            (score, count, round(100 * count / total, 1))
            for score, count in zip(SCORES, self.counts, strict=True)
        ]


@dataclass
class TrendChart:
    """Geometry for the inline SVG chart (the template only draws it)."""

    width: int
    height: int
    grid_left: int
    grid_right: int
    lines: list[dict]
    ticks: list[dict]
    labels: list[dict]


@dataclass
class Results:
    statement: StatementPage
    filters: ResultFilters
    threshold: int
    period: str
    filter_allowed: bool
    overall: Cell
    distribution: list[QuestionDistribution] = field(default_factory=list)
    by_department: list[Cell] = field(default_factory=list)
    by_level: list[Cell] = field(default_factory=list)
    by_location: list[Cell] = field(default_factory=list)
    trend: list[Cell] = field(default_factory=list)

    @property
    def comments_visible(self) -> bool:
        return self.filter_allowed and not self.overall.suppressed

    @property
    def breakdowns(self) -> list[tuple[str, str, list[Cell]]]:
        return [
            ("department", _("Department"), self.by_department),
            ("level", _("Level"), self.by_level),
            ("location", _("Location"), self.by_location),
        ]

    @property
    def chart(self) -> TrendChart:
        return trend_chart(self.trend)


def check_can_see_results(user: User | AnonymousUser, statement: StatementPage) -> None:
    if not can_see_results(user, statement):
        raise PermissionDenied(
            _("Only communications and the statement's sponsor can see its feedback.")
        )


def overall_result(statement: StatementPage) -> Cell:
    """The latest answers of everyone, suppressed below the threshold (one query).

    Everyone is always whole blocks (see `brand.vision.suppression`), so this is the overall of
    `statement_results` without filters, at the cost of one small query."""
    row = latest_answers(statement).aggregate(
        respondents=Count("id"), **{f"avg_{name}": Avg(name) for name in QUESTION_NAMES}
    )
    return suppression.suppress_one(
        row["respondents"], {name: row[name] for name in MEAN_FIELDS}, label=_("Everyone")
    )


ATOM_KEY = ("department_id", "level", "location_id", "month", "week")
"""The finest groups, most important first: the order in which small groups are pooled."""


def _atoms(statement: StatementPage) -> list[dict]:
    """The latest answers grouped by every dimension any view can filter, break down or
    chart by, with sums and score counts: ONE query, from which every figure of every
    view is added up, so all views are sums over the same blocks."""
    rows = list(
        latest_answers(statement)
        .annotate(month=_period_start("month"), week=_period_start("week"))
        .values(*ATOM_KEY, "department__name", "location__name")
        .annotate(
            respondents=Count("id"),
            **{f"sum_{name}": Sum(name) for name in QUESTION_NAMES},
            **{
                f"n_{name}_{score}": Count("id", filter=Q(**{name: score}))
                for name in QUESTION_NAMES
                for score in SCORES
            },
        )
        .order_by()
    )
    for row in rows:
        row["month"], row["week"] = _as_date(row["month"]), _as_date(row["week"])
    return rows


def _as_date(start) -> datetime.date:
    if isinstance(start, str):
        return datetime.date.fromisoformat(start)
    if isinstance(start, datetime.datetime):
        return timezone.localtime(start).date() if timezone.is_aware(start) else start.date()
    return start


def _cell(partition: suppression.Partition, atoms: list[dict], key, label) -> Cell:
    """The figures of a set of atoms, or a suppressed cell when it is not whole blocks."""
    n = sum(atom["respondents"] for atom in atoms)
    shown = partition.shows(tuple(atom[name] for name in ATOM_KEY) for atom in atoms)
    values = None
    if shown:
        values = {
            f"avg_{name}": sum(atom[f"sum_{name}"] for atom in atoms) / n for name in QUESTION_NAMES
        }
    return Cell(key=key, label=str(label), respondents=n, values=values, suppressed=not shown)


def _cells(partition, atoms: list[dict], column: str, labels: dict, sort_key) -> list[Cell]:
    groups: dict = {}
    for atom in atoms:
        groups.setdefault(atom[column], []).append(atom)
    return [
        _cell(partition, group, key, labels.get(key) or suppression.NOT_SET_LABEL)
        for key, group in sorted(groups.items(), key=lambda item: sort_key(item[0]))
    ]


def statement_results(
    user: User | AnonymousUser,
    statement: StatementPage,
    filters: ResultFilters | None = None,
    period: str | None = None,
) -> Results:
    """Everything the results view, CSV and API show: two queries (the atoms, and the
    first answer's date for the default period), whatever the filters."""
    check_can_see_results(user, statement)
    filters = filters or ResultFilters()
    threshold = suppression.min_group()
    atoms = _atoms(statement)
    partition = suppression.pool(
        {tuple(a[name] for name in ATOM_KEY): a["respondents"] for a in atoms}
    )
    selected = [atom for atom in atoms if filters.matches(atom)]
    overall = _cell(partition, selected, None, _("This selection"))
    period = period if period in PERIODS else _default_period(statement)
    results = Results(
        statement=statement,
        filters=filters,
        threshold=threshold,
        period=period,
        # Refused: large enough on its own, but it cuts through a pooled block.
        filter_allowed=not overall.suppressed or overall.respondents < threshold,
        overall=overall,
    )
    if overall.suppressed:
        return results  # every part of a set that is not whole blocks is not either

    results.distribution = [
        QuestionDistribution(
            name=name,
            label=str(label),
            counts=[sum(atom[f"n_{name}_{score}"] for atom in selected) for score in SCORES],
            mean=overall.values[f"avg_{name}"],
        )
        for name, label in QUESTIONS
    ]

    def by_name(key: str, name: str) -> list:
        """The cells by a related row (department, location), in its name's order."""
        names = {atom[key]: atom[name] for atom in atoms}
        return _cells(
            partition,
            selected,
            key,
            names,
            lambda value: (names[value] is not None, names[value] or ""),
        )

    results.by_department = by_name("department_id", "department__name")
    level_order = {value: index for index, value in enumerate(Level.values)}
    results.by_level = _cells(
        partition,
        selected,
        "level",
        dict(Level.choices),
        lambda key: (level_order.get(key, len(level_order)), key),
    )
    results.by_location = by_name("location_id", "location__name")
    # Over time: the latest answers by the week or month they were given in (history
    # would be a second set of sums overlapping these, and the two could be subtracted).
    label_format = "j M Y" if period == "week" else "M Y"
    starts = {atom[period] for atom in selected}
    results.trend = _cells(
        partition,
        selected,
        period,
        {start: date_format(start, label_format) for start in starts},
        lambda key: key,
    )
    for cell in results.trend:
        if cell.values is not None:
            cell.values["answers"] = cell.respondents  # one latest answer per person
    return results


def _default_period(statement: StatementPage) -> str:
    """Weeks for the first half year of answers, months after that."""
    first = (
        FeedbackAnswer.objects.filter(statement=statement)
        .order_by("answered_at")
        .values_list("answered_at", flat=True)
        .first()
    )
    if first is None or timezone.now() - first < datetime.timedelta(days=183):
        return "week"
    return "month"


class _SQLitePeriodStart(Func):
    """The start of an answer's week (Monday) or month as a date string, in SQLite's own
    date functions: Django's Trunc calls back into Python for every row there, which is
    most of the time of a 10,000-answer statement. Periods are in UTC on SQLite."""

    output_field = CharField()

    def __init__(self, expression, period: str):
        if period == "week":
            super().__init__(expression, Value("-6 days"), Value("weekday 1"), function="DATE")
        else:
            super().__init__(Value("%Y-%m-01"), expression, function="STRFTIME")


def _period_start(period: str):
    if connection.vendor == "sqlite":
        return _SQLitePeriodStart("answered_at", period)
    return (TruncWeek if period == "week" else TruncMonth)("answered_at")


def comments_page_queryset(results: Results) -> QuerySet:
    """Latest free-text answers of the (shown) group, newest first, without names."""
    if not results.comments_visible:
        return FeedbackAnswer.objects.none().values("comment", "answered_at")
    return (
        latest_answers(results.statement)
        .filter(results.filters.q())
        .exclude(comment="")
        .order_by("-answered_at", "-pk")
        .values("comment", "answered_at")
    )


def trend_chart(cells: list[Cell]) -> TrendChart:
    """Polylines for the three means (1 to 5) per period; suppressed periods leave gaps."""
    width, height, left, right, top, bottom = 640, 240, 40, 40, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    count = len(cells)

    def x_at(index: int) -> float:
        return left + (plot_w / 2 if count == 1 else plot_w * index / (count - 1))

    def y_at(value: float) -> float:
        return top + plot_h * (5 - value) / 4

    lines = []
    for number, name in enumerate(QUESTION_NAMES, start=1):
        segments: list[list[tuple[float, float]]] = [[]]
        points = []
        for index, cell in enumerate(cells):
            value = None if cell.suppressed else cell.values.get(f"avg_{name}")
            if value is None:
                if segments[-1]:
                    segments.append([])
                continue
            point = (round(x_at(index), 1), round(y_at(value), 1))
            segments[-1].append(point)
            points.append({"x": point[0], "y": point[1], "value": value, "label": cell.label})
        lines.append(
            {
                "name": name,
                "label": str(dict(QUESTIONS)[name]),
                "series": number,
                "segments": [
                    " ".join(f"{x},{y}" for x, y in segment) for segment in segments if segment
                ],
                "points": points,
            }
        )
    ticks = [{"value": value, "y": round(y_at(value), 1)} for value in SCORES]
    step = max(1, count // 8)
    labels = [
        {"x": round(x_at(index), 1), "text": cell.label}
        for index, cell in enumerate(cells)
        if index % step == 0
    ]
    return TrendChart(
        width=width,
        height=height,
        grid_left=left,
        grid_right=width - right,
        lines=lines,
        ticks=ticks,
        labels=labels,
    )


def results_as_dict(results: Results) -> dict:
    """The JSON API's body: the same cells as the screen, suppressed ones without values."""

    def cell(c: Cell) -> dict:
        return {
            "key": c.key.isoformat() if isinstance(c.key, datetime.date) else c.key,
            "label": c.label,
            "respondents": c.shown_respondents,
            "suppressed": c.suppressed,
            "means": None
            if c.values is None
            else {name: _round(c.values.get(f"avg_{name}")) for name in QUESTION_NAMES},
        }

    def trend_cell(c: Cell) -> dict:
        data = cell(c)
        data["answers"] = None if c.values is None else int(c.values.get("answers") or 0)
        return data

    return {
        "statement": {
            "id": results.statement.pk,
            "title": results.statement.title,
            "statement": results.statement.statement,
        },
        "threshold": results.threshold,
        "filters": {
            "department": results.filters.department,
            "level": results.filters.level,
            "location": results.filters.location,
        },
        "filter_allowed": results.filter_allowed,
        "overall": cell(results.overall),
        "distribution": {
            d.name: {str(score): count for score, count in zip(SCORES, d.counts, strict=True)}
            for d in results.distribution
        },
        "by_department": [cell(c) for c in results.by_department],
        "by_level": [cell(c) for c in results.by_level],
        "by_location": [cell(c) for c in results.by_location],
        "period": results.period,
        "trend": [trend_cell(c) for c in results.trend],
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def employee_overall(user: User | AnonymousUser, statement: StatementPage, answered: bool):
    """The overall result an employee sees after answering (when the setting allows)."""
    if not answered or not settings.HEARTH_FEEDBACK_SHOW_OVERALL:
        return None
    return overall_result(statement)


# The admin report -------------------------------------------------------------------------
def statements_report(user: User | AnonymousUser) -> QuerySet[StatementPage]:
    """Every statement with its respondents and means (latest answers), one query."""
    if not can_see_any_results(user):
        raise PermissionDenied(_("Only communications can see the feedback on all statements."))
    latest = Q(feedback__is_latest=True)
    return (
        StatementPage.objects.all()
        .select_related("sponsor")
        .annotate(
            respondents=Count("feedback", filter=latest),
            **{f"avg_{name}": Avg(f"feedback__{name}", filter=latest) for name in QUESTION_NAMES},
        )
        .order_by("path")
    )
