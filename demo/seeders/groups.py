"""Demo content: communities of interest with posts and events, and questions.

Six communities (one invite-only) with members, posts, replies and reactions, and events;
questions across spaces and communities: answered, accepted, one promoted to a knowledge
page draft, several unanswered and one older than the reminder threshold. Everything goes
through the services, as people would do it. Idempotent: nothing is added if the
communities directory exists already.
"""

import random
from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

COMMUNITIES = [
    # name, purpose, access, owner, posts
    (
        "Cycling to work",
        "Routes, bike storage, repairs and the bike-to-work scheme. Everyone who rides "
        "(or wants to start) is welcome.",
        "open",
        "employee",
        [
            ("Which route do you take from Kreuzberg? The canal path floods after rain.", 2),
            ("The bike room on floor -1 has new pumps and a repair stand. 🎉", 3),
            ("Anyone up for a Friday morning group ride? Coffee afterwards.", 2),
        ],
    ),
    (
        "Python guild",
        "Python at Fernway: code review habits, typing, packaging, and the libraries "
        "we standardise on. Bring questions, show what you built.",
        "open",
        "editor",
        [
            ("We moved the billing service to uv; builds went from 4 min to 50 s.", 3),
            ("Do we allow `from __future__ import annotations` in new code? Opinions?", 3),
            ("Lightning talks on the 14th: sign up in the thread below.", 2),
        ],
    ),
    (
        "Parents at Fernway",
        "Childcare, school holidays, parental leave and flexible hours: ask parents who "
        "have done it before.",
        "open",
        "owner",
        [
            ("Tips for the first week back after parental leave?", 3),
            ("School holidays overlap with the release freeze again; who is planning what?", 2),
        ],
    ),
    (
        "Data and analytics",
        "Dashboards, SQL, metrics definitions and experiments. One definition of "
        "'active customer', please.",
        "open",
        "comms",
        [
            ("Draft definition of 'active customer' for FY reporting: comments welcome.", 3),
            ("The warehouse will be read-only on Saturday 06:00 to 08:00 for the upgrade.", 1),
        ],
    ),
    (
        "Accessibility champions",
        "People who make our products and documents usable by everyone: audits, "
        "screen-reader testing, plain language.",
        "open",
        "moderator",
        [
            ("We ran NVDA on the checkout: three unlabeled buttons. Fixes are in review.", 2),
            ("Plain-language checklist for policy pages: draft attached in the wiki.", 2),
        ],
    ),
    (
        "Incident commanders",
        "The on-call incident commanders: hand-overs, drills and lessons learned. "
        "Invite-only: ask an owner to join.",
        "invite",
        "owner",
        [
            ("Hand-over: the payment provider's webhook retries are still flaky.", 2),
            ("Next game day: database fail-over on staging, Thursday 10:00.", 2),
        ],
    ),
]

EVENTS = [
    ("Cycling to work", "Friday group ride", 5, 8, 1.5, "Main entrance, Berlin", ""),
    ("Python guild", "Lightning talks", 9, 16, 1, "Room Spree", "https://meet.example.com/py"),
    ("Data and analytics", "Metrics office hours", 3, 14, 1, "", "https://meet.example.com/data"),
    ("Incident commanders", "Game day: database fail-over", 12, 10, 2, "War room", ""),
    ("Accessibility champions", "Screen reader lab", 20, 15, 1.5, "Usability lab, London", ""),
]

REPLIES = [
    "Good point, thanks for sharing.",
    "+1, I had the same experience.",
    "Could you add this to the wiki page?",
    "I can help with that: ping me.",
    "Great news!",
    "Count me in.",
]

