"""Campaigns: the reader's side (pulse answers, assets), the channels that open when a
campaign goes live (home banner, must-read, email), and the campaign report.

A live campaign is readable by all staff (it is not secret), but it is only *theirs* for
its audience (`brand.audience.services`, the one rule): the banner, the campaign lists, the pulse,
the email and the must-read go to the audience alone, and the report counts the audience
alone, in SQL, also when older answers from outside it are stored.

Every function that changes something checks permission first and raises
`PermissionDenied` or `ValidationError` with a message a person understands. The report
is aggregated in SQL: one conditional COUNT over the audience (size, reached,
acknowledged), one GROUP BY for the pulse, one per kind of activity over time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDay, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from brand.assets.models import BrandAsset
from brand.audience.services import (
    audience_pages_for,
    audience_summary,
    audience_users,
    in_audience,
)
from brand.campaigns import tasks
from brand.campaigns.models import CampaignPage, PulseAnswer
from brand.vision import suppression
from community.models import Comment, EmailFrequency, Reaction, Status
from core.models import User
from core.permissions import may_govern, readable_by, users_who_can_view
from core.policy import Action, policy
from insights.models import ActivityEvent, Verb
from insights.services import record_event
from knowledge import mustread
from people.models import Profile

logger = logging.getLogger(__name__)

BANNERS_ON_HOME = 3
PULSE_CHOICES = [
    (1, gettext_lazy("1: Strongly disagree")),
    (2, gettext_lazy("2: Disagree")),
    (3, gettext_lazy("3: Neither agree nor disagree")),
    (4, gettext_lazy("4: Agree")),
    (5, gettext_lazy("5: Strongly agree")),
]
PULSE_ERROR = gettext_lazy("Choose an answer from 1 (strongly disagree) to 5 (strongly agree).")

LOG_WENT_LIVE = "hearth.campaigns.went_live"
LOG_MUST_READ = "hearth.campaigns.must_read"
LOG_MUST_READ_SKIPPED = "hearth.campaigns.must_read_skipped"
LOG_EMAIL_SENT = "hearth.campaigns.email_sent"


# Query shapes -------------------------------------------------------------------------------
def not_expired(now: datetime | None = None) -> Q:
    """Live pages past their expiry are unpublished by `publish_scheduled`; until it runs,
    this keeps them off every list."""
    now = now or timezone.now()
    return Q(expire_at__isnull=True) | Q(expire_at__gt=now)


def live_unexpired(model, user: User | AnonymousUser) -> QuerySet:
    """Live, unexpired pages of `model` (campaigns, announcements) that `user` may open (no
    query of its own beyond the reader's blocked paths, which are cached for the request).

    The privacy check is a correlated EXISTS on the page's own key, so the database looks up
    only these few pages; `pk__in` a list of every readable page made SQLite build that
    list first, a scan of the whole page table (40 to 70 ms at 100,000 pages)."""
    return model.objects.live().filter(not_expired()).filter(readable_by(user))


def live_campaigns(user: User | AnonymousUser) -> QuerySet[CampaignPage]:
    """Live, unexpired campaigns `user` may open."""
    return live_unexpired(CampaignPage, user)


def campaigns_for(user: User | AnonymousUser) -> QuerySet[CampaignPage]:
    """Live campaigns whose audience includes `user`, newest first."""
    return audience_pages_for(user, live_campaigns(user)).order_by("-first_published_at", "-pk")


def banners_for(user: User | AnonymousUser) -> list[CampaignPage]:
    """The home-page banners of `user`'s live campaigns: one query."""
    if not user.is_authenticated:
        return []
    return list(campaigns_for(user).filter(show_banner=True)[:BANNERS_ON_HOME])


def readable_campaign(user: User | AnonymousUser, page_id: int) -> CampaignPage:
    """The live campaign `user` may open (outside its audience too: it is not private);
    `CampaignPage.DoesNotExist` for a guest, a missing, private, expired or unpublished one."""
    if not policy.user_has_permission(user, Action.STAFF):
        raise CampaignPage.DoesNotExist
    campaign = live_campaigns(user).filter(pk=page_id).first()
    if campaign is None:
        raise CampaignPage.DoesNotExist
    return campaign


def visible_assets(campaign: CampaignPage) -> QuerySet[BrandAsset]:
    """The campaign's linked assets that have not expired (expired ones are hidden)."""
    return campaign.assets.current().select_related("image", "document").order_by("title")


@dataclass(frozen=True)
class Standing:
    """What the campaign is to one reader: theirs (in its audience) or not, and their
    pulse answer if it is."""

    in_audience: bool
    my_pulse: int | None


def standing_of(user: User | AnonymousUser, campaign: CampaignPage) -> Standing:
    """The reader's standing in ONE query: their row of the audience (none when outside),
    with their answer as a subquery: the one query the answer alone used to cost the page."""
    if not policy.user_has_permission(user, Action.STAFF):
        return Standing(in_audience=False, my_pulse=None)
    answer = PulseAnswer.objects.filter(campaign=campaign, user_id=OuterRef("pk")).values("value")
    rows = list(
        audience_users(campaign)
        .filter(pk=user.pk)
        .annotate(my_pulse=Subquery(answer[:1]))
        .values_list("my_pulse", flat=True)[:1]
    )
    return Standing(in_audience=bool(rows), my_pulse=rows[0] if rows else None)


def not_for_you(campaign: CampaignPage) -> str:
    """Why a reader outside the audience has no part in the campaign, naming its audience."""
    return _(
        "This campaign is for %(audience)s. You can read it, but it is not addressed to you."
    ) % {"audience": audience_summary(campaign)}


# Permissions --------------------------------------------------------------------------------
def can_run_campaigns(user: User | AnonymousUser) -> bool:
    """Communications and administrators read campaign reports (superusers too)."""
    return policy.user_has_permission(user, Action.VIEW_REPORTS)


# Taking part --------------------------------------------------------------------------------
def parse_pulse_value(raw: object) -> int:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError) as error:
        raise ValidationError(PULSE_ERROR) from error
    if not 1 <= value <= 5:
        raise ValidationError(PULSE_ERROR)
    return value


