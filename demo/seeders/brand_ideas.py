"""Demo content: the idea board, with ideas in every status.

Everything goes through `brand.services.ideas` and the comments service, as people's own
actions would: staff submit ideas (some about existing wiki pages), colleagues vote and
comment, communications move them along, decline one with a reason, ship two and merge a
duplicate. While it runs, tasks run inline and mail goes to memory (no demo person is sent
an email) and the rate limits are lifted. Idempotent: an idea whose title is already on the
board is left alone; deterministic: a seeded random.Random.
"""

import random
from datetime import timedelta

from django.test.utils import override_settings
from django.utils import timezone

BOARD = {
    "title": "Idea board",
    "slug": "ideas",
    "intro": (
        "<p>Anyone can suggest how we work better. Vote for the ideas you want, discuss them, "
        "and Communications will tell you what happens next.</p>"
    ),
}

# (title, author, problem, proposal, status, reason, about page slug, days ago, votes)
# Authors: demo logins by username, or "s<N>": the N-th row of demo_people() (demo/content/people.csv).
IDEAS = [
    ("Quiet rooms on every floor", "s3",
     "Open-plan floors are loud; people take calls in the stairwell.",
     "Turn one meeting room per floor into a bookable quiet room with no calls allowed.",
     "planned", "Facilities will convert one room per floor in the next quarter.", "", 52, 24),
    ("Show taxi rules at the top of the expense policy", "employee",
     "Everyone asks whether taxis to the airport are covered; the answer is buried.",
     "Add a short 'Travel at a glance' box at the top of the policy.",
     "done", "Added to the page in the March revision.", "expense-policy", 48, 17),
    ("A first-five-minutes checklist for incidents", "s6",
     "During an incident people scroll the runbook looking for the paging command.",
     "Put a five-bullet checklist with the paging command first at the top of the runbook.",
     "done", "", "incident-response-runbook", 45, 21),
    ("Pin the database image version in the setup guide", "s10",
     "The setup script fails on Apple silicon with the old database image.",
     "Pin version 16 in the guide and the script, and say so in a callout.",
     "review", "", "local-development-setup", 40, 9),
    ("Free parking for everyone", "s16",
     "Parking near the Berlin office costs 12 euros a day.",
     "Rent the whole car park next door for staff.",
     "declined", "The lease would cost more than our whole travel budget; we are extending the "
     "public transport allowance instead.", "", 38, 6),
    ("Bike racks by the side door", "s11",
     "Bikes are locked to the fence and the landlord fines us.",
     "Install ten covered racks by the side door of the Berlin office.",
     "new", "", "", 12, 14),
    ("Examples of good review comments", "s7",
     "New joiners do not know what a kind but useful review comment looks like.",
     "Add five real, anonymised examples to the code review guidelines.",
     "planned", "", "code-review-guidelines", 30, 11),
    ("Hybrid meeting etiquette guide", "s13",
     "Remote participants cannot hear half the room and are talked over.",
     "A one-page guide: one laptop per person, raise hands in chat, chair reads the chat.",
     "review", "", "remote-work-policy", 27, 15),
    ("Monthly lunch with someone from another team", "s2",
     "We only know people in our own department.",
     "Pair people at random each month; the company pays for lunch.",
     "new", "", "", 9, 19),
    ("Worked example of half-day per diem", "s15",
     "Nobody can work out the per diem for half days from the table.",
     "Add one worked example with real numbers.",
     "new", "", "expense-policy", 6, 5),
    ("Status calendar customers can subscribe to", "employee",
     "Sales staff copy maintenance windows into emails by hand.",
     "Publish the maintenance calendar as a feed customers can subscribe to.",
     "new", "", "deploy-to-production", 4, 8),
    ("Replace the printer in the London office", "s14",
     "It jams every day and nobody knows who to call.",
     "Lease a new printer and put the support number on it.",
     "new", "", "", 3, 3),
    ("Plant-filled break room", "s8",
     "The break room is grey and nobody stays there.",
     "Plants, two sofas and a notice board for team news.",
     "review", "", "", 18, 12),
    ("Onboarding buddy for every new joiner", "s4",
     "New joiners do not know whom to ask the small questions.",
     "Give every new joiner a buddy outside their team for the first month.",
     "planned", "We start with the May joiners.", "", 35, 20),
    ("Quiet zones on each floor", "s9",
     "It is too loud to concentrate in the afternoon.",
     "Mark part of every floor as a quiet zone.",
     "merged", "", "", 50, 7),
    ("Four-day work week", "s12",
     "People are tired and want more time with family.",
     "Try a four-day week with the same pay for three months.",
     "declined", "Not this year: we will look at flexible Fridays in the summer instead.", "",
     25, 22),
    ("Captions on all-hands recordings", "s5",
     "Colleagues who are hard of hearing and non-native speakers miss parts of all-hands.",
     "Turn on automatic captions and publish a transcript with each recording.",
     "new", "", "", 1, 2),
]  # fmt: skip

