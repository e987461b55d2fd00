"""Time a knowledge page's discussion through Django's test client, in-process.

Run from the repository root: `.venv/bin/python bench/bench_comments.py`. It migrates a
throwaway SQLite database in a temporary directory (settings `bench.settings`), then builds
two knowledge pages with the same body in one space:

- "busy": 200 comments in 40 threads (each a top-level comment and four replies, nested
  up to three levels, some edited) and 500 reactions (on the page and on comments) by 60
  people;
- "quiet": the same page with an empty discussion.

and measures, side by side and interleaved (the best of several runs, since noise only
ever makes a run slower):

(a) reading the busy page against the quiet page, and against the same page rendered
    without any discussion (`has_discussion` off for the run: no comments, reactions,
    annotations or watch button). Target: throughput busy/without ≥ 0.5.
(b) posting a comment without JavaScript (POST, answered with a redirect) against a read
    of the busy page. Target: a post costs at most two page reads.

It also checks that the busy and quiet pages cost the same number of SQL queries.
"""

import argparse
import random
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench import site  # noqa: E402
from bench.corpus import Writer  # noqa: E402
from bench.inprocess import bench_parser, run_on_throwaway_db, time_interleaved  # noqa: E402

THREADS = 40
REPLIES_PER_THREAD = 4
REACTIONS = 500
PEOPLE = 60
READ_TARGET = 0.5
POST_TARGET = 2.0


def build(seed: int):
    from django.contrib.auth.models import Group
    from django.utils import timezone
    from wagtail.rich_text import RichText

    from community.comments.services import render_comment
    from community.models import Comment, CommentEdit, Reaction, ReactionKind
    from core.models import User
    from knowledge.models import KnowledgePage
    from tests.factories import publish

    rng = random.Random(seed)
    writer = Writer(rng)
    employees = Group.objects.get(name="Employees")
    people = []
    for n in range(PEOPLE):
        person = User.objects.create_user(f"person{n}", first_name=f"First{n}", last_name="Last")
        person.groups.add(employees)
        people.append(person)
    reader = people[0]

    space = site.knowledge_space()
    body = []
    for _ in range(6):
        body.append(("heading", {"text": " ".join(writer.sentence(2, 5)), "level": "h2"}))
        body.append(("paragraph", RichText(f"<p>{' '.join(writer.paragraph())}</p>")))
    pages = {}
    for slug in ("quiet", "busy"):
        page = space.add_child(instance=KnowledgePage(title=f"A {slug} page", slug=slug))
        publish(page, people[1], body=body, content_owner=people[1])
        pages[slug] = KnowledgePage.objects.get(pk=page.pk)
    busy = pages["busy"]

    def text() -> str:
        words = writer.sentence(6, 30)
        if rng.random() < 0.2:
            words.insert(1, f"@{rng.choice(people).username}")
        if rng.random() < 0.2:
            words.append("**" + writer.word() + "**")
        return " ".join(words)

    start = timezone.now() - timedelta(days=30)
    step = 0

    def comment(**fields) -> Comment:
        nonlocal step
        step += 1
        body_text = text()
        return Comment(
            page=busy,
            author=rng.choice(people),
            body=body_text,
            body_html=render_comment(body_text, []),
            created_at=start + timedelta(minutes=step),
            **fields,
        )

    tops = Comment.objects.bulk_create(comment() for _ in range(THREADS))
    for top in tops:
        top.thread = top
    Comment.objects.bulk_update(tops, ["thread"])
    every = list(tops)
    for top in tops:
        parents = [top]
        for _ in range(REPLIES_PER_THREAD):
            parent = rng.choice([p for p in parents if p.depth < 3])
            reply = comment(parent=parent, thread=top, depth=parent.depth + 1)
            reply.save()
            parents.append(reply)
            every.append(reply)
    edited = rng.sample(every, 20)
    CommentEdit.objects.bulk_create(
        CommentEdit(comment=c, body="Earlier", body_html="<p>Earlier</p>") for c in edited
    )
    Comment.objects.filter(pk__in=[c.pk for c in edited]).update(edited_at=timezone.now())

    kinds = ReactionKind.values
    seen: set[tuple] = set()
    reactions = []
    while len(reactions) < REACTIONS:
        person, kind = rng.choice(people), rng.choice(kinds)
        target = None if rng.random() < 0.2 else rng.choice(every)
        key = (person.pk, kind, target.pk if target else None)
        if key not in seen:
            seen.add(key)
            reactions.append(Reaction(page=busy, comment=target, user=person, kind=kind))
    Reaction.objects.bulk_create(reactions)
    return reader, pages


