"""The pages `bench/run.py` measures, built and inspected in the benchmark's own process.

After `seed_demo`, run.py configures Django here on the same throwaway database and:

- builds a knowledge page with a discussion the size the issue names (50 comments, some
  threads with replies, reactions on the page and on comments, 20 shared annotations)
  through the real services, as readers would have made it;
- finds the other pages (a space, a vision statement) in the demo site;
- counts each page's SQL queries and HTML bytes on one warm request through Django's test
  client, as the signed-in demo user the HTTP measurement uses;
- profiles one request (`--profile`) and times posting a comment against reading the page.

Models are imported inside the functions, since Django is set up only when run.py asks.
"""

import cProfile
import io
import logging
import os
import pstats
import random
import re
import statistics
import time
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import Writer

COMMENTS = 50
THREADS = 20  # 20 top-level comments; the other 30 are replies in the first 10 threads
ANNOTATIONS = 20
REACTIONS = 80
PEOPLE = 12
SEARCH_QUERY = "password"
POSTS = 50


class PageProblem(Exception):
    """A page answered something other than what the benchmark means to measure."""


@dataclass(frozen=True)
class PageTarget:
    """A Hearth page to measure, and the text its HTML must contain to count as itself."""

    name: str
    path: str
    marker: str


@dataclass(frozen=True)
class PageCost:
    queries: int
    html_bytes: int


def setup_django(db_path: Path) -> None:
    """Configure bench.settings on the database run.py already migrated and seeded."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["HEARTH_BENCH_DB"] = str(db_path)
    import django

    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    django.setup()
    from django.conf import settings

    logging.getLogger("hearth.request").setLevel(logging.WARNING)  # one line per request

    settings.HEARTH_POSTS_PER_MINUTE = 10**9  # the set-up and the timing post far faster


def _people():
    from bench import site

    return [
        site.person(f"bench-person-{n}", f"Bench{n}", "Reader", groups=("Employees",))
        for n in range(PEOPLE)
    ]


def _visible_space(client):
    """The first live space the demo user can read, to hold the measured knowledge page."""
    from knowledge.models import SpacePage

    for space in SpacePage.objects.live().order_by("path"):
        if client.get(space.url).status_code == 200:
            return space
    raise PageProblem("The demo site has no space the demo user can read.")


def build_knowledge_page(reader, client, seed: int = 2024):
    """A knowledge page with 50 comments, reactions and 20 shared annotations, made with
    the community services (permissions, mentions, notifications and all)."""
    from wagtail.rich_text import RichText

    from community.annotations import anchoring
    from community.annotations.services import create_annotation
    from community.comments.services import post_comment
    from community.models import ReactionKind
    from community.reactions.services import set_reaction
    from knowledge.models import KnowledgePage
    from tests.factories import publish

    rng = random.Random(seed)
    writer = Writer(rng)
    people = [reader, *_people()]
    space = _visible_space(client)
    body = []
    for _ in range(6):
        body.append(("heading", {"text": " ".join(writer.sentence(2, 5)), "level": "h2"}))
        body.append(("paragraph", RichText(f"<p>{' '.join(writer.paragraph())}</p>")))
    page = space.add_child(
        instance=KnowledgePage(title="A much discussed page", slug="bench-discussed")
    )
    publish(page, people[1], body=body, content_owner=people[1])
    page = KnowledgePage.objects.get(pk=page.pk)

    def text() -> str:
        words = writer.sentence(6, 30)
        if rng.random() < 0.2:
            words.insert(1, f"@{rng.choice(people).username}")
        return " ".join(words)

    threads = [post_comment(rng.choice(people), page, text()) for _ in range(THREADS)]
    comments = list(threads)
    for n in range(COMMENTS - THREADS):
        in_thread = [c for c in comments if c.thread_id == threads[n % 10].pk and c.depth < 3]
        comments.append(post_comment(rng.choice(people), page, text(), rng.choice(in_thread)))

    kinds = ReactionKind.values
    made = 0
    while made < REACTIONS:
        target = None if rng.random() < 0.2 else rng.choice(comments)
        person = reader if made % 8 == 0 else rng.choice(people)
        made += set_reaction(person, page, rng.choice(kinds), on=True, comment=target)

    texts = anchoring.live_texts(page)
    blocks = [(block_id, text) for block_id, text in texts.items() if len(text) > 40]
    for n in range(ANNOTATIONS):
        block_id, block_text = blocks[n % len(blocks)]
        start = rng.randrange(0, len(block_text) - 30)
        exact = block_text[start : start + rng.randint(8, 30)]
        selector = anchoring.Selector(block_id, exact, "", "", start, start + len(exact))
        create_annotation(
            rng.choice(people), page, selector, " ".join(writer.sentence(4, 16)),
            is_question=n % 5 == 0,
        )  # fmt: skip
    return page


def find_targets(page) -> list[PageTarget]:
    """The Hearth pages to measure, each with a text that proves it is the real page."""
    from brand.vision.models import StatementPage

    statement = StatementPage.objects.live().order_by("path").first()
    if statement is None:
        raise PageProblem("The demo site has no live vision statement page.")
    space = page.get_parent().specific
    return [
        PageTarget("knowledge", page.url, 'data-testid="comment"'),
        PageTarget("home", "/", "Latest updates"),
        PageTarget("space", space.url, space.title),
        PageTarget("search", f"/search/?q={SEARCH_QUERY}", 'data-testid="search-summary"'),
        PageTarget("vision", statement.url, statement.title),
    ]


def signed_in_client(username: str):
    from django.test import Client

    from core.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=username))
    return client


def _get(client, target: PageTarget):
    response = client.get(target.path)
    html = response.content.decode("utf-8", errors="replace")
    if response.status_code != 200 or target.marker not in html:
        raise PageProblem(
            f"{target.name} ({target.path}) answered {response.status_code} and "
            f"{'contains' if target.marker in html else 'does not contain'} {target.marker!r}."
        )
    return response


def check_search_has_results(client, target: PageTarget) -> None:
    html = _get(client, target).content.decode()
    if re.search(r'data-testid="search-summary">0 results', html):
        raise PageProblem(f"The search for {SEARCH_QUERY!r} finds nothing; choose another word.")


def cost(client, target: PageTarget) -> PageCost:
    """Queries and HTML bytes of one warm request (the first fills per-process caches)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _get(client, target)
    with CaptureQueriesContext(connection) as captured:
        response = _get(client, target)
    return PageCost(queries=len(captured), html_bytes=len(response.content))


