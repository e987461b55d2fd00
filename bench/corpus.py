"""Realistic text for the benchmarks: a fixed seed gives the same pages every run."""

import datetime
import itertools
import json
import random
import uuid

# The most frequent English words first, so that word frequencies follow the usual
# long-tailed curve ("the" several hundred times a page), which is what makes word-level
# diffing slow; then words an intranet page would use.
COMMON_WORDS = """
the of and to a in is that for it as with was on be by this are or from at an not have
which but they you we their has can all will more one there been if its also when than
would about other into only some these may so our after new what who first most time
any over such could team process people work should how each project data customer
service policy review office access system support request account security report
meeting manager release budget contract holiday expense laptop onboarding password
"""
SYLLABLES = "ka lo mi ne ru sa to vi de pa re in for ma tion ser ver ac count pro ject"


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Common words plus a long tail of made-up ones, with Zipf-Mandelbrot weights."""
    words = COMMON_WORDS.split()
    seen = set(words)
    syllables = SYLLABLES.split()
    while len(words) < 2_500:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    weights = [1 / (rank + 2.7) for rank in range(len(words))]
    return words, weights


class Writer:
    """Draws words and sentences from the vocabulary with a fixed seed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words, self.weights = vocabulary(rng)

    def word(self) -> str:
        return self.rng.choices(self.words, self.weights)[0]

    def sentence(self, low: int, high: int) -> list[str]:
        words = [self.word() for _ in range(self.rng.randint(low, high))]
        words[0] = words[0].capitalize()
        words[-1] += "."
        return words

    def paragraph(self) -> list[str]:
        words: list[str] = []
        for _ in range(self.rng.randint(2, 5)):
            words += self.sentence(8, 20)
        return words


class FastWriter(Writer):
    """Writer with the cumulative weights computed once (`choices` with plain weights
    recomputes them for every word: minutes at 100,000 pages)."""

    def __init__(self, rng: random.Random) -> None:
        super().__init__(rng)
        self.cumulative = list(itertools.accumulate(self.weights))

    def word(self) -> str:
        return self.rng.choices(self.words, cum_weights=self.cumulative)[0]


def page_title(writer: Writer) -> str:
    return " ".join(writer.sentence(3, 7)).rstrip(".")


# Knowledge pages written in bulk (bench_search_corpus, bench_corpus_pages): Wagtail's
# one-page-at-a-time API would spend most of a 100,000-page run in tree bookkeeping.
STEP = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def encode(number: int) -> str:
    """`number` as one step of a treebeard path."""
    digits = ""
    while True:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
        if not number:
            return digits.rjust(STEP, "0")


def draw_page(writer: FastWriter, space, child: int, slug: str, now: float, **fields):
    """An unsaved live page row as the `child`th child of `space`, its summary and its
    StreamField body (JSON), drawn in this order: title, publication within two years
    before `now`, a body of two to four paragraphs, a summary. `fields`: content_type,
    locale, owner."""
    from wagtail.models import Page

    rng = writer.rng
    title = page_title(writer)
    published = datetime.datetime.fromtimestamp(now - rng.randint(0, 86400 * 700), tz=datetime.UTC)
    body = [
        {
            "type": "paragraph",
            "value": "<p>" + " ".join(writer.paragraph()) + "</p>",
            "id": str(uuid.uuid4()),
        }
        for _ in range(rng.randint(2, 4))
    ]
    page = Page(
        title=title,
        draft_title=title,
        slug=slug,
        path=space.path + encode(child),
        depth=space.depth + 1,
        numchild=0,
        url_path=f"{space.url_path}{slug}/",
        live=True,
        translation_key=uuid.uuid4(),
        first_published_at=published,
        last_published_at=published,
        **fields,
    )
    return page, " ".join(writer.sentence(8, 20)), json.dumps(body)


def insert_pages(pages: list, rows: list[tuple], tags: list, rng: random.Random, owner) -> None:
    """Write `pages` (drawn by `draw_page`) as how-to knowledge pages, with `rows` of
    (summary, body, review interval or None) and one to three of `tags` each."""
    from django.db import connection
    from wagtail.models import Page

    from knowledge.models import KnowledgePage

    table = KnowledgePage._meta.db_table
    tag_table = KnowledgePage.tags.through._meta.db_table
    Page.objects.bulk_create(pages)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (page_ptr_id, content_owner_id, listing_summary, kind, "  # noqa: S608
            "body, review_interval_days, change_note, material_change) "
            "VALUES (%s, %s, %s, 'howto', %s, %s, '', %s)",
            [
                (page.pk, owner.pk, summary, body, interval, False)
                for page, (summary, body, interval) in zip(pages, rows, strict=True)
            ],
        )
        cursor.executemany(
            f"INSERT INTO {tag_table} (content_object_id, tag_id) VALUES (%s, %s)",  # noqa: S608
            [(page.pk, tag.pk) for page in pages for tag in rng.sample(tags, rng.randint(1, 3))],
        )
