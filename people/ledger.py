"""The contribution ledger: what a person did for the company's knowledge, counted fairly.

Each `LedgerSource` names the rows that earn credit and who is credited for each row (an
expression annotated as `ledger_user`). Counting is always one GROUP BY query per source,
whether for one profile or ten thousand people (`counts_for`), or one correlated subquery
per source inside a single query when people are ranked (`annotate_scores`).

What counts, and its weight in the top-contributors score (`score = sum of weight * count`):

| source            | counts                                                        | weight |
| ----------------- | ------------------------------------------------------------- | ------ |
| pages verified    | distinct knowledge pages the person verified                  | 3      |
| questions resolved| "ask the owner" annotations they resolved for someone else    | 2      |
| ideas shipped     | ideas they wrote whose status is "done"                       | 5      |
| helpful reactions | "helpful" reactions from others on their comments and pages   | 1      |
| kudos received    | thank-yous from colleagues                                    | 1      |

Writing comments earns nothing by itself: volume is not contribution. Other apps add their
own sources with `register(LedgerSource(...))` (the Q&A app adds accepted answers); the
profile and the report pick them up without change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The profile shows what a person kept going over the last year.
PROFILE_WINDOW = timedelta(days=365)


@dataclass(frozen=True)
class Window:
    """A half-open time range [since, until); None leaves that end open."""

    since: datetime | None = None
    until: datetime | None = None

    def filter(self, queryset: QuerySet, field: str) -> QuerySet:
        if self.since is not None:
            queryset = queryset.filter(**{f"{field}__gte": self.since})
        if self.until is not None:
            queryset = queryset.filter(**{f"{field}__lt": self.until})
        return queryset


@dataclass(frozen=True)
class LedgerSource:
    """One kind of contribution.

    `rows(window)` returns the rows that count in that window, annotated with `ledger_user`
    (the id of the person credited); `distinct` is what one unit of credit is (e.g. a page
    verified twice counts once).
    """

    key: str
    label: str | Promise
    weight: int
    rows: Callable[[Window], QuerySet]
    distinct: str = "pk"
    help_text: str | Promise = ""


LEDGER_SOURCES: list[LedgerSource] = []


def register(source: LedgerSource) -> LedgerSource:
    """Add (or replace, by key) a source; the order of registration is the display order."""
    for position, existing in enumerate(LEDGER_SOURCES):
        if existing.key == source.key:
            LEDGER_SOURCES[position] = source
            return source
    LEDGER_SOURCES.append(source)
    return source


# The sources that exist today ---------------------------------------------------------------
def _verified_pages(window: Window) -> QuerySet:
    from knowledge.models import Verification

    rows = Verification.objects.filter(verified_by__isnull=False)
    return window.filter(rows, "verified_at").annotate(ledger_user=F("verified_by_id"))


def _resolved_questions(window: Window) -> QuerySet:
    from community.models import Annotation, Status

    rows = (
        Annotation.objects.filter(
            is_question=True, resolved_by__isnull=False, status=Status.VISIBLE
        )
        # Resolving your own question helps nobody else.
        .exclude(resolved_by=F("author"))
    )
    return window.filter(rows, "resolved_at").annotate(ledger_user=F("resolved_by_id"))


def _ideas_shipped(window: Window) -> QuerySet:
    from brand.ideas.models import IdeaStatus
    from brand.models import IdeaPage

    rows = IdeaPage.objects.live().filter(status=IdeaStatus.DONE, author__isnull=False)
    return window.filter(rows, "status_changed_at").annotate(ledger_user=F("author_id"))


def _helpful_reactions(window: Window) -> QuerySet:
    """A reaction on a comment credits its author; on a page, the page's author (Wagtail's
    `owner`, the person who created it)."""
    from community.models import Reaction, ReactionKind

    rows = Reaction.objects.filter(kind=ReactionKind.HELPFUL).annotate(
        ledger_user=Case(
            When(comment__isnull=True, then=F("page__owner")),
            default=F("comment__author"),
            output_field=IntegerField(),
        )
    )
    rows = rows.exclude(ledger_user=F("user_id")).exclude(ledger_user__isnull=True)
    return window.filter(rows, "created_at")


def _kudos_received(window: Window) -> QuerySet:
    from people.models import Kudos

    return window.filter(Kudos.objects.all(), "created_at").annotate(ledger_user=F("recipient_id"))


register(
    LedgerSource(
        "verified",
        _("Pages kept verified"),
        3,
        _verified_pages,
        distinct="page_id",
        help_text=_("Knowledge pages they confirmed are still right."),
    )
)
register(
    LedgerSource(
        "resolved",
        _("Questions resolved"),
        2,
        _resolved_questions,
        help_text=_("Questions on a passage that they answered for someone else."),
    )
)
register(
    LedgerSource(
        "ideas",
        _("Ideas shipped"),
        5,
        _ideas_shipped,
        help_text=_("Their ideas that the company put into practice."),
    )
)
register(
    LedgerSource(
        "helpful",
        _("Helpful reactions"),
        1,
        _helpful_reactions,
        help_text=_("Colleagues marked their comments or pages as helpful."),
    )
)
register(
    LedgerSource(
        "kudos",
        _("Kudos received"),
        1,
        _kudos_received,
        help_text=_("Colleagues thanked them publicly."),
    )
)


# Reading ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LedgerLine:
    key: str
    label: str
    help_text: str
    count: int
    weight: int


def counts_for(user_ids: Iterable[int], window: Window | None = None) -> dict[int, dict[str, int]]:
    """{user_id: {source key: count}} for every id given: one query per source."""
    ids = list(user_ids)
    window = window or Window()
    result = {pk: {source.key: 0 for source in LEDGER_SOURCES} for pk in ids}
    if not ids:
        return result
    for source in LEDGER_SOURCES:
        grouped = (
            source.rows(window)
            .filter(ledger_user__in=ids)
            .order_by()
            .values("ledger_user")
            .annotate(count=Count(source.distinct, distinct=True))
            .values_list("ledger_user", "count")
        )
        for user_id, count in grouped:
            result[user_id][source.key] = count
    return result


def profile_window(now: datetime | None = None) -> Window:
    return Window(since=(now or timezone.now()) - PROFILE_WINDOW)


def ledger_for(user, window: Window | None = None) -> list[LedgerLine]:
    """One person's ledger lines, in registration order (one query per source)."""
    counts = counts_for([user.pk], window or profile_window())[user.pk]
    return [
        LedgerLine(
            source.key, str(source.label), str(source.help_text), counts[source.key], source.weight
        )
        for source in LEDGER_SOURCES
    ]


def _count_subquery(source: LedgerSource, window: Window) -> Coalesce:
    counted = (
        source.rows(window)
        .filter(ledger_user=OuterRef("pk"))
        .order_by()
        .values("ledger_user")
        .annotate(count=Count(source.distinct, distinct=True))
        .values("count")[:1]
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def annotate_scores(users: QuerySet, window: Window) -> QuerySet:
    """`users` with one `ledger_<key>` column per source and `ledger_score`, in one query."""
    columns = {f"ledger_{source.key}": _count_subquery(source, window) for source in LEDGER_SOURCES}
    users = users.annotate(**columns)
    score = Value(0)
    for source in LEDGER_SOURCES:
        score = score + F(f"ledger_{source.key}") * Value(source.weight)
    return users.annotate(ledger_score=score)
