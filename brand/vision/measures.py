"""Vision and brand, measured from the statements' feedback and the campaigns (registered
with insights from `BrandConfig.ready`).

Which statements and campaigns count: those any employee may read (staff pages under no
group or password restriction: `core.permissions.open_to_every_employee`).

* understand / agree / contribute: the mean score (1 to 5) of the answers given in the
  period (every answer on the day it was given, a changed answer included: the trend of
  what people say), split by the department, level and location the answer kept;
* per statement, a list (`insights.toplists`): respondents and mean scores, a statement
  answered by fewer people than the threshold is left out (the vision hub's rule);
* per campaign, a list: its audience, how many of them opened it in the period (reach) and
  how many acknowledged its must-read; a campaign whose audience is under the threshold is
  left out.
"""

from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, Q
from django.utils.translation import gettext_lazy as _

from brand.audience.services import audience_users
from brand.campaigns.models import CampaignPage
from brand.vision.models import FeedbackAnswer, StatementPage
from core.permissions import open_to_every_employee
from insights import measures, toplists
from insights.external import count_rows, day_end, day_start, local_day, slice_of
from insights.measures import Measure, Row, Source, Unit
from insights.models import ActivityEvent, Verb
from insights.toplists import Column, TopList, TopRow
from knowledge.mustread import counting_acknowledgements

SECTION = "vision"
QUESTIONS = ("understand", "agree", "contribute")


def _answers(first: date, last: date):
    statements = open_to_every_employee(StatementPage.objects.live()).values("pk")
    return FeedbackAnswer.objects.filter(
        statement__in=statements,
        answered_at__gte=day_start(first),
        answered_at__lt=day_end(last),
    ).order_by()


def _score_rows(question: str):
    def rows(first: date, last: date) -> list[Row]:
        return count_rows(
            (local_day(moment), slice_of(department, level, location), score, 1)
            for moment, score, department, level, location in _answers(first, last).values_list(
                "answered_at", question, "department__name", "level", "location__name"
            )
        )

    rows.__name__ = f"{question}_rows"
    return rows


def statement_rows(first: date, last: date, min_people: int, limit: int) -> list[TopRow]:
    """The statements answered in the period, in the hub's order (one query)."""
    rows = (
        _answers(first, last)
        .values("statement_id", "statement__title", "statement__path")
        .annotate(
            people=Count("user", distinct=True),
            **{question: Avg(question) for question in QUESTIONS},
        )
        .filter(people__gte=min_people)
        .order_by("statement__path")[:limit]
    )
    return [
        TopRow(
            label=row["statement__title"],
            people=row["people"],
            values={question: row[question] for question in QUESTIONS},
        )
        for row in rows
    ]


def campaign_rows(first: date, last: date, min_people: int, limit: int) -> list[TopRow]:
    """Campaigns published by the end of the period and not expired before it, newest
    first: three queries per campaign (audience, reach, acknowledgements), `limit` at most."""
    campaigns = (
        open_to_every_employee(CampaignPage.objects.all())
        .filter(first_published_at__lt=day_end(last))
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gte=day_start(first)))
        .order_by("-first_published_at", "pk")
    )
    page_type = ContentType.objects.get_for_model(CampaignPage, for_concrete_model=False)
    rows = []
    for campaign in campaigns:
        audience = audience_users(campaign).values("pk")
        size = audience.count()
        if size < min_people:
            continue
        reached = (
            ActivityEvent.objects.filter(
                verb=Verb.VIEWED,
                target_type=page_type,
                target_id=campaign.pk,
                day__gte=first,
                day__lte=last,
                actor__in=audience,
            )
            .values("actor")
            .distinct()
            .count()
        )
        acknowledged = None
        if campaign.must_read_page_id:
            done = (
                counting_acknowledgements()
                .filter(
                    page_id=campaign.must_read_page_id,
                    user__in=audience,
                    acknowledged_at__lt=day_end(last),
                )
                .values("user")
                .distinct()
                .count()
            )
            acknowledged = 100.0 * done / size
        rows.append(
            TopRow(
                label=campaign.title,
                people=size,
                values={
                    "audience": size,
                    "reached": reached,
                    "reach": 100.0 * reached / size,
                    "acknowledged": acknowledged,
                },
            )
        )
        if len(rows) == limit:
            break
    return rows


def register() -> None:
    labels = {
        "understand": _("Understand the statements"),
        "agree": _("Agree with the statements"),
        "contribute": _("Know how their work contributes"),
    }
    for question in QUESTIONS:
        measures.register(
            Measure(
                f"vision_{question}",
                labels[question],
                Unit.AVERAGE,
                Source.EXTERNAL,
                rows=_score_rows(question),
                help_text=_("The mean answer (1 to 5) given in the period."),
                section=SECTION,
            )
        )
    toplists.register(
        TopList(
            "vision_statements",
            _("Feedback per statement"),
            (
                Column("understand", labels["understand"], Unit.AVERAGE),
                Column("agree", labels["agree"], Unit.AVERAGE),
                Column("contribute", labels["contribute"], Unit.AVERAGE),
            ),
            rows=statement_rows,
            help_text=_("A statement answered by fewer people than the threshold is not listed."),
            section=SECTION,
        )
    )
    toplists.register(
        TopList(
            "campaigns",
            _("Campaign reach and acknowledgement"),
            (
                Column("audience", _("Audience")),
                Column("reached", _("Opened it")),
                Column("reach", _("Reach"), Unit.SHARE),
                Column("acknowledged", _("Acknowledged its must-read"), Unit.SHARE),
            ),
            rows=campaign_rows,
            help_text=_("A campaign whose audience is under the threshold is not listed."),
            section=SECTION,
        )
    )
