"""Demo content: questions to leadership, asked by demo staff (some anonymously), voted on,
and triaged by `comms`: five answered by the executives, two assigned, one declined with a
reason, one merged into a duplicate, the rest open.

Everything goes through `brand.services.leadership`, as the people would do it, so the
anonymous ones store no author and the followers get their notifications. Tasks run
inline and mail goes to memory while seeding. Idempotent: a question whose title exists is
left alone; deterministic: one seeded random generator picks the voters.
"""

import random
from datetime import timedelta

from django.utils import timezone

from brand.leadership import services as leadership
from brand.models import LeadershipQuestion
from demo.content import read_yaml
from demo.loaders import as_people_would
from demo.loaders.people import people_by_key
from people.models import Level, Profile


def _outcome(spec: dict | None) -> tuple | None:
    """brand_leadership.yaml's outcome as (kind, ...): ("answer", executive, text) etc."""
    if not spec:
        return None
    if "answer" in spec:
        return ("answer", spec["by"], spec["answer"])
    ((kind, value),) = spec.items()
    return (kind, value)


_DATA = read_yaml("brand_leadership.yaml")
QUESTIONS = [
    (
        question["asker"],
        question.get("anonymous", False),
        question["title"],
        question.get("details", ""),
        _outcome(question.get("outcome")),
    )
    for question in _DATA["questions"]
]


def seed(log, password: str) -> None:
    with as_people_would():
        _seed(log)


def _people():
    by_key = people_by_key(start=1)
    executives = [
        profile.user
        for profile in Profile.objects.filter(level=Level.EXECUTIVE, user__is_active=True)
        .select_related("user")
        .order_by("user__date_joined", "user__pk")
    ]
    voters = [user for key, user in by_key.items() if key.startswith("s")]
    return by_key, executives, voters


def _seed(log) -> None:
    people, executives, voters = _people()
    comms = people.get("comms")
    if comms is None or not executives or not voters:
        log("questions to leadership: skipped (run the people demo first)")
        return
    rng = random.Random(6)  # noqa: S311 - repeatable demo data, not security
    now = timezone.now()
    made = 0
    for number, (asker_key, anonymous, title, details, outcome) in enumerate(QUESTIONS):
        asker = people.get(asker_key)
        if asker is None or LeadershipQuestion.objects.filter(title=title).exists():
            continue
        question = leadership.ask(asker, title=title, details=details, anonymous=anonymous)
        asked_at = now - timedelta(days=40 - 3 * number, hours=rng.randint(0, 9))
        if anonymous:  # an anonymous question keeps only its day
            asked_at = leadership.day_of(asked_at)
        LeadershipQuestion.objects.filter(pk=question.pk).update(created_at=asked_at)
        for voter in rng.sample(voters, rng.randint(2, min(24, len(voters)))):
            leadership.set_vote(voter, question, on=True)
        _triage(leadership, question, outcome, comms, executives)
        made += 1
    log(f"questions to leadership: {made} new, {LeadershipQuestion.objects.count()} in all")


def _triage(leadership, question, outcome, comms, executives) -> None:
    if outcome is None:
        return
    kind = outcome[0]
    if kind == "answer":
        leader = executives[outcome[1] % len(executives)]
        leadership.assign(comms, question, leader)
        leadership.save_answer(leader, question, outcome[2], publish=True)
    elif kind == "assign":
        leadership.assign(comms, question, executives[outcome[1] % len(executives)])
    elif kind == "decline":
        leadership.decline(comms, question, outcome[1])
    elif kind == "merge":
        target = LeadershipQuestion.objects.filter(title=outcome[1]).first()
        if target is not None:
            leadership.merge(comms, question, target)