def _shape(sql: str) -> str:
    """A statement with its literals replaced, so repeats with other values group together."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(?:\.\d+)?\b", "?", sql)
    return re.sub(r"\(\?(?:, \?)+\)", "(?, …)", sql)


def profile(client, target: PageTarget, width: int = 160) -> str:
    """The queries of one warm request grouped by statement, and its cProfile top 25."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _get(client, target)
    with CaptureQueriesContext(connection) as captured:
        _get(client, target)
    exact = Counter(query["sql"] for query in captured.captured_queries)
    shapes = Counter(_shape(query["sql"]) for query in captured.captured_queries)
    out = io.StringIO()
    out.write(
        f"{target.name} ({target.path}): {len(captured)} queries, "
        f"{len(exact)} distinct, {len(shapes)} distinct shapes\n\n"
        f"{'count':>5} {'same sql':>8}  statement (literals as ?)\n"
    )
    for shape, count in shapes.most_common():
        same = max(n for sql, n in exact.items() if _shape(sql) == shape)
        short = re.sub(r"^SELECT (DISTINCT )?.+? FROM ", r"SELECT \1… FROM ", shape)
        out.write(f"{count:>5} {same:>8}  {short[:width]}\n")

    profiler = cProfile.Profile()
    profiler.enable()
    _get(client, target)
    profiler.disable()
    out.write(f"\ncProfile of one request to {target.path} (top 25 by cumulative time):\n")
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
    return out.getvalue()


def posting_vs_reading(client, page, posts: int = POSTS) -> tuple[float, float]:
    """Median ms of posting a comment (no JavaScript: a POST answered with a redirect) and of
    reading the page, interleaved; each posted comment is removed (untimed) so every read
    sees the same 50-comment page."""
    from community.models import Comment

    original = set(Comment.objects.filter(page=page).values_list("pk", flat=True))
    url = f"/community/pages/{page.pk}/comments/"
    read_target = PageTarget("knowledge", page.url, 'data-testid="comment"')

    def read() -> None:
        _get(client, read_target)

    def post() -> None:
        response = client.post(url, {"text": "A comment from the benchmark, **timed**."})
        if response.status_code != 302:
            raise PageProblem(f"Posting a comment answered {response.status_code}, not 302.")

    def timed(func: Callable[[], None]) -> float:
        began = time.perf_counter()
        func()
        return (time.perf_counter() - began) * 1000

    read()
    post()
    Comment.objects.filter(page=page).exclude(pk__in=original).delete()
    reads, writes = [], []
    for n in range(posts):
        first, second = (read, post) if n % 2 == 0 else (post, read)
        for func in (first, second):
            (reads if func is read else writes).append(timed(func))
        Comment.objects.filter(page=page).exclude(pk__in=original).delete()
    return statistics.median(writes), statistics.median(reads)