# (where: space slug or community name, title, details, tags, answers, fate)
# fate: "accepted", "answered", "unanswered", "old" (unanswered past the threshold),
# "promoted" (accepted and promoted to a knowledge page draft).
QUESTIONS = [
    (
        "it-help",
        "How do I reset my VPN token when I am abroad?",
        "The portal asks for a code sent to my office phone.",
        "vpn, remote work",
        [
            "Use the backup codes in the self-service portal under *Security*.",
            "Call the service desk: they can verify you by video.",
        ],
        "promoted",
    ),
    (
        "it-help",
        "Can I use my own monitor with the docking station?",
        "",
        "hardware",
        ["Yes, any USB-C or DisplayPort monitor works."],
        "accepted",
    ),
    (
        "it-help",
        "Why does Outlook ask for my password every morning?",
        "Since the update last week.",
        "email, sso",
        ["Clear the saved credentials and sign in once with SSO."],
        "answered",
    ),
    ("it-help", "Is there a password manager we are allowed to use?", "", "security", [], "old"),
    (
        "it-help",
        "How do I get access to the staging database?",
        "I need read access for a migration check.",
        "database, access",
        [],
        "unanswered",
    ),
    (
        "engineering",
        "How do we version breaking API changes?",
        "Header or URL?",
        "api, versioning",
        [
            "URL major version (`/v2/`), see the API versioning policy.",
            "And announce it in #api-changes two sprints ahead.",
        ],
        "accepted",
    ),
    (
        "engineering",
        "Who approves a production database migration?",
        "",
        "database, deployment",
        ["The service owner plus one DBA reviewer, per the migration checklist."],
        "accepted",
    ),
    (
        "engineering",
        "What is our policy on feature flags older than 90 days?",
        "",
        "feature flags",
        ["They get a ticket to remove them; the bot files it."],
        "answered",
    ),
    (
        "engineering",
        "Can we use Rust for the new ingestion service?",
        "Performance matters; the team knows some Rust.",
        "architecture",
        [],
        "unanswered",
    ),
    (
        "people-hr",
        "How many vacation days carry over into next year?",
        "",
        "vacation, leave",
        ["Up to five days, used by 31 March."],
        "accepted",
    ),
    (
        "people-hr",
        "Does parental leave count towards the bonus?",
        "",
        "parental leave, bonus",
        ["Yes, the bonus is prorated only for unpaid leave."],
        "accepted",
    ),
    (
        "people-hr",
        "Where do I report a change of address?",
        "",
        "payroll",
        ["In the HR portal under *My data*."],
        "answered",
    ),
    (
        "people-hr",
        "Can I work from another EU country for a month?",
        "",
        "remote work, policy",
        [],
        "unanswered",
    ),
    (
        "sales",
        "Which discount needs a director's approval?",
        "",
        "discounts, approvals",
        ["Anything above 20% on list price."],
        "accepted",
    ),
    (
        "sales",
        "Where is the latest customer reference deck?",
        "",
        "sales enablement",
        [],
        "unanswered",
    ),
    (
        "Python guild",
        "Which type checker do we standardise on?",
        "mypy or pyright?",
        "python, typing",
        ["mypy in CI, pyright in the editor is fine.", "We use pyright in the data team."],
        "accepted",
    ),
    (
        "Python guild",
        "Is there an internal package index?",
        "",
        "python, packaging",
        ["Yes: the Artifactory PyPI mirror; see the dev setup page."],
        "answered",
    ),
    (
        "Cycling to work",
        "Is there a shower on the Berlin campus?",
        "",
        "facilities",
        ["Floor -1, next to the bike room."],
        "accepted",
    ),
    (
        "Data and analytics",
        "What counts as an active customer?",
        "For the FY dashboard.",
        "metrics",
        ["One paid order in the last 90 days (draft definition)."],
        "answered",
    ),
    (
        "Parents at Fernway",
        "Is there a room for nursing mothers in London?",
        "",
        "facilities, parents",
        ["Yes, room 2.14; book it in the room planner."],
        "accepted",
    ),
    (
        "Incident commanders",
        "Who pages the payment provider out of hours?",
        "",
        "incident response, payments",
        ["The IC, with the number in the runbook."],
        "accepted",
    ),
    (
        "Accessibility champions",
        "Which screen readers should we test with?",
        "",
        "accessibility, testing",
        [],
        "unanswered",
    ),
]


def seed(log, password: str) -> None:
    from community.models import CommunitiesIndexPage

    if CommunitiesIndexPage.objects.exists():
        log("communities already there")
        return
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        HEARTH_POSTS_PER_MINUTE=1_000_000,
    ):
        _seed(log)


def _people() -> dict:
    from demo.seeders.community import _people as community_people

    return community_people()


def _seed(log) -> None:
    _run(log)


def _index(log):
    from community.models import CommunitiesIndexPage
    from home.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        log("no home page: skipped communities")
        return None
    index = CommunitiesIndexPage(
        title="Communities",
        slug="communities",
        intro="<p>Communities of interest across teams: join one, or start your own.</p>",
        show_in_menus=True,
        live=False,
    )
    home.add_child(instance=index)
    index.save_revision().publish(skip_permission_checks=True)
    return index