@transaction.atomic
def answer_pulse(
    user: User | AnonymousUser, campaign: CampaignPage, raw_value: object
) -> PulseAnswer:
    """Record (or change) `user`'s answer to the campaign's pulse question.

    One answer per person; answering again replaces it. The department, level and location
    are copied from the profile now, so the report groups without joins. Only the audience
    answers: the question is theirs, and the report's figures are about them.
    """
    if not policy.user_has_permission_for_instance(user, Action.STAFF, campaign):
        raise PermissionDenied(_("You cannot answer this campaign's question."))
    if not in_audience(user, campaign):
        raise PermissionDenied(
            _(
                "Only the campaign's audience answers its question, and it is for "
                "%(audience)s. You can still read the campaign."
            )
            % {"audience": audience_summary(campaign)}
        )
    if not campaign.pulse_question:
        raise ValidationError(_("This campaign has no question to answer."))
    value = parse_pulse_value(raw_value)
    profile = (
        Profile.objects.filter(user=user).values("department_id", "level", "location_id").first()
        or {}
    )
    answer, created = PulseAnswer.objects.update_or_create(
        campaign=campaign,
        user=user,
        defaults={
            "value": value,
            "department_id": profile.get("department_id"),
            "level": profile.get("level") or "",
            "location_id": profile.get("location_id"),
            "answered_at": timezone.now(),
        },
    )
    if created:
        record_event(user, Verb.GAVE_FEEDBACK, campaign)
    return answer


# Going live ---------------------------------------------------------------------------------
def is_live_now(campaign: CampaignPage, now: datetime | None = None) -> bool:
    """Published, not waiting for its go-live, not past its expiry."""
    now = now or timezone.now()
    if not campaign.live:
        return False
    if campaign.go_live_at and campaign.go_live_at > now:
        return False
    return not (campaign.expire_at and campaign.expire_at <= now)


def went_live(campaign: CampaignPage, actor: User | None) -> None:
    """Open the campaign's channels: called on every publish that makes it live (by an
    editor or by the scheduler). The banner needs nothing (home asks for live campaigns);
    the must-read is set to the campaign's current audience; the email goes out once."""
    if not is_live_now(campaign):
        return
    log(
        instance=campaign,
        action=LOG_WENT_LIVE,
        user=actor,
        data={"banner": campaign.show_banner, "email": campaign.send_email},
    )
    if campaign.must_read_page_id:
        _open_must_read(campaign, actor)
    if campaign.send_email and campaign.email_sent_at is None:
        actor_id = actor.pk if actor else None
        transaction.on_commit(lambda: tasks.send_campaign_email.enqueue(campaign.pk, actor_id))


def _open_must_read(campaign: CampaignPage, actor: User | None) -> None:
    page = campaign.must_read_page
    if actor is None or not may_govern(actor, page):
        # The person who scheduled it may not govern the page (any more): say so in the log.
        log(
            instance=campaign,
            action=LOG_MUST_READ_SKIPPED,
            user=actor,
            data={"page": page.pk, "title": page.title},
        )
        logger.warning(
            "Campaign %s: no one allowed to make page %s a must-read", campaign.pk, page.pk
        )
        return
    mustread.set_must_read(
        actor,
        page,
        everyone=campaign.audience_everyone,
        groups=campaign.audience_groups.all(),
        departments=campaign.audience_departments.all(),
        locations=campaign.audience_locations.all(),
        levels=campaign.audience_levels or (),
    )
    log(
        instance=campaign,
        action=LOG_MUST_READ,
        user=actor,
        data={"page": page.pk, "title": page.title},
    )


