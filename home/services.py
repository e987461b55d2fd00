"""What the start page and "What's new" read: a constant number of queries each."""

from datetime import timedelta

from django.db.models import Case, CharField, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.expressions import Window
from django.db.models.functions import Cast, RowNumber
from django.db.models.lookups import StartsWith
from django.utils import timezone
from wagtail.models import Page

from community.models import Watch
from core.permissions import viewable_pages
from insights.models import ActivityEvent
from knowledge.models import QuestionPage
from people.models import TaggedExpertise

LATEST_ON_HOME = 8
RECENTLY_VIEWED_ON_HOME = 6
UPDATES_PER_PAGE = 20
FOR_YOU_EACH = 5  # watched spaces' changes, and questions you could answer, each at most
WATCHED_CHANGES_DAYS = 14

# Why a page is in the latest updates.
NEW = "new"
MATERIAL = "material"


def latest_updates(user) -> QuerySet[Page]:
    """Published content the reader may see that matters: new pages, and knowledge pages
    whose latest publish was marked a material change (KnowledgePage.material_change, kept
    from the revision that went live), newest first, with who published it. A typo fix
    republishes a page without bringing it back to the top: a page counts from its first
    publication unless its live version is a material change.

    `update_kind` says which (NEW or MATERIAL) and `mattered_at` when."""
    material = Q(knowledgepage__material_change=True) & ~Q(
        first_published_at=F("last_published_at")
    )
    return (
        viewable_pages(user)
        .filter(depth__gt=2)
        .annotate(
            update_kind=Case(When(material, then=Value(MATERIAL)), default=Value(NEW)),
            mattered_at=Case(
                When(material, then=F("last_published_at")), default=F("first_published_at")
            ),
        )
        .select_related("live_revision__user")
        .order_by(F("mattered_at").desc(nulls_last=True), "-pk")
    )


def recently_viewed(user) -> list[Page]:
    """Pages the reader opened lately (from the activity ledger), newest first."""
    if not user.is_authenticated:
        return []
    viewed = ActivityEvent.objects.recent_page_views(user).values_list("target_id", flat=True)
    order = list(dict.fromkeys(viewed[:50]))[:RECENTLY_VIEWED_ON_HOME]
    pages = viewable_pages(user).in_bulk(order)
    return [pages[pk] for pk in order if pk in pages]


def _in_watched_space(user) -> Exists:
    """The outer page lies below a page `user` watches with its descendants (a space)."""
    watches = (
        Watch.objects.filter(user_id=user.pk, include_descendants=True, muted=False)
        .filter(StartsWith(Cast(OuterRef("path"), CharField()), F("page__path")))
        .exclude(page_id=OuterRef("pk"))
    )
    return Exists(watches)


def _answerable(user) -> Exists:
    """The outer page is a question with no accepted answer, on a topic in `user`'s
    expertise, asked by someone else."""
    topics = TaggedExpertise.objects.filter(content_object__user_id=user.pk).values("tag_id")
    questions = (
        QuestionPage.objects.open()
        .filter(pk=OuterRef("pk"), tagged_items__tag_id__in=topics)
        .exclude(asked_by_id=user.pk)
    )
    return Exists(questions)


def for_you(user, now=None) -> dict:
    """Changes published lately below the spaces the reader watches (not their own), and
    open questions in their expertise: ONE query, each list at most FOR_YOU_EACH long."""
    if not user.is_authenticated:
        return {"watched_changes": [], "questions_for_you": []}
    now = now or timezone.now()
    watched = _in_watched_space(user) & Q(
        last_published_at__gte=now - timedelta(days=WATCHED_CHANGES_DAYS)
    )
    watched &= ~Q(live_revision__user_id=user.pk)
    question = _answerable(user)
    rows = (
        viewable_pages(user)
        .filter(watched | question)
        .annotate(
            reason=Case(
                When(question, then=Value("question")),
                default=Value("watched"),
                output_field=CharField(),
            )
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("reason")],
                order_by=[F("last_published_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=FOR_YOU_EACH)
        .order_by("-last_published_at", "-pk")
    )
    found = {"watched_changes": [], "questions_for_you": []}
    for page in rows:
        found["questions_for_you" if page.reason == "question" else "watched_changes"].append(page)
    return found