def main() -> int:
    args = bench_parser(__doc__, runs=30, seed=2024, generated="text").parse_args()
    message = "migrating a throwaway database and building the pages..."
    return run_on_throwaway_db("comments", message, run, args)


def run(args: argparse.Namespace) -> int:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from community.models import Comment, Reaction
    from knowledge.models import KnowledgePage

    reader, pages = build(args.seed)
    busy, quiet = pages["busy"], pages["quiet"]
    settings.HEARTH_POSTS_PER_MINUTE = 10**9  # the bench posts far faster than a person
    client = Client(HTTP_HOST="localhost")
    client.force_login(reader)

    def get(url: str) -> Callable[[], None]:
        def request() -> None:
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"bench: error: {url} answered {response.status_code}")

        return request

    def without_discussion() -> None:
        KnowledgePage.has_discussion = False
        try:
            get(busy.url)()
        finally:
            KnowledgePage.has_discussion = True

    posted = 0

    def post() -> None:
        nonlocal posted
        posted += 1
        response = client.post(
            f"/community/pages/{busy.pk}/comments/", {"text": f"Bench comment {posted}, **ok**."}
        )
        if response.status_code != 302:
            raise SystemExit(f"bench: error: posting answered {response.status_code}")

    comments = Comment.objects.filter(page=busy).count()
    reactions = Reaction.objects.filter(page=busy).count()
    counts = {}
    for name, url in (("quiet", quiet.url), ("busy", busy.url)):
        get(url)()
        with CaptureQueriesContext(connection) as captured:
            get(url)()
        counts[name] = len(captured)
    html = client.get(busy.url).content.decode()
    shown = html.count('data-testid="comment"')
    threads = Comment.objects.filter(page=busy, parent=None).count()
    print(
        f"busy page: {comments} comments in {threads}"
        f" threads, {reactions} reactions; {shown} comments shown on its first discussion page"
    )
    print(f"SQL queries: quiet {counts['quiet']}, busy {counts['busy']}")

    reads = time_interleaved(
        {
            "page without discussion": without_discussion,
            "page, empty discussion": get(quiet.url),
            "page, 200 comments + 500 reactions": get(busy.url),
        },
        args.runs,
    )
    width = 40
    print()
    print(f"{'(a) reading':<{width}} {'best ms':>8} {'median':>8} {'req/s':>8}")
    for name, (best, median) in reads.items():
        print(f"{name:<{width}} {best:>8.1f} {median:>8.1f} {1000 / best:>8.1f}")
    bare = reads["page without discussion"][0]
    empty = reads["page, empty discussion"][0]
    full = reads["page, 200 comments + 500 reactions"][0]
    read_ratio = bare / full
    print(
        f"throughput busy / without discussion: {read_ratio:.2f} "
        f"(target >= {READ_TARGET}: {'met' if read_ratio >= READ_TARGET else 'MISSED'}); "
        f"busy / empty discussion: {empty / full:.2f}"
    )

    writes = time_interleaved(
        {"read the busy page": get(busy.url), "post a comment": post}, args.runs
    )
    print()
    print(f"{'(b) posting':<{width}} {'best ms':>8} {'median':>8}")
    for name, (best, median) in writes.items():
        print(f"{name:<{width}} {best:>8.1f} {median:>8.1f}")
    post_ratio = writes["post a comment"][0] / writes["read the busy page"][0]
    print(
        f"a post costs {post_ratio:.2f} page reads "
        f"(target <= {POST_TARGET:.0f}: {'met' if post_ratio <= POST_TARGET else 'MISSED'})"
    )
    same = counts["quiet"] == counts["busy"]
    print(f"query count the same with and without comments: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