def email_recipients(campaign: CampaignPage) -> QuerySet[User]:
    """Audience members who may read the campaign and take email (one query to read)."""
    people = users_who_can_view(campaign, audience_users(campaign)).exclude(email="")
    return people.exclude(notification_settings__email_frequency=EmailFrequency.NEVER)


def claim_email(campaign_id: int) -> bool:
    """Mark the campaign's email as sent; False if it already was (a republish, a second
    worker). The UPDATE ... WHERE email_sent_at IS NULL is the guard: only one run wins."""
    claimed = CampaignPage.objects.filter(
        pk=campaign_id, email_sent_at__isnull=True, send_email=True
    ).update(email_sent_at=timezone.now())
    return bool(claimed)


# The report ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    series: str


@dataclass(frozen=True)
class Period:
    start: date
    comments: int
    reactions: int


@dataclass
class ActivityChart:
    """An inline SVG bar chart (comments and reactions per period), drawn in Python so the
    template only prints coordinates."""

    periods: list[Period]
    granularity: str
    width: int = 640
    height: int = 200
    bars: list[Bar] = field(default_factory=list)
    max_value: int = 0
    ticks: list[tuple[float, str]] = field(default_factory=list)

    @property
    def total_comments(self) -> int:
        return sum(period.comments for period in self.periods)

    @property
    def total_reactions(self) -> int:
        return sum(period.reactions for period in self.periods)


@dataclass
class CampaignReport:
    campaign: CampaignPage
    audience: int
    reached: int
    acknowledged: int | None
    pulse_overall: suppression.Cell | None
    pulse_distribution: list[tuple[int, int]]
    pulse_by_department: list[suppression.Cell]
    chart: ActivityChart
    min_group: int

    @property
    def reached_percent(self) -> int | None:
        return round(100 * self.reached / self.audience) if self.audience else None

    @property
    def acknowledged_percent(self) -> int | None:
        if self.acknowledged is None or not self.audience:
            return None
        return round(100 * self.acknowledged / self.audience)

    @property
    def summary(self) -> list[dict]:
        """The report's headline figures, for the summary cards on top of it."""

        def share(count: int, percent: int | None) -> str:
            return f"{count} ({percent}%)" if percent is not None else str(count)

        cards = [
            {"label": _("in the audience"), "value": self.audience, "testid": "report-audience"},
            {
                "label": _("reached"),
                "value": share(self.reached, self.reached_percent),
                "note": _("people in the audience who opened the campaign at least once"),
                "testid": "report-reached",
            },
        ]
        if self.acknowledged is not None:
            cards.append(
                {
                    "label": _("acknowledged the must-read"),
                    "value": share(self.acknowledged, self.acknowledged_percent),
                    "note": self.campaign.must_read_page.title,
                    "testid": "report-acknowledged",
                }
            )
        cards.append(
            {
                "label": _("comments"),
                "value": self.chart.total_comments,
                "href": "#activity-heading",
            }
        )
        cards.append(
            {
                "label": _("reactions"),
                "value": self.chart.total_reactions,
                "href": "#activity-heading",
            }
        )
        return cards


MAX_DAYS = 92


def _reach(campaign: CampaignPage) -> dict:
    """Audience size, reached and acknowledged in ONE query: a conditional COUNT over the
    audience, with EXISTS subqueries on the activity ledger and the acknowledgements."""
    viewed = ActivityEvent.objects.filter(
        actor_id=OuterRef("pk"),
        verb=Verb.VIEWED,
        target_type=ContentType.objects.get_for_model(CampaignPage),
        target_id=campaign.pk,
    )
    aggregates = {"audience": Count("pk"), "reached": Count("pk", filter=Q(Exists(viewed)))}
    if campaign.must_read_page_id:
        acknowledged = mustread.counting_acknowledgements().filter(
            page_id=campaign.must_read_page_id, user_id=OuterRef("pk")
        )
        aggregates["acknowledged"] = Count("pk", filter=Q(Exists(acknowledged)))
    return audience_users(campaign).aggregate(**aggregates)


