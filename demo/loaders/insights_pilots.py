"""Demo content: twenty weeks of activity in the ledger, rolled up, and two pilots for the
Sales department, kept to the spaces the ledger's pages are in: one finished (its report is
final) and one running.

Idempotent and deterministic: the pilots are found by name (a second run finds them and
stops); a seeded random.Random decides who does what on which day, and Sales read and
comment more once the first pilot starts, as a pilot would hope.
"""

import random
from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from core.models import User
from core.roles import Role
from insights import measures, rollups
from insights.models import ActivityEvent, Verb
from insights.pilots.models import Comparison, Pilot, PilotTarget
from insights.services import is_editor
from knowledge.models import KnowledgePage, SpacePage
from people.providers import actor_snapshot

DAYS = 140
FINISHED = "Sales answers pilot (spring)"
RUNNING = "Sales questions pilot"


def _periods(today):
    return {
        FINISHED: {
            "baseline_first": today - timedelta(days=140),
            "baseline_last": today - timedelta(days=85),
            "pilot_first": today - timedelta(days=84),
            "pilot_last": today - timedelta(days=29),
        },
        RUNNING: {
            "baseline_first": today - timedelta(days=70),
            "baseline_last": today - timedelta(days=43),
            "pilot_first": today - timedelta(days=42),
            "pilot_last": today + timedelta(days=48),
        },
    }


def _spaces(pages: list[int]) -> dict[int, int]:
    """The space of each page (as the ledger records it: insights.scopes)."""
    roots = {space.path: space.pk for space in SpacePage.objects.all()}
    found = {}
    for pk, path in KnowledgePage.objects.filter(pk__in=pages).values_list("pk", "path"):
        found[pk] = next((root for prefix, root in roots.items() if path.startswith(prefix)), None)
    return found


def _ledger(today, staff, pages, spaces: dict[int, int]) -> list[ActivityEvent]:
    rng = random.Random(20)  # noqa: S311 - repeatable demo data, not security
    page_type = ContentType.objects.get_for_model(KnowledgePage, for_concrete_model=False)
    pilot_starts = today - timedelta(days=84)
    events = []
    for user in staff:
        snapshot = actor_snapshot(user)
        editor = is_editor(user)
        sales = snapshot.get("actor_department") == "Sales"
        for offset in range(DAYS, 0, -1):
            day = today - timedelta(days=offset)
            if day.weekday() >= 5:
                continue
            boost = sales and day >= pilot_starts
            if rng.random() > (0.55 if boost else 0.35):
                continue
            verbs = [Verb.VIEWED] * 3 + [Verb.SEARCHED] * 2 + [Verb.REACTED]
            verbs += [Verb.COMMENTED, Verb.ASKED] * (3 if boost else 1)
            for _ in range(rng.randint(1, 3)):
                verb = rng.choice(verbs)
                target = rng.choice(pages)
                events.append(
                    ActivityEvent(
                        actor=user,
                        verb=verb,
                        target_type=page_type,
                        target_id=target,
                        space_id=spaces[target],
                        occurred_at=timezone.make_aware(
                            datetime.combine(day, time(9 + rng.randint(0, 8)))
                        ),
                        day=day,
                        actor_is_editor=editor,
                        **snapshot,
                    )
                )
    return events


def _targets(pilot: Pilot, rows) -> None:
    PilotTarget.objects.bulk_create(
        PilotTarget(pilot=pilot, measure=key, comparison=comparison, value=value)
        for key, comparison, value in rows
        if measures.exists(key)
    )


def seed(log, password: str) -> None:
    if Pilot.objects.filter(name__in=[FINISHED, RUNNING]).exists():
        log("pilots: already there")
        return
    today = timezone.localdate()
    staff = list(
        User.objects.filter(is_active=True).exclude(groups__name=Role.GUESTS).order_by("username")
    )
    pages = list(KnowledgePage.objects.live().order_by("pk").values_list("pk", flat=True)[:40])
    if not staff or not pages:
        log("pilots: no staff or pages yet (seed people and knowledge first)")
        return
    sponsor = User.objects.filter(groups__name=Role.ADMINISTRATORS).order_by("pk").first()
    with transaction.atomic():
        spaces = _spaces(pages)
        events = _ledger(today, staff, pages, spaces)
        ActivityEvent.objects.bulk_create(events, batch_size=2000, ignore_conflicts=True)
        rollups.build_days(today - timedelta(days=DAYS), today - timedelta(days=1))
        periods = _periods(today)
        finished = Pilot.objects.create(
            name=FINISHED,
            goal="Sales answer customers' questions from Hearth, not by asking around.",
            departments=["Sales"],
            created_by=sponsor,
            **periods[FINISHED],
        )
        _targets(
            finished,
            [
                ("active_readers", Comparison.AT_LEAST, 8),
                ("comments", Comparison.AT_LEAST, 60),
                ("active_contributors", Comparison.AT_LEAST, 8),
            ],
        )
        running = Pilot.objects.create(
            name=RUNNING,
            goal="Sales ask in the open, so the next person finds the answer.",
            departments=["Sales"],
            created_by=sponsor,
            **periods[RUNNING],
        )
        # Both keep to the spaces Sales work in (the demo's pages are in them).
        scope = sorted({space for space in spaces.values() if space})
        for pilot in (finished, running):
            pilot.scope.set(scope)
        _targets(
            running,
            [
                ("questions", Comparison.AT_LEAST, 40),
                ("zero_result_searches", Comparison.AT_MOST, 10),
            ],
        )
    log(
        f"pilots: {len(events)} ledger events over {DAYS} days, 2 pilots for Sales"
        f" in {len(scope)} spaces"
    )
