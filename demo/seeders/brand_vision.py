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

RNG_SEED = 2026_06
HUB = {
    "title": "Mission, vision and values",
    "slug": "vision",
    "summary": "What Fernway is for, where we are going, how we work, and this year's goals.",
    "intro": (
        "<p>These are not posters. Tell us whether each statement makes sense to you, whether "
        "you agree, and how your work connects to it. Every statement has an executive "
        "sponsor who reads the feedback, and a discussion open to everyone.</p>"
    ),
}

# (slug, kind, title, statement, sponsor index (0 CEO, 1 CTO, 2 CFO), explanation paragraphs,
#  base means for understand / agree / contribute)
STATEMENTS = [
    (
        "mission",
        "mission",
        "Our mission",
        "We build the operations software that growing teams trust with their everyday work.",
        0,
        [
            "Small and mid-size companies run on spreadsheets, inboxes and goodwill. Fernway "
            "replaces the fragile parts with software that is calm, dependable and easy to "
            "change.",
            "<b>Trust</b> is the word that matters: our customers put invoices, rotas and "
            "customer promises into Fernway. We earn that trust every day, or lose it.",
        ],
        (4.4, 4.1, 3.6),
    ),
    (
        "vision-2030",
        "vision",
        "Our vision for 2030",
        "By 2030, every growing business in Europe can run its operations on Fernway.",
        0,
        [
            "We grow from 4,000 customers in six countries to every EU market, with local "
            "payroll, tax and language support built in rather than bolted on.",
            "Getting there means partners as well as direct sales, and a platform other "
            "companies build on.",
        ],
        (3.9, 3.6, 3.0),
    ),
    (
        "customers-first",
        "value",
        "Customers first",
        "We start every decision with the customer's problem, not our org chart.",
        0,
        [
            "When teams disagree, the question is: what makes the customer's week easier? "
            "Support tickets, churn interviews and usage data are everyone's reading, not "
            "just Customer Success's.",
        ],
        (4.5, 4.4, 3.9),
    ),
    (
        "own-it",
        "value",
        "Own it end to end",
        "We own outcomes, not tasks: from the first idea to how it works for the customer.",
        1,
        [
            "Ownership means you can ship, measure and fix what you build. It also means "
            "asking for help early and saying so when something is not ours to fix.",
        ],
        (4.2, 3.9, 3.7),
    ),
    (
        "say-it-plainly",
        "value",
        "Say it plainly",
        "We say what we mean, kindly and early, in words everyone understands.",
        0,
        [
            "No jargon in customer emails, no surprises in reviews, no bad news held back "
            "until Friday. Plain words are faster and they are kinder.",
        ],
        (4.3, 4.2, 3.8),
    ),
    (
        "better-together",
        "value",
        "Better together",
        "We win as one team across departments, offices and time zones.",
        2,
        [
            "Berlin, London and our remote colleagues share one roadmap, one set of goals "
            "and one place to ask questions: this intranet.",
        ],
        (4.1, 3.8, 3.4),
    ),
    (
        "goal-recurring-revenue",
        "goal",
        "Grow recurring revenue by 30%",
        "In 2026 we grow annual recurring revenue by 30% while keeping net retention above 110%.",
        2,
        [
            "Two thirds of the growth comes from customers we already have: better "
            "onboarding, the new payroll module and fewer reasons to leave.",
        ],
        (3.6, 3.5, 2.9),
    ),
    (
        "goal-reliability",
        "goal",
        "99.95% uptime, every service",
        "Every customer-facing service reaches 99.95% monthly uptime by the end of 2026.",
        1,
        [
            "That is under 22 minutes of downtime a month. It needs better alerting, "
            "practised incident response and fewer risky releases on Fridays.",
        ],
        (3.8, 4.0, 3.2),
    ),
    (
        "goal-time-to-value",
        "goal",
        "Halve time to first value",
        "New customers run their first payroll or rota within 7 days of signing, down from 14.",
        1,
        [
            "Guided setup, import tools and a named onboarding contact for every new "
            "customer. Sales, Support and Engineering share this goal.",
        ],
        (3.5, 4.3, 3.3),
    ),
]

# How departments lean, per kind of statement (added to the base means).
DEPARTMENT_LEAN = {
    "Engineering": {"goal": 0.2, "vision": -0.2},
    "Sales": {"goal": 0.3, "value": -0.1},
    "Finance": {"goal": 0.4, "mission": -0.2},
    "Operations": {"value": 0.1},
    "People & HR": {"value": 0.3, "goal": -0.3},
    "Marketing & Communications": {"vision": 0.3, "mission": 0.2},
}
LEVEL_LEAN = {"executive": 0.7, "director": 0.5, "manager": 0.25, "ic": 0.0, "": 0.0}
# For this statement only a couple of people in Finance answer: a group under the
# threshold, suppressed (with its complement) in every result.
SMALL_GROUP = ("better-together", "Finance", 2)
NOT_ANSWERING = {"employee", "guest"}  # the demo employee answers in the browser

COMMENTS = {
    "mission": [
        "Clear, and I can explain it to a customer in one sentence.",
        "I like 'trust'. We should say more about what breaks it.",
        "Makes sense, but how does internal tooling fit in?",
    ],
    "vision": [
        "Every EU market by 2030 feels very ambitious for our size.",
        "What does this mean for the UK after the move to local payroll?",
        "Excited about the partner platform part.",
    ],
    "value": [
        "We say this, but our release process does not always let us act on it.",
        "This is the value I see most in my team.",
        "Hard to live this one across time zones; async updates would help.",
        "Would love examples from other teams.",
    ],
    "goal": [
        "I don't see how my team's roadmap connects to this goal yet.",
        "The number is clear; the plan to get there less so.",
        "Please share progress monthly, not only at the all-hands.",
        "Good goal. Support needs more people to get there.",
    ],
}


def _score(rng: random.Random, mean: float) -> int:
    return max(1, min(5, round(rng.gauss(mean, 0.85))))


def seed(log, password: str) -> None:
    from wagtail.rich_text import RichText

    from brand.models import FeedbackAnswer, StatementPage, StatementRelatedPage, VisionHubPage
    from core.models import User
    from home.models import HomePage
    from knowledge.models import KnowledgePage
    from people.models import Level, Profile

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
        for number, (slug, kind, title, text, sponsor_at, paragraphs, means) in enumerate(
            STATEMENTS
        ):
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
    from brand.models import FeedbackAnswer

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
