"""What a pilot's people said (insights.pilots.voices): their vision feedback comments,
without names, and the ideas they voted for most, over the pilot period.

The vision feedback rule applies: comments are shown only when at least `min_group()` of
the population answered in the period (as a statement's comments are shown only for a
group that large), and an idea's votes only when at least that many of them voted for it.
"""

from __future__ import annotations

from datetime import datetime, time

from django.db.models import Count, Q
from django.utils import timezone

from brand.ideas.models import IdeaPage, IdeaVote
from brand.vision.models import FeedbackAnswer
from insights.pilots.voices import Idea, Voices
from insights.queries import Period, Population
from insights.suppression import min_group

MAX_COMMENTS = 20
MAX_IDEAS = 5


def _population(population: Population, prefix: str, department: str, location: str) -> Q:
    q = Q()
    if population.departments or population.locations:
        if population.departments:
            q &= Q(**{f"{department}__in": population.departments})
        if population.locations:
            q &= Q(**{f"{location}__in": population.locations})
    else:
        q = Q(pk__in=[])
    if population.people:
        q |= Q(**{f"{prefix}user_id__in": population.people})
    return q


def _between(period: Period, field: str) -> Q:
    zone = timezone.get_current_timezone()
    first = datetime.combine(period.first, time.min, tzinfo=zone)
    last = datetime.combine(period.last, time.max, tzinfo=zone)
    return Q(**{f"{field}__gte": first, f"{field}__lte": last})


def said(population: Population, period: Period) -> Voices:
    k = min_group()
    voices = Voices()
    answers = FeedbackAnswer.objects.filter(
        _population(population, "", "department__name", "location__name"),
        _between(period, "answered_at"),
    )
    respondents = answers.values("user_id").distinct().count()
    comments = answers.exclude(comment="")
    if respondents >= k:
        voices.comments = list(
            comments.order_by("-answered_at", "-pk").values_list("comment", flat=True)[
                :MAX_COMMENTS
            ]
        )
    elif comments.exists():
        voices.suppressed = True
    votes = (
        IdeaVote.objects.filter(
            _population(
                population,
                "",
                "user__profile__department__name",
                "user__profile__location__name",
            ),
            _between(period, "voted_at"),
            idea__live=True,
        )
        .values("idea_id")
        .annotate(voters=Count("user_id", distinct=True))
        .order_by("-voters", "idea_id")
    )
    shown = [row for row in votes if row["voters"] >= k][:MAX_IDEAS]
    voices.suppressed |= any(row["voters"] < k for row in votes)
    titles = dict(
        IdeaPage.objects.filter(pk__in=[row["idea_id"] for row in shown]).values_list("pk", "title")
    )
    voices.ideas = [Idea(titles[row["idea_id"]], row["voters"]) for row in shown]
    return voices
