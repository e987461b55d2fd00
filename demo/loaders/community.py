"""Demo conversation for `manage.py seed_demo`: threads on knowledge pages, reactions,
shared annotations (one orphaned by a later revision, one a question to the page's owner),
a reported comment waiting in the moderation queue, and notifications for `employee`.

Everything goes through the community services, as a person's actions would. While it
runs, background tasks run inline and mail goes to memory, so the notifications exist
when seeding ends and no demo person is sent an email; the posting rate limit is lifted.
Idempotent: if the demo pages already have comments, nothing is added.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.rich_text import RichText

from community.annotations import services as annotations
from community.annotations.anchoring import Selector, live_texts, reanchor_page_now
from community.comments import services as comment_service
from community.models import Annotation, Comment, Notification
from community.moderation import services as moderation
from community.reactions import services as reactions
from core.models import User
from core.site_pages import publish_as
from demo.content import read_yaml
from demo.loaders import as_people_would
from demo.loaders.people import people_by_key
from knowledge.models import KnowledgePage

_DATA = read_yaml("community.yaml")
REPORTED, REPORTERS, ANNOTATIONS, ORPHAN, ORPHAN_REWRITE, REACTION_KINDS = (
    _DATA[key]
    for key in (
        "reported",
        "reporters",
        "annotations",
        "orphan",
        "orphan_rewrite",
        "reaction_kinds",
    )
)
THREADS = _DATA["threads"]


def seed(log, password: str) -> None:
    slugs = set(THREADS) | {spec[0] for spec in ANNOTATIONS} | {ORPHAN[0], REPORTED[0]}
    pages = {page.slug: page for page in KnowledgePage.objects.live().filter(slug__in=slugs)}
    if Comment.objects.filter(page__in=list(pages.values())).exists():
        log("discussion already there")
        return
    with as_people_would():
        _seed(pages, log)


def _seed(pages: dict, log) -> None:
    people = people_by_key()
    rng = random.Random(2026)  # noqa: S311 - demo data, not secrets
    now = timezone.now()
    comments = []

    def post(page, spec, parent, when):
        author, text, replies = spec["author"], spec["text"], spec.get("replies", [])
        comment = comment_service.post_comment(people[author], page, text, parent=parent)
        Comment.objects.filter(pk=comment.pk).update(created_at=when)
        comments.append(comment)
        for number, reply in enumerate(replies, start=1):
            post(page, reply, comment, when + timedelta(hours=3 * number + rng.randint(0, 5)))

    day = 40
    for slug, threads in THREADS.items():
        page = pages.get(slug)
        if page is None:
            continue
        for thread in threads:
            day -= 2
            post(page, thread, None, now - timedelta(days=day, hours=rng.randint(0, 8)))
    log(f"comments: {len(comments)} on {len(THREADS)} pages")

    reported = _seed_reported(pages, people, now)
    if reported is not None:
        comments.append(reported)
    annotations = _seed_annotations(pages, people, log)
    orphan = _seed_orphan(pages, people, log)
    reactions = _seed_reactions(pages, comments, rng)
    log(f"annotations: {annotations + bool(orphan)} shared (one orphaned: {bool(orphan)})")
    log(f"reactions: {reactions}")

    employee = User.objects.filter(username="employee").first()
    if employee is not None:
        # After the notification tasks have run (at once, or when an enclosing
        # transaction commits): the two oldest are read, the rest wait.
        transaction.on_commit(lambda: _read_some(employee, now))


def _read_some(employee, now) -> None:
    mine = Notification.objects.filter(recipient=employee)
    oldest = list(mine.order_by("created_at", "pk").values_list("pk", flat=True)[:2])
    mine.filter(pk__in=oldest).update(read_at=now)


def _seed_reported(pages, people, now):
    slug, author, text = REPORTED
    page = pages.get(slug)
    if page is None or author not in people:
        return None
    comment = comment_service.post_comment(people[author], page, text)
    Comment.objects.filter(pk=comment.pk).update(created_at=now - timedelta(days=2))
    for reporter, reason, note in REPORTERS:
        moderation.flag_item(people[reporter], comment, reason, note)
    return comment


def _passage(page, nth: int):
    """A sentence of the `nth` block with enough text: (block id, start, end, sentence)."""

    blocks = [(block_id, text) for block_id, text in live_texts(page).items() if len(text) >= 60]
    if not blocks:
        return None
    block_id, text = blocks[min(nth, len(blocks) - 1)]
    start = len(text) - len(text.lstrip())
    end = text.find(". ", start)
    end = len(text.rstrip()) if end == -1 else end + 1
    end = min(end, start + 140)
    return block_id, start, end, text[start:end]


def _annotate(page, author, nth, note, is_question=False):
    passage = _passage(page, nth)
    if passage is None:
        return None
    block_id, start, end, exact = passage
    selector = Selector(block_id=block_id, exact=exact, prefix="", suffix="", start=start, end=end)
    return annotations.create_annotation(author, page, selector, note, is_question=is_question)


def _seed_annotations(pages, people, log) -> int:
    made = 0
    for slug, author, nth, note, is_question in ANNOTATIONS:
        page = pages.get(slug)
        if page is not None and author in people:
            made += _annotate(page, people[author], nth, note, is_question) is not None
    return made


def _seed_orphan(pages, people, log):
    """Annotate a passage, then publish a revision that rewrites it: re-anchoring finds
    nothing like it, so the annotation is orphaned (and still listed with its quote)."""

    slug, author, nth, note = ORPHAN
    page = pages.get(slug)
    if page is None or author not in people:
        return None
    annotation = _annotate(page, people[author], nth, note)
    if annotation is None:
        return None
    page = KnowledgePage.objects.get(pk=page.pk)
    for index, block in enumerate(page.body):
        if block.id == annotation.block_id:
            page.body[index] = ("paragraph", RichText(ORPHAN_REWRITE))
            break
    page.change_note = "Rewrote who joins the incident call"
    page.material_change = False
    editor = page.content_owner or people.get("owner")
    revision = publish_as(page, editor)
    reanchor_page_now(page, revision)  # also queued by the publish signal; this is idempotent
    return Annotation.objects.get(pk=annotation.pk)


def _seed_reactions(pages, comments, rng) -> int:
    readers = list(
        User.objects.filter(groups__name="Employees", is_active=True).order_by("username")
    )
    made = 0
    for page in pages.values():
        for reader in rng.sample(readers, min(len(readers), rng.randint(12, 24))):
            kind = rng.choice(REACTION_KINDS)
            made += reactions.set_reaction(reader, page, kind, on=True)
    for comment in comments:
        if comment.status != "visible":
            continue
        for reader in rng.sample(readers, min(len(readers), rng.randint(0, 7))):
            if reader.pk != comment.author_id:
                kind = rng.choice(REACTION_KINDS[:3])
                made += reactions.set_reaction(reader, comment.page, kind, on=True, comment=comment)
    return made
