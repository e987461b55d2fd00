"""Demo content: communities of interest with posts and events, and questions.

Six communities (one invite-only) with members, posts, replies and reactions, and events;
questions across spaces and communities: answered, accepted, one promoted to a knowledge
page draft, several unanswered and one older than the reminder threshold. Everything goes
through the services, as people would do it. Idempotent: nothing is added if the
communities directory exists already.
"""

import random
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from community.comments import services as comment_service
from community.groups import services as groups
from community.models import (
    Comment,
    CommunitiesIndexPage,
    CommunityEvent,
    CommunityPinnedPage,
    ReactionKind,
)
from community.questions import services as questions
from community.reactions import services as reactions
from demo.content import read_yaml
from demo.loaders import as_people_would
from demo.loaders.people import people_by_key
from home.models import HomePage
from knowledge.models import KnowledgePage, QuestionPage, SpacePage

_DATA = read_yaml("groups.yaml")
COMMUNITIES, EVENTS, REPLIES, QUESTIONS = (
    _DATA[key] for key in ("communities", "events", "replies", "questions")
)


def seed(log, password: str) -> None:
    if CommunitiesIndexPage.objects.exists():
        log("communities already there")
        return
    with as_people_would():
        _seed(log)


def _seed(log) -> None:
    _run(log)


def _index(log):
    home = HomePage.objects.first()
    if home is None:
        log("no home page: skipped communities")
        return None
    index = CommunitiesIndexPage(show_in_menus=True, live=False, **_DATA["index"])
    home.add_child(instance=index)
    index.save_revision().publish(skip_permission_checks=True)
    return index


def _run(log) -> None:
    if _index(log) is None:
        return
    people = people_by_key()
    staff = [person for key, person in sorted(people.items()) if key.startswith("s")]
    rng = random.Random(2026)  # noqa: S311 - demo data, not secrets
    now = timezone.now()
    communities = {}
    posts = 0
    for spec in COMMUNITIES:
        name, purpose, access, owner_key = (
            spec[key] for key in ("name", "purpose", "access", "founder")
        )
        threads = [(post["text"], post["replies"]) for post in spec["posts"]]
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
    spaces = {space.slug: space for space in SpacePage.objects.live()}
    owner = people.get("owner")
    counts = {"accepted": 0, "answered": 0, "unanswered": 0, "old": 0, "promoted": 0}
    asked = 0
    for number, spec in enumerate(QUESTIONS):
        where, title, body, tags, answers, fate = (
            spec.get(key, "") for key in ("where", "title", "body", "tags", "answers", "fate")
        )
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
