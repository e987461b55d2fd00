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
from django.test.utils import override_settings
from django.utils import timezone

# Authors: demo logins by username, or "s<N>": the N-th row of demo_people() (demo/content/people.csv).
# A thread is (author, text, [replies]); replies nest the same way.
THREADS: dict[str, list] = {
    "deploy-to-production": [
        ("s5", "Do we still need a second approver for hotfixes at night? On-call is usually alone at 3 a.m.", [
            ("owner", "For a severity 1 fix one reviewer is enough: the incident commander counts as the second. I'll make that explicit in the next revision.", [
                ("s7", "Thanks, that matches what we did during the March outage. @owner could you link the incident runbook from that step?", []),
            ]),
            ("s8", "We keep a pre-deploy checklist in our team notes; happy to merge it here if it helps.", []),
        ]),
        ("employee", "Coming from Sales: is there a calendar of planned maintenance windows I can share with customers?", [
            ("s4", "@employee yes, Operations keeps the status calendar. Ask in the ops channel and they will add your customers' contacts.", [
                ("employee", "Perfect, thank you!", []),
            ]),
        ]),
    ],
    "incident-response-runbook": [
        ("s9", "The escalation table lists a phone bridge that was retired last year. Should we use the video link from the on-call handbook?", [
            ("owner", "Good catch: yes, the video bridge. Fixing it today.", []),
        ]),
        ("s6", "Suggestion: a short *first five minutes* checklist at the top. People panic and scroll.", [
            ("s3", "+1. Keep it to five bullets, with the paging command first.", [
                ("s10", "I drafted one for the payments incident review; I'll propose it as an edit.", []),
            ]),
        ]),
    ],
    "expense-policy": [
        ("employee", "Are taxis to the airport covered when the train would take more than two hours?", [
            ("comms", "Yes, when the train takes more than twice as long, or before 6:00. Keep the receipt.", [
                ("s14", "The same rule applies abroad; Finance confirmed it last week.", []),
            ]),
        ]),
        ("s15", "Could we have a worked example of the per diem for half days?", [
            ("s2", "Good idea. Finance will add one next month.", []),
        ]),
    ],
    "remote-work-policy": [
        ("s11", "Does the equipment allowance renew every year or once per employment?", [
            ("comms", "Once every three years for the big items; accessories such as a headset or keyboard yearly.", [
                ("s11", "Thanks, that is clearer than the old FAQ.", []),
            ]),
        ]),
        ("s13", "Working from another country for more than 30 days needs HR approval. Can we say that near the top?", [
            ("s12", "Agreed, it is the question we get most. @comms could you move it up?", []),
        ]),
    ],
    "code-review-guidelines": [
        ("s6", "Four hours for urgent pull requests: business hours or wall clock?", [
            ("editor", "Business hours where the reviewer is. I'll add a sentence.", [
                ("s9", "And across time zones, does the clock stop overnight?", []),
            ]),
        ]),
        ("s7", "I like the section on kind wording. Could we add **examples** of good review comments?", []),
    ],
    "local-development-setup": [
        ("s10", "The setup script fails on Apple silicon with the old database image; version 16 fixes it.", [
            ("editor", "Thanks! The next revision pins version 16.", []),
        ]),
        ("employee", "Is this page useful for non-engineers who want to run the demo locally?", [
            ("s8", "Mostly, yes. Skip the debugging section and you will be fine.", []),
        ]),
    ],
    "vacation-and-pto-policy": [
        ("s14", "Do unused days carry over to the next year?", [
            ("comms", "Up to five days, to be taken by the end of March.", [
                ("s15", "Could the page mention that managers get a reminder in January? @employee you asked me about this last week.", []),
            ]),
        ]),
    ],
    "report-phishing": [
        ("s5", "The report button in the mail client only shows on desktop. What should we do on phones?", [
            ("admin", "Forward the message as an attachment to the security address; step 3 shows how.", [
                ("employee", "Got one this morning and did exactly that. Very easy.", []),
            ]),
        ]),
    ],
}  # fmt: skip

# A comment readers reported: off topic, waiting in the moderation queue.
REPORTED = (
    "remote-work-policy",
    "s16",
    "Selling my old standing desk, 80 euros, pick-up in Berlin. Message me!",
)
REPORTERS = [("s1", "off_topic", "A sales ad on a policy page."), ("s3", "spam", "")]

# (page slug, author, which long block of the body, note, is a question to the owner)
ANNOTATIONS = [
    ("expense-policy", "s14", 0, "This limit changed in January; worth double-checking before you book.", False),
    ("code-review-guidelines", "s7", 1, "New joiners ask about this more than anything else.", False),
    ("deploy-to-production", "s8", 1, "We do this from the release channel so everyone sees it.", False),
    ("submit-an-expense-claim", "s13", 0, "Does this apply to contractors too?", True),
]  # fmt: skip
# Annotated, then rewritten by its owner in a later revision: the annotation is orphaned.
ORPHAN = ("incident-response-runbook", "s9", 1, "Is this still right after the reorganisation?")
ORPHAN_REWRITE = (
    "<p>The incident commander decides who joins the call and writes the first status "
    "update within fifteen minutes.</p>"
)

REACTION_KINDS = ["helpful", "like", "insightful", "celebrate"]


def seed(log, password: str) -> None:
    from community.models import Comment
    from knowledge.models import KnowledgePage

    slugs = set(THREADS) | {spec[0] for spec in ANNOTATIONS} | {ORPHAN[0], REPORTED[0]}
    pages = {page.slug: page for page in KnowledgePage.objects.live().filter(slug__in=slugs)}
    if Comment.objects.filter(page__in=list(pages.values())).exists():
        log("discussion already there")
        return
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        HEARTH_POSTS_PER_MINUTE=1_000_000,
    ):
        _seed(pages, log)


def _people() -> dict:
    from core.models import User
    from demo.loaders.people import demo_logins, demo_people

    names = [login.username for login in demo_logins()]
    staff = [person["username"] for person in demo_people()]
    users = User.objects.in_bulk([*names, *staff], field_name="username")
    people = {name: users[name] for name in names if name in users}
    people.update({f"s{n}": users[name] for n, name in enumerate(staff) if name in users})
    return people


def _seed(pages: dict, log) -> None:
    from community.models import Comment
    from core.models import User

    people = _people()
    rng = random.Random(2026)  # noqa: S311 - demo data, not secrets
    now = timezone.now()
    comments = []

    def post(page, spec, parent, when):
        from community.services import comments as comment_service

        author, text, replies = spec
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
    from community.models import Notification

    mine = Notification.objects.filter(recipient=employee)
    oldest = list(mine.order_by("created_at", "pk").values_list("pk", flat=True)[:2])
    mine.filter(pk__in=oldest).update(read_at=now)


def _seed_reported(pages, people, now):
    from community.models import Comment
    from community.services import comments as comment_service
    from community.services import moderation

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
    from community.anchoring import live_texts

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
    from community.anchoring import Selector
    from community.services import annotations

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
    from wagtail.rich_text import RichText

    from community.anchoring import reanchor_page_now
    from community.models import Annotation
    from knowledge.models import KnowledgePage

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
    revision = page.save_revision(user=editor, log_action=True)
    revision.publish(user=editor, skip_permission_checks=True)
    reanchor_page_now(page, revision)  # also queued by the publish signal; this is idempotent
    return Annotation.objects.get(pk=annotation.pk)


def _seed_reactions(pages, comments, rng) -> int:
    from community.services import reactions
    from core.models import User

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
