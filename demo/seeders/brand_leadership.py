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

from django.test.utils import override_settings
from django.utils import timezone

# (asker: a demo login or "s<N>" (the N-th row of demo_people()), anonymous, title,
#  details, outcome). Outcomes: ("answer", executive index, text), ("assign", executive
#  index), ("decline", reason), ("merge", title of the target), None (open).
QUESTIONS = [
    (
        "s12",
        False,
        "Will hybrid working stay after the office move?",
        "The new building has fewer desks. Are the two office days going to become four?",
        (
            "answer",
            0,
            "Yes. Hybrid stays: **two anchor days** a week per team, chosen by the team. "
            "The new building has fewer desks because most days are not anchor days; the booking "
            "tool will show where your team sits.",
        ),
    ),
    (
        "s20",
        True,
        "How will the new strategy change our team goals next year?",
        "",
        (
            "answer",
            0,
            "Every department turns the three strategic goals into at most five team "
            "goals in the January planning round. Your manager brings a draft; you can comment on "
            "it before it is final. The goals page on the vision hub links each one to its goal.",
        ),
    ),
    (
        "s31",
        True,
        "Why are salary bands not published internally?",
        "Other companies our size publish them. It would make conversations with managers easier.",
        (
            "answer",
            2,
            "We agree. Bands for every level will be published on the intranet in the "
            "second quarter, after the market review finishes. Until then your manager can "
            "tell you your own band.",
        ),
    ),
    (
        "s7",
        False,
        "What is the plan for AI coding assistants in engineering?",
        "Several teams are trying different tools. Is there a company position?",
        (
            "answer",
            1,
            "There is one approved assistant, configured so our code is not used for "
            "training. Others are fine for experiments on public code only. The knowledge space "
            "*Engineering* has the how-to and the rules.",
        ),
    ),
    (
        "s44",
        False,
        "Are we hiring in 2026, and in which locations?",
        "",
        (
            "answer",
            0,
            "Yes, about 40 roles, mostly in engineering and customer support, in the "
            "existing locations. Referrals are the first place we look: see the careers page.",
        ),
    ),
    (
        "s25",
        True,
        "Can we get a clearer promotion process for individual contributors?",
        "Today it feels like the only way up is to become a manager.",
        ("assign", 0),
    ),
    (
        "s38",
        False,
        "When will the Berlin office get its own canteen?",
        "",
        (
            "decline",
            "Canteens are decided by each office's facilities committee, not by the "
            "leadership team. The Berlin committee meets monthly: its page in the People & HR "
            "space says how to bring a proposal.",
        ),
    ),
    (
        "s15",
        False,
        "Will remote working continue after we change buildings?",
        "Asking because my commute will double.",
        ("merge", "Will hybrid working stay after the office move?"),
    ),
    ("s50", False, "How do we know whether our values are actually lived?", "", ("assign", 1)),
    (
        "s5",
        True,
        "Will the travel budget be cut next year?",
        "Customer visits matter for my team.",
        None,
    ),
    ("s33", False, "What happens to the customers of the product line we retired?", "", None),
    (
        "employee",
        False,
        "Could leadership hold an ask-me-anything in every location?",
        "Once a quarter, in person, with the questions from this page.",
        None,
    ),
]


def seed(log, password: str) -> None:
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        HEARTH_POSTS_PER_MINUTE=1_000_000,
    ):
        _seed(log)


def _people():
    from core.models import User
    from demo.loaders.people import demo_logins, demo_people
    from people.models import Level, Profile

    names = [login.username for login in demo_logins()]
    staff = [person["username"] for person in demo_people()]
    names += staff
    users = {user.username: user for user in User.objects.filter(username__in=names)}
    by_key = {login.username: users.get(login.username) for login in demo_logins()}
    by_key.update({f"s{number}": users.get(name) for number, name in enumerate(staff, 1)})
    executives = [
        profile.user
        for profile in Profile.objects.filter(level=Level.EXECUTIVE, user__is_active=True)
        .select_related("user")
        .order_by("user__date_joined", "user__pk")
    ]
    voters = [users[name] for name in staff if name in users]
    return by_key, executives, voters


def _seed(log) -> None:
    from brand.models import LeadershipQuestion
    from brand.services import leadership

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
    from brand.models import LeadershipQuestion

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