MERGED = ("Quiet zones on each floor", "Quiet rooms on every floor")

COMMENTS = {
    "Quiet rooms on every floor": [
        ("s5", "Yes please. Could one of them have a standing desk?"),
        ("comms", "Facilities are looking at room 3.14 on each floor first."),
    ],
    "Free parking for everyone": [
        ("s1", "Could we get a discount at the public garage instead?"),
    ],
    "Bike racks by the side door": [
        ("employee", "And a pump, please! Mine is always flat after the weekend."),
        ("s3", "The landlord said racks are fine if they are not on the pavement."),
    ],
    "Hybrid meeting etiquette guide": [
        ("s7", "Our team tried the 'one laptop per person' rule and it works."),
    ],
    "Monthly lunch with someone from another team": [
        ("s10", "I would sign up. Maybe opt-in rather than random for everyone?"),
    ],
}


def seed(log, password: str) -> None:
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        HEARTH_POSTS_PER_MINUTE=1_000_000,
    ):
        from brand.services import ideas as services

        limit = services.IDEAS_PER_HOUR
        services.IDEAS_PER_HOUR = 1_000_000
        try:
            _seed(log)
        finally:
            services.IDEAS_PER_HOUR = limit


def _people() -> dict:
    from core.models import User
    from demo.loaders.people import demo_logins, demo_people

    names = [login.username for login in demo_logins()]
    staff = [person["username"] for person in demo_people()]
    users = User.objects.in_bulk([*names, *staff], field_name="username")
    people = {name: users[name] for name in names if name in users}
    people.update({f"s{n}": users[name] for n, name in enumerate(staff) if name in users})
    return people


def _board():
    from brand.models import IdeaBoardPage
    from home.models import HomePage

    board = IdeaBoardPage.objects.first()
    if board is None:
        home = HomePage.objects.get()
        board = IdeaBoardPage(
            title=BOARD["title"], slug=BOARD["slug"], intro=BOARD["intro"], show_in_menus=True
        )
        home.add_child(instance=board)
        board.save_revision().publish(skip_permission_checks=True)
    return board


def _seed(log) -> None:
    from brand.models import IdeaPage, IdeaStatus
    from brand.services import ideas as services
    from community.models import Comment
    from community.services.comments import post_comment
    from knowledge.models import KnowledgePage

    people = _people()
    comms = people.get("comms") or people.get("admin")
    if comms is None:
        log("ideas skipped: run the people demo first")
        return
    board = _board()
    existing = set(IdeaPage.objects.child_of(board).values_list("title", flat=True))
    pages = {page.slug: page for page in KnowledgePage.objects.live()}
    rng = random.Random(2026)  # noqa: S311 - demo data, not secrets
    voters = [person for key, person in sorted(people.items()) if key != "guest"]
    now = timezone.now()
    created: dict[str, IdeaPage] = {}

    for title, author_key, problem, proposal, _status, _reason, about, days, votes in IDEAS:
        if title in existing or author_key not in people:
            continue
        author = people[author_key]
        about_page = pages.get(about) if about else None
        idea = services.submit_idea(
            author,
            board,
            title=title,
            problem=problem,
            proposal=proposal,
            about_page=about_page,
        )
        when = now - timedelta(days=days, hours=rng.randint(0, 8))
        IdeaPage.objects.filter(pk=idea.pk).update(
            first_published_at=when, last_published_at=when, status_changed_at=when
        )
        for voter in rng.sample(voters, min(votes, len(voters))):
            if voter.pk != author.pk:
                services.vote(voter, idea)
        for number, (commenter, text) in enumerate(COMMENTS.get(title, []), start=1):
            if commenter in people:
                comment = post_comment(people[commenter], idea, text)
                Comment.objects.filter(pk=comment.pk).update(
                    created_at=when + timedelta(hours=5 * number + rng.randint(0, 4))
                )
        created[title] = idea

    for title, _author, _problem, _proposal, status, reason, _about, days, _votes in IDEAS:
        idea = created.get(title)
        if idea is None or status in (IdeaStatus.NEW, IdeaStatus.MERGED):
            continue
        idea.refresh_from_db()
        if status in (IdeaStatus.PLANNED, IdeaStatus.DONE):
            services.change_status(comms, idea, IdeaStatus.UNDER_REVIEW)
        services.change_status(comms, idea, status, reason)
        changed = now - timedelta(days=max(days // 3, 1))
        IdeaPage.objects.filter(pk=idea.pk).update(status_changed_at=changed)

    duplicate, into = (created.get(title) for title in MERGED)
    if duplicate is not None and into is not None:
        duplicate.refresh_from_db()
        services.merge_idea(comms, duplicate, into)

    total = IdeaPage.objects.child_of(board).count()
    log(f"ideas: {len(created)} new, {total} on the board")