def _pulse(campaign: CampaignPage):
    # Audience members only, in the query: answers stored from outside the audience (before
    # answering was limited to it, or by someone who has left it since) stay stored but
    # never count.
    answers = PulseAnswer.objects.filter(
        campaign=campaign, user_id__in=audience_users(campaign).values("pk")
    )
    favourable = Count("pk", filter=Q(value__gte=4))
    overall_row = answers.aggregate(
        respondents=Count("pk"), average=Avg("value"), favourable=favourable
    )
    respondents = overall_row["respondents"] or 0
    share = 100 * (overall_row["favourable"] or 0) / respondents if respondents else None
    overall = suppression.suppress_one(
        respondents,
        {"average": overall_row["average"], "favourable": share},
        label=_("Everyone in the audience who answered"),
    )
    distribution: list[tuple[int, int]] = []
    if not overall.suppressed:
        counts = dict(answers.values_list("value").annotate(n=Count("pk")).order_by())
        distribution = [(value, counts.get(value, 0)) for value, _label in PULSE_CHOICES]
    rows = list(
        answers.values("department_id", "department__name")
        .annotate(respondents=Count("pk"), average=Avg("value"), favourable_n=favourable)
        .order_by("department__name")
    )
    for row in rows:
        row["favourable"] = 100 * row["favourable_n"] / row["respondents"]
    cells = suppression.breakdown(
        rows,
        key="department_id",
        label="department__name",
        value_fields=["average", "favourable"],
    )
    return overall, distribution, cells


def _activity(campaign: CampaignPage, granularity: str) -> ActivityChart:
    """Comments and reactions per day or week since go-live: one GROUP BY each."""
    now = timezone.now()
    start = campaign.first_published_at or campaign.latest_revision_created_at or now
    end = min(now, campaign.expire_at) if campaign.expire_at else now
    first_day = timezone.localdate(start)
    last_day = max(first_day, timezone.localdate(end))
    if granularity == "day" and (last_day - first_day).days > MAX_DAYS:
        granularity = "week"
    trunc = TruncWeek if granularity == "week" else TruncDay

    def per_period(queryset: QuerySet) -> dict[date, int]:
        rows = (
            queryset.annotate(period=trunc("created_at")).values("period").annotate(n=Count("pk"))
        )
        return {_as_date(row["period"]): row["n"] for row in rows.order_by("period")}

    comments = per_period(Comment.objects.filter(page_id=campaign.pk, status=Status.VISIBLE))
    reactions = per_period(Reaction.objects.filter(page_id=campaign.pk))
    step = timedelta(days=7 if granularity == "week" else 1)
    cursor = first_day - timedelta(days=first_day.weekday()) if granularity == "week" else first_day
    starts: list[date] = []
    while cursor <= last_day:
        starts.append(cursor)
        cursor += step
    totals = {start: [0, 0] for start in starts}
    # Rows outside the campaign's run (a reaction on a preview) count in the nearest period.
    for series, counts in enumerate((comments, reactions)):
        for day, n in counts.items():
            totals[min(max(day, starts[0]), starts[-1])][series] += n
    periods = [Period(start, *totals[start]) for start in starts]
    return _draw(ActivityChart(periods=periods, granularity=granularity))


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def _draw(chart: ActivityChart) -> ActivityChart:
    left, bottom, top = 32.0, 24.0, 8.0
    plot_width = chart.width - left - 8
    plot_height = chart.height - bottom - top
    chart.max_value = max([1, *(max(p.comments, p.reactions) for p in chart.periods)])
    slot = plot_width / max(1, len(chart.periods))
    bar_width = max(1.0, slot * 0.4)
    for index, period in enumerate(chart.periods):
        x = left + index * slot + slot * 0.1
        for offset, series, value in (
            (0, "comments", period.comments),
            (1, "reactions", period.reactions),
        ):
            height = plot_height * value / chart.max_value
            chart.bars.append(
                Bar(
                    x=round(x + offset * bar_width, 2),
                    y=round(top + plot_height - height, 2),
                    width=round(bar_width, 2),
                    height=round(height, 2),
                    value=value,
                    series=series,
                )
            )
    label_every = max(1, len(chart.periods) // 6)
    chart.ticks = [
        (round(left + index * slot + slot / 2, 2), period.start.strftime("%d %b"))
        for index, period in enumerate(chart.periods)
        if index % label_every == 0
    ]
    return chart


def campaign_report(
    user: User | AnonymousUser, campaign: CampaignPage, *, granularity: str = "day"
) -> CampaignReport:
    if not can_run_campaigns(user):
        raise PermissionDenied(
            _("Only communications and administrators can see campaign reports.")
        )
    if granularity not in ("day", "week"):
        granularity = "day"
    reach = _reach(campaign)
    overall, distribution, by_department = (None, [], [])
    if campaign.pulse_question:
        overall, distribution, by_department = _pulse(campaign)
    return CampaignReport(
        campaign=campaign,
        audience=reach["audience"],
        reached=reach["reached"],
        acknowledged=reach.get("acknowledged"),
        pulse_overall=overall,
        pulse_distribution=distribution,
        pulse_by_department=by_department,
        chart=_activity(campaign, granularity),
        min_group=suppression.min_group(),
    )
