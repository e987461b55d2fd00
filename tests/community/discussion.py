"""Pages and people the comment, reaction and mention tests share (plain helpers, so each
test module declares the fixtures it uses)."""

from django.contrib.auth.models import Group
from wagtail.rich_text import RichText

from tests.factories import (
    KnowledgeIndexPageFactory,
    KnowledgePageFactory,
    SpacePageFactory,
    UserFactory,
    publish,
    restrict_to_groups,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


def knowledge_page(home, owner=None, title="Reset your VPN token", body=None):
    """A published knowledge page in a space (a real revision, as readers get it), with
    `body` (StreamField data) or one short paragraph."""
    owner = owner or UserFactory(first_name="Oona", last_name="Owner", roles=["Employees"])
    index = KnowledgeIndexPageFactory(parent=home)
    space = SpacePageFactory(parent=index, title="IT Help", owners=[owner])
    page = KnowledgePageFactory(parent=space, title=title, content_owner=owner)
    publish(
        page,
        owner,
        body=body or [("paragraph", RichText("<p>Have your laptop and phone ready.</p>"))],
    )
    return page


def sibling_page(page, title="Another page"):
    other = KnowledgePageFactory(
        parent=page.get_parent(), title=title, content_owner=page.content_owner
    )
    publish(other, page.content_owner, body=[("paragraph", RichText("<p>Other text.</p>"))])
    return other


def restrict_to_group(page, name="Leaders"):
    """Only members of group `name` (and superusers) may see `page`; returns the group."""
    group, _created = Group.objects.get_or_create(name=name)
    restrict_to_groups(page, group)
    return group


def bench_shaped_page(home, reader, people: int = 12):
    """The shape of the knowledge page `bench/run.py` measures (bench/pages.py), written
    in bulk so it is quick to make: 20 threads, the first 10 with 30 replies between them
    (up to 3 deep), 80 reactions (every eighth the reader's), 20 shared annotations with
    notes (every fifth a question). Deterministic, so a size pinned on it stays put."""
    import random

    from django.db.models import F

    from community.annotations import anchoring
    from community.models import (
        AnchorState,
        Annotation,
        Comment,
        Reaction,
        ReactionKind,
    )

    rng = random.Random(2024)
    words = [
        "token",
        "laptop",
        "renew",
        "portal",
        "password",
        "account",
        "access",
        "reset",
        "phone",
        "policy",
    ]

    def sentence(low: int, high: int) -> str:
        return " ".join(rng.choice(words) for _ in range(rng.randint(low, high))).capitalize()

    body = []
    for n in range(6):
        body.append(("heading", {"text": f"Part {n} of the guide", "level": "h2"}))
        paragraph = ". ".join(sentence(8, 16) for _ in range(5))
        body.append(("paragraph", RichText(f"<p>{paragraph}.</p>")))
    page = knowledge_page(home, title="A much discussed page", body=body)
    crowd = [
        reader,
        *(
            UserFactory(first_name=f"Bench{n}", last_name="Reader", roles=["Employees"])
            for n in range(people)
        ),
    ]

    def comment(**fields) -> Comment:
        text = sentence(6, 30)
        made = Comment.objects.create(
            page=page, author=rng.choice(crowd), body=text, body_html=f"<p>{text}</p>", **fields
        )
        return made

    threads = [comment() for _ in range(20)]
    Comment.objects.filter(pk__in=[t.pk for t in threads]).update(thread=F("pk"))
    comments = list(threads)
    for n in range(30):
        holders = [
            c for c in comments if (c.thread_id or c.pk) == threads[n % 10].pk and c.depth < 3
        ]
        parent = rng.choice(holders)
        comments.append(
            comment(parent=parent, thread_id=threads[n % 10].pk, depth=parent.depth + 1)
        )
    seen, reactions = set(), []
    while len(reactions) < 80:
        target = None if rng.random() < 0.2 else rng.choice(comments)
        person = reader if len(reactions) % 8 == 0 else rng.choice(crowd)
        kind = rng.choice(ReactionKind.values)
        key = (target and target.pk, person.pk, kind)
        if key not in seen:
            seen.add(key)
            reactions.append(Reaction(page=page, comment=target, user=person, kind=kind))
    Reaction.objects.bulk_create(reactions)
    texts = anchoring.live_texts(page)
    blocks = [(block_id, text) for block_id, text in texts.items() if len(text) > 40]
    notes = []
    for n in range(20):
        block_id, text = blocks[n % len(blocks)]
        start = rng.randrange(0, len(text) - 30)
        exact = text[start : start + rng.randint(8, 30)]
        note = sentence(4, 16)
        notes.append(
            Annotation(
                page=page,
                author=rng.choice(crowd),
                is_question=n % 5 == 0,
                body=note,
                body_html=f"<p>{note}</p>",
                exact=exact,
                start=start,
                end=start + len(exact),
                block_id=block_id,
                current_block_id=block_id,
                current_start=start,
                current_end=start + len(exact),
                revision_id=page.live_revision_id,
                anchor_state=AnchorState.ANCHORED,
                anchored_revision_id=page.live_revision_id,
            )
        )
    Annotation.objects.bulk_create(notes)
    return page