def _run(log) -> None:
    from community.models import Comment, CommunityEvent, CommunityPinnedPage, ReactionKind
    from community.services import comments as comment_service
    from community.services import groups, reactions
    from knowledge.models import KnowledgePage

    if _index(log) is None:
        return
    people = _people()
    staff = [person for key, person in sorted(people.items()) if key.startswith("s")]
    rng = random.Random(2026)  # noqa: S311 - demo data, not secrets
    now = timezone.now()
    communities = {}
    posts = 0
    for name, purpose, access, owner_key, threads in COMMUNITIES:
        founder = people.get(owner_key) or staff[0]
        community = groups.start_community(founder, name, purpose, access)
        communities[name] = community
        joiners = rng.sample(staff, k=min(len(staff), rng.randint(5, 18)))
        if access == "open":
            for person in joiners:
                groups.join(person, community)
            if "employee" in people and owner_key != "employee" and rng.random() < 0.6:
                groups.join(people["employee"], community)
        else:
            for person in joiners[:6]:
                community.members_group.user_set.add(person)
        members = list(groups.members(community))
        for day, (text, reply_count) in enumerate(threads):
            author = rng.choice(members)
            post = comment_service.post_comment(author, community, text)
            when = now - timedelta(days=2 + 9 * day, hours=rng.randint(0, 8))
            Comment.objects.filter(pk=post.pk).update(created_at=when)
            posts += 1
            for number in range(reply_count):
                replier = rng.choice(members)
                reply = comment_service.post_comment(
                    replier, community, rng.choice(REPLIES), parent=post
                )
                Comment.objects.filter(pk=reply.pk).update(
                    created_at=when + timedelta(hours=2 * number + 1)
                )
                posts += 1
            for person in rng.sample(members, k=min(len(members), rng.randint(1, 5))):
                kind = rng.choice([ReactionKind.LIKE, ReactionKind.HELPFUL, ReactionKind.CELEBRATE])
                reactions.set_reaction(person, community, kind, on=True, comment=post)
    log(f"communities: {len(communities)} (1 invite-only), {posts} posts and replies")

    for name, title, days, hour, hours, place, link in EVENTS:
        community = communities[name]
        starts = (now + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
        CommunityEvent.objects.create(
            community=community,
            title=title,
            starts_at=starts,
            ends_at=starts + timedelta(hours=hours),
            place=place,
            link=link,
            description=f"{title} for members of {name}. Everyone is welcome.",
            created_by=community.owners.first(),
        )
    log(f"events: {len(EVENTS)}")

    pins = {
        "Python guild": ["local-development-setup", "code-review-guidelines"],
        "Incident commanders": ["incident-response-runbook", "on-call-handbook"],
        "Parents at Fernway": ["parental-leave-policy"],
    }
    for name, slugs in pins.items():
        pages = KnowledgePage.objects.live().filter(slug__in=slugs)
        for order, page in enumerate(pages):
            CommunityPinnedPage.objects.create(
                community=communities[name], target=page, sort_order=order
            )
    _questions(log, people, staff, communities, rng, now)


def _questions(log, people, staff, communities, rng, now) -> None:
    from django.conf import settings

    from community.services import questions
    from knowledge.models import QuestionPage, SpacePage

    spaces = {space.slug: space for space in SpacePage.objects.live()}
    owner = people.get("owner")
    counts = {"accepted": 0, "answered": 0, "unanswered": 0, "old": 0, "promoted": 0}
    asked = 0
    for number, (where, title, body, tags, answers, fate) in enumerate(QUESTIONS):
        parent = spaces.get(where) or communities.get(where)
        if parent is None:
            continue
        readers = (
            list(parent.members_group.user_set.all())
            if getattr(parent, "members_group", None) is not None
            else staff
        )
        asker = people["employee"] if number in (0, 9, 15) and "employee" in people else None
        asker = asker or rng.choice(readers)
        if not questions.can_ask(asker, parent):
            asker = rng.choice([p for p in readers if questions.can_ask(p, parent)] or [owner])
        question = questions.ask(asker, parent, title, body, tags)
        asked += 1
        age = (
            timedelta(days=settings.HEARTH_QUESTION_UNANSWERED_DAYS + 4)
            if fate == "old"
            else (
                timedelta(days=rng.randint(1, 2))
                if fate == "unanswered"
                else timedelta(days=rng.randint(4, 40))
            )
        )
        asked_at = now - age
        QuestionPage.objects.filter(pk=question.pk).update(
            first_published_at=asked_at, last_published_at=asked_at
        )
        question.refresh_from_db()
        given = []
        for offset, text in enumerate(answers):
            answerer = rng.choice([p for p in readers if p.pk != asker.pk] or staff)
            answer = questions.answer(answerer, question, text)
            at = asked_at + timedelta(hours=3 + 5 * offset)
            answer.__class__.objects.filter(pk=answer.pk).update(created_at=at)
            if offset == 0:
                QuestionPage.objects.filter(pk=question.pk).update(first_answer_at=at)
            given.append(answer)
            for voter in rng.sample(readers, k=min(len(readers), rng.randint(0, 4))):
                if voter.pk != answerer.pk:
                    questions.vote(voter, answer)
        if fate in ("accepted", "promoted") and given:
            question.refresh_from_db()
            questions.accept(asker, question, given[0])
            QuestionPage.objects.filter(pk=question.pk).update(
                accepted_at=asked_at + timedelta(hours=rng.randint(6, 48))
            )
        if fate == "promoted" and owner is not None:
            question.refresh_from_db()
            home_space = question.get_parent().specific
            if owner not in home_space.owners.all():
                owner = home_space.owners.first() or owner
            questions.promote(owner, question)
        counts[fate] += 1
    log(
        f"questions: {asked} ({counts['accepted'] + counts['promoted']} accepted, "
        f"{counts['promoted']} promoted to a draft, {counts['answered']} answered, "
        f"{counts['unanswered'] + counts['old']} unanswered, {counts['old']} overdue)"
    )
