"""Demo content: the vision hub of Fernway (a software company of about 600 people).

A published hub under the home page with a mission, a vision, four values and three
strategic goals, each sponsored by an executive, and a few hundred feedback answers from
the demo staff over the last nine months: realistic variation by department and level,
some people who changed their answer (history for the trend chart), free-text comments,
and one department group under the suppression threshold. Idempotent and deterministic.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone
from wagtail.rich_text import RichText

from brand.models import FeedbackAnswer, StatementPage, StatementRelatedPage, VisionHubPage
from core.models import User
from demo.content import read_yaml
from home.models import HomePage
from knowledge.models import KnowledgePage
from people.models import Level, Profile

_DATA = read_yaml("brand_vision.yaml")
HUB, STATEMENTS, DEPARTMENT_LEAN, LEVEL_LEAN, SMALL_GROUP, NOT_ANSWERING, COMMENTS = (
    _DATA[key]
    for key in (
        "hub",
        "statements",
        "department_lean",
        "level_lean",
        "small_group",
        "not_answering",
        "comments",
    )
)

RNG_SEED = 2026_06


def _score(rng: random.Random, mean: float) -> int:
    return max(1, min(5, round(rng.gauss(mean, 0.85))))


def seed(log, password: str) -> None:
    rng = random.Random(RNG_SEED)  # noqa: S311 (deterministic demo data)
    with transaction.atomic():
        home = HomePage.objects.get()
        hub = VisionHubPage.objects.child_of(home).filter(slug=HUB["slug"]).first()
        if hub is None:
            hub = VisionHubPage(
                title=HUB["title"],
                slug=HUB["slug"],
                listing_summary=HUB["summary"],
                intro=HUB["intro"],
                show_in_menus=True,
            )
            home.add_child(instance=hub)
            hub.save_revision().publish(skip_permission_checks=True)
            hub = VisionHubPage.objects.get(pk=hub.pk)

        executives = list(
            User.objects.filter(profile__level=Level.EXECUTIVE)
            .exclude(username__in=NOT_ANSWERING)
            .order_by("pk")
        )
        comms = User.objects.filter(username="comms").first()
        related = list(KnowledgePage.objects.live().order_by("path")[:6])

        staff = list(
            Profile.objects.filter(user__is_active=True)
            .exclude(user__username__in=NOT_ANSWERING)
            .exclude(user__groups__name="Guests")
            .select_related("department", "user")
            .order_by("user_id")
        )
        now = timezone.now()
        created_statements = created_answers = 0
        for number, spec in enumerate(STATEMENTS):
            slug, kind, title, text, sponsor_at, paragraphs = (
                spec[key]
                for key in ("slug", "kind", "title", "statement", "sponsor", "explanation")
            )
            means = [spec["means"][name] for name in ("understand", "agree", "contribute")]
            statement = StatementPage.objects.child_of(hub).filter(slug=slug).first()
            if statement is None:
                statement = StatementPage(
                    title=title,
                    slug=slug,
                    kind=kind,
                    statement=text,
                    listing_summary=text,
                    sponsor=executives[sponsor_at % len(executives)] if executives else None,
                    content_owner=comms,
                    explanation=[("paragraph", RichText(f"<p>{p}</p>")) for p in paragraphs],
                )
                hub.add_child(instance=statement)
                for order, target in enumerate(related[number % 3 :: 3][:2]):
                    StatementRelatedPage.objects.create(
                        page=statement, target=target, sort_order=order
                    )
                statement.save_revision(user=comms).publish(user=comms, skip_permission_checks=True)
                created_statements += 1
            if FeedbackAnswer.objects.filter(statement=statement).exists():
                continue
            rows = _answers(rng, statement, kind, means, staff, now)
            FeedbackAnswer.objects.bulk_create(rows)
            created_answers += len(rows)
        log(
            f"vision hub: {created_statements} statements, {created_answers} feedback answers "
            f"(hub at {hub.url})"
        )


def _answers(rng, statement, kind, means, staff, now) -> list:
    rows = []
    small_slug, small_department, small_size = SMALL_GROUP
    small_left = small_size
    for profile in staff:
        department = profile.department.name if profile.department else ""
        if statement.slug == small_slug and department == small_department:
            if small_left <= 0:
                continue
            small_left -= 1
        elif rng.random() > 0.8:  # about four in five people answer each statement
            continue
        lean = DEPARTMENT_LEAN.get(department, {}).get(kind, 0.0) + LEVEL_LEAN.get(
            profile.level, 0.0
        )
        # Answers come in waves after each town hall (about 8, 5 and 2 months ago).
        wave = rng.choice((250, 160, 70, 70))
        first_at = now - datetime.timedelta(days=wave + rng.uniform(-8, 8))
        snapshot = {
            "statement": statement,
            "user_id": profile.user_id,
            "department_id": profile.department_id,
            "level": profile.level,
            "location_id": profile.location_id,
        }
        changed = rng.random() < 0.22
        scores = {
            name: _score(rng, mean + lean - (0.6 if changed else 0.0))
            for name, mean in zip(("understand", "agree", "contribute"), means, strict=True)
        }
        comment = rng.choice(COMMENTS[kind]) if rng.random() < 0.25 else ""
        if changed:
            # An earlier answer, replaced after the town hall explained the statement.
            rows.append(FeedbackAnswer(**snapshot, **scores, answered_at=first_at, is_latest=False))
            scores = {
                name: min(5, value + rng.choice((0, 1, 1, 2))) for name, value in scores.items()
            }
            first_at = first_at + datetime.timedelta(days=rng.uniform(7, 15))
            first_at = min(first_at, now - datetime.timedelta(days=1))
        rows.append(
            FeedbackAnswer(
                **snapshot, **scores, comment=comment, answered_at=first_at, is_latest=True
            )
        )
    return rows
