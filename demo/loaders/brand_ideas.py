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

from django.utils import timezone

from brand.ideas import services
from brand.models import IdeaBoardPage, IdeaPage, IdeaStatus
from community.comments.services import post_comment
from community.models import Comment
from demo.content import read_yaml
from demo.loaders import as_people_would
from demo.loaders.people import people_by_key
from home.models import HomePage
from knowledge.models import KnowledgePage

_DATA = read_yaml("brand_ideas.yaml")
BOARD, MERGED, COMMENTS = (_DATA[key] for key in ("board", "merged", "comments"))
IDEA_FIELDS = (
    "title",
    "author",
    "problem",
    "proposal",
    "status",
    "reason",
    "about",
    "days_ago",
    "votes",
)
IDEAS = [tuple(idea.get(name, "") for name in IDEA_FIELDS) for idea in _DATA["ideas"]]


def seed(log, password: str) -> None:
    with as_people_would():
        limit = services.IDEAS_PER_HOUR
        services.IDEAS_PER_HOUR = 1_000_000
        try:
            _seed(log)
        finally:
            services.IDEAS_PER_HOUR = limit


def _board():
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
    people = people_by_key()
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
