"""The "Did you mean" vocabulary: words of content every signed-in person may read.

Only pages without any view restriction (on themselves or an ancestor) feed it, so a word
found only on a private page is never offered. A suggestion is also re-checked for the
reader before it is shown: it must find something *they* may see.

PostgreSQL finds the closest word with pg_trgm (a trigram GIN index); SQLite compares the
words of similar length and the same first letter with difflib.
"""

import difflib
import re
from collections import Counter

from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Length

from core import fragments
from core.permissions import viewable_pages
from search.models import SearchTerm
from search.snippets import searchable_text

WORD = re.compile(r"[^\W\d_]{3,30}", re.UNICODE)
RARE = 1  # a word on at most this many pages may be a misspelling
# The version of the vocabulary (`core.fragments`): bumped by every change of it (a rebuild,
# a public page published), so "Did you mean" for the same words is kept until then. Its
# name has no colon: read with every request's first read of the versions, for free.
VERSION = "search-vocabulary"
SIMILARITY = 0.75  # difflib's ratio; pg_trgm uses its own default threshold (0.3)


def page_words(page) -> set[str]:
    text = f"{page.title} {searchable_text(page)}"
    return {word.lower() for word in WORD.findall(text)}


def public_pages():
    """Pages everyone may read: what a signed-out visitor would pass (no restriction),
    less those hidden as stale (search never shows them)."""
    return viewable_pages(AnonymousUser()).filter(
        depth__gt=1, knowledgepage__hidden_as_stale_at=None
    )


def rebuild(progress=None) -> int:
    """Recount the whole vocabulary from the public pages; returns the number of words."""
    counts: Counter[str] = Counter()
    for number, page in enumerate(public_pages().specific().iterator(chunk_size=500), 1):
        counts.update(page_words(page))
        if progress and number % 1000 == 0:
            progress(number)
    with transaction.atomic():
        SearchTerm.objects.all().delete()
        SearchTerm.objects.bulk_create(
            [SearchTerm(term=term, frequency=count) for term, count in counts.items()],
            batch_size=2000,
        )
        fragments.bump(VERSION)
    return len(counts)


def add_page(page) -> None:
    """Add the words of a published page (if it is public). A first publication counts
    its words; later ones only add new words, so a page published ten times does not
    count ten times (`rebuild`, e.g. nightly, recounts exactly)."""
    if not public_pages().filter(pk=page.pk).exists():
        return
    words = page_words(page.specific)
    first_time = page.first_published_at == page.last_published_at
    with transaction.atomic():
        if first_time:
            SearchTerm.objects.filter(term__in=words).update(frequency=F("frequency") + 1)
        SearchTerm.objects.bulk_create(
            [SearchTerm(term=word) for word in words], ignore_conflicts=True, batch_size=2000
        )
        fragments.bump(VERSION)


def closest(word: str, more_than: int = 0) -> str | None:
    """The known word most like `word` (never itself) found on more than `more_than`
    pages."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT term FROM search_searchterm WHERE term %% %s AND term <> %s "
                "AND frequency > %s "
                "ORDER BY similarity(term, %s) DESC, frequency DESC, term LIMIT 1",
                [word, word, more_than, word],
            )
            row = cursor.fetchone()
        return row[0] if row else None
    candidates = list(
        SearchTerm.objects.annotate(length=Length("term"))
        .filter(
            term__startswith=word[0],
            length__gte=len(word) - 2,
            length__lte=len(word) + 2,
            frequency__gt=more_than,
        )
        .exclude(term=word)
        .order_by("-frequency")
        .values_list("term", flat=True)[:5000]
    )
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=SIMILARITY)
    return matches[0] if matches else None


def correct(words: list[str]) -> dict[str, str]:
    """Unknown or rare words (on one page at most) mapped to a similar, commoner word."""
    candidates = [word for word in dict.fromkeys(words) if WORD.fullmatch(word)]
    if not candidates:
        return {}
    frequency = dict(
        SearchTerm.objects.filter(term__in=candidates).values_list("term", "frequency")
    )
    corrections = {}
    for word in candidates:
        seen = frequency.get(word, 0)
        if seen <= RARE:
            replacement = closest(word, more_than=seen)
            if replacement:
                corrections[word] = replacement
    return corrections


def suggestions(words: list[str]) -> dict[str, str]:
    """`correct(words)`, kept until the vocabulary changes (issue 19: its two reads were on
    every search). The vocabulary only holds words of public pages, so the answer is the
    same for every reader; the view still re-checks a suggestion against what the reader
    may see before offering it."""
    if not fragments.in_request():
        return correct(words)
    return fragments.cached(
        "did-you-mean", tuple(words), lambda: correct(words), depends_on=(VERSION,)
    )


def apply(text: str, corrections: dict[str, str]) -> str:
    for wrong, right in corrections.items():
        text = re.sub(rf"(?<!\w){re.escape(wrong)}(?!\w)", right, text, flags=re.IGNORECASE)
    return text
