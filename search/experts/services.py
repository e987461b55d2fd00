"""The expert finder: "Who knows about X?"

People are ranked by evidence of knowing the topic, found by the same search machinery
as the search page: the pages the search finds for X (its best MATCHED_PAGES among the
pages the viewer may read, title matches first), and the pages tagged X or in a space
called X. On those pages: the pages people own or keep verified, the accepted answers on
the questions among them, the substantial edits people made of them (`substantial_edits`:
fifty typo fixes are not one new section), the shared notes no reader flagged
(`kept_notes`) and the questions people resolved on them, the spaces about X they own;
what people declare (expertise tags) counts last, as a claim and not as proof.

Every kind of evidence is one GROUP BY query over the pages the viewer may see
(`core.policy`, the "view" action), so the finder costs the same queries for ten people
or ten thousand, and evidence on a page the viewer may not read neither counts nor shows
(the search only ranks readable pages). The Q&A routing (community) asks through
`community.experts`, which this finder fills from `SearchConfig.ready`, without a viewer:
then only pages every employee may read count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery, TextField
from django.db.models.functions import Abs, Cast, Coalesce, Length
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from taggit.models import Tag
from wagtail.models import Page, Revision

from community.models import Annotation, Flag, Status, Visibility
from community.questions.answers import accepted_answers_by_author
from core.models import User
from core.policy import Action, policy
from knowledge.models import KnowledgePage, KnowledgePageTag, SpacePage, Verification
from people.models import Profile, TaggedExpertise
from people.services import AVATAR_MEDIUM, with_photos
from search.engine import ranked_rows
from search.query import parse, to_search_query

# How much one piece of evidence weighs. Owning, answering and verifying are proof;
# declaring a topic is a claim, so it counts last (issue 22: the incident runbook's owner
# ranked below people who only listed "incident response").
WEIGHTS = {
    "owned": 6.0,
    "answers": 5.0,
    "verified": 4.0,
    "space": 3.0,
    "edited": 2.0,
    "resolved": 2.0,
    "notes": 1.0,
    "declared": 1.0,
}
# The search's best pages for the topic that count as "about it".
MATCHED_PAGES = 25
# An edit counts when it changes the page's stored content by at least this many
# characters (a paragraph or so): fixing a typo or a date fifty times is not knowing the
# topic. The first revision of a page (writing it) counts by its whole size.
SUBSTANTIAL_EDIT = 200
# Evidence kinds in the order they are shown.
KINDS = tuple(WEIGHTS)


@dataclass(frozen=True)
class Evidence:
    """One kind of evidence for one person: how many, and one example to follow."""

    kind: str  # one of KINDS
    label: str  # what to show: the example's title, or a sentence for "declared"
    url: str  # where the example is ("" when there is nothing to link)
    count: int

    @property
    def summary(self) -> str:
        return evidence_summary(self.kind, self.count)


@dataclass
class Expert:
    user: User
    profile: Profile  # with_org, expertise prefetched
    score: float
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(frozen=True)
class Scored:
    """A ranked person before their profile is loaded (cheap to paginate)."""

    user_id: int
    score: float
    evidence: tuple[tuple[str, int, int | None], ...]  # (kind, count, example page id)


def evidence_summary(kind: str, count: int) -> str:
    texts = {
        "declared": lambda n: _("Lists it as expertise"),
        "edited": lambda n: ngettext(
            "Edited %(n)d page about it", "Edited %(n)d pages about it", n
        ),
        "space": lambda n: ngettext("Owns %(n)d space about it", "Owns %(n)d spaces about it", n),
        "owned": lambda n: ngettext("Owns %(n)d page about it", "Owns %(n)d pages about it", n),
        "verified": lambda n: ngettext(
            "Keeps %(n)d page about it verified", "Keeps %(n)d pages about it verified", n
        ),
        "answers": lambda n: ngettext("%(n)d accepted answer", "%(n)d accepted answers", n),
        "resolved": lambda n: ngettext(
            "Resolved %(n)d question on its pages", "Resolved %(n)d questions on its pages", n
        ),
        "notes": lambda n: ngettext(
            "%(n)d shared note on its pages", "%(n)d shared notes on its pages", n
        ),
    }
    return texts[kind](count) % {"n": count}


# Topics ------------------------------------------------------------------------------------


def _clean_topics(tags: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for tag in tags:
        text = " ".join(str(tag).split())[:100]
        if text:
            seen.setdefault(text.lower(), None)
    return list(seen)[:10]


def topic_tags(tags: Iterable[str]) -> QuerySet[Tag]:
    """The tags called (or slugged) like the topics, case-insensitively."""
    topics = _clean_topics(tags)
    if not topics:
        return Tag.objects.none()
    match = Q(slug__in=[slugify(topic) for topic in topics])
    for topic in topics:
        match |= Q(name__iexact=topic)
    return Tag.objects.filter(match)


def _not_ranked() -> set[int]:
    """People never ranked: those the policy does not count as staff (deactivated
    accounts, guests: vendors are not routed staff questions). Few, so one small query."""
    staff = policy.users_with_permission(Action.STAFF)
    return set(User.objects.exclude(pk__in=staff.values("pk")).values_list("pk", flat=True))


# Ranking -----------------------------------------------------------------------------------


def _grouped(
    queryset: QuerySet, key: str, example: bool = True
) -> dict[int, tuple[int, int | None]]:
    """{person: (count, example page id)} from a GROUP BY; tuples, not dicts, since a
    common topic can have thousands of rows."""
    fields = (key, "n", "example") if example else (key, "n")
    return {
        row[0]: (row[1], row[2] if example else None)
        for row in queryset.values_list(*fields)
        if row[0] is not None
    }


def _matching_pages(topics: list[str], readable) -> list[int]:
    """The search's best pages for the topic (as the search page ranks them) among
    `readable`: MATCHED_PAGES at most, in one ranked query."""
    parsed = parse(topics[0]) if topics else None
    if parsed is None or parsed.is_empty:
        return []
    rows = ranked_rows(readable.exclude(depth=1), to_search_query(parsed), ("id",))
    return [row[0] for row in rows[:MATCHED_PAGES]]


def _content_size():
    return Length(Cast("content", TextField()))


def substantial_edits(page_ids: list[str]) -> QuerySet[Revision]:
    """The revisions of `page_ids` by a known person that changed the page by at least
    SUBSTANTIAL_EDIT characters: the size of the revision's stored content against the
    page's revision before it, both measured in the database (`length`), so no content is
    read into Python and no edit size has to be stored. A change in size is the least a
    diff between them changes, so an edit that only rewrites text to the same length does
    not count: a bias towards adding, which is what an expert's edit mostly is."""
    revisions = Revision.objects.page_revisions()
    before = (
        revisions.filter(object_id=OuterRef("object_id"), created_at__lt=OuterRef("created_at"))
        .order_by("-created_at", "-pk")
        .annotate(size=_content_size())
        .values("size")[:1]
    )
    return (
        revisions.filter(object_id__in=page_ids, user__isnull=False)
        .annotate(change=Abs(_content_size() - Coalesce(Subquery(before), 0)))
        .filter(change__gte=SUBSTANTIAL_EDIT)
    )


def kept_notes(shared: QuerySet[Annotation]) -> QuerySet[Annotation]:
    """Shared notes (not questions) no other reader has flagged: a note someone reported
    (spam, off topic, wrong) is not evidence, even before a moderator hides it."""
    flagged = Flag.objects.filter(annotation=OuterRef("pk")).exclude(
        flagged_by=OuterRef("author_id")
    )
    return shared.filter(is_question=False).exclude(Exists(flagged))


def score_people(
    tags: Iterable[str], *, viewer=None, exclude_user_ids: Iterable[int] = ()
) -> list[Scored]:
    """Everyone with any evidence for the topics, best first (ties by user id).

    One query per kind of evidence, each grouped by person in the database.
    """
    topics = _clean_topics(tags)
    if not topics:
        return []
    tag_ids = list(topic_tags(topics).values_list("pk", flat=True))
    readable = policy.instances_user_has_permission_for(viewer, Action.VIEW)
    space_match = Q(slug__in=[slugify(topic) for topic in topics])
    for topic in topics:
        space_match |= Q(title__iexact=topic)
    spaces = list(
        SpacePage.objects.filter(space_match, pk__in=readable.values("pk")).values_list(
            "pk", "path"
        )
    )
    matched = _matching_pages(topics, readable)
    about = Q(pk__in=KnowledgePageTag.objects.filter(tag_id__in=tag_ids).values("content_object"))
    about |= Q(pk__in=matched)
    for _pk, path in spaces:
        about |= Q(path__startswith=path, depth__gt=len(path) // Page.steplen)
    topic_pages = readable.filter(about).values("pk")

    found: dict[str, dict[int, tuple[int, int | None]]] = {kind: {} for kind in KINDS}
    if tag_ids:
        found["declared"] = _grouped(
            TaggedExpertise.objects.filter(tag_id__in=tag_ids)
            .values("content_object__user_id")
            .annotate(n=Count("tag_id", distinct=True))
            .order_by(),
            "content_object__user_id",
            example=False,
        )
    if spaces:
        found["space"] = _grouped(
            SpacePage.owners.through.objects.filter(spacepage_id__in=[pk for pk, _ in spaces])
            .values("user_id")
            .annotate(n=Count("spacepage_id", distinct=True), example=Max("spacepage_id"))
            .order_by(),
            "user_id",
        )
    if tag_ids or spaces or matched:
        found["owned"] = _grouped(
            KnowledgePage.objects.filter(pk__in=topic_pages, content_owner__isnull=False)
            .values("content_owner_id")
            .annotate(n=Count("pk"), example=Max("pk"))
            .order_by(),
            "content_owner_id",
        )
        found["verified"] = _grouped(
            Verification.objects.filter(page_id__in=topic_pages, verified_by__isnull=False)
            .values("verified_by_id")
            .annotate(n=Count("page_id", distinct=True), example=Max("page_id"))
            .order_by(),
            "verified_by_id",
        )
        shared = Annotation.objects.filter(
            page_id__in=topic_pages, status=Status.VISIBLE, visibility=Visibility.SHARED
        )
        found["notes"] = _grouped(
            kept_notes(shared)
            .values("author_id")
            .annotate(n=Count("pk"), example=Max("page_id"))
            .order_by(),
            "author_id",
        )
        found["resolved"] = _grouped(
            shared.filter(is_question=True, resolved_by__isnull=False)
            .values("resolved_by_id")
            .annotate(n=Count("pk"), example=Max("page_id"))
            .order_by(),
            "resolved_by_id",
        )
        found["edited"] = _grouped(
            substantial_edits([str(pk) for pk in topic_pages.values_list("pk", flat=True)])
            .values("user_id")
            .annotate(n=Count("object_id", distinct=True), example=Max("object_id"))
            .order_by(),
            "user_id",
        )
        found["edited"] = {
            user: (count, int(example)) for user, (count, example) in found["edited"].items()
        }
    found["answers"] = accepted_answers_by_author(topics, matched, viewer)

    candidates = set().union(*(by_person.keys() for by_person in found.values()))
    candidates -= set(exclude_user_ids)
    if not candidates:
        return []
    candidates -= _not_ranked()
    scored = []
    for user_id in candidates:
        evidence = tuple(
            (kind, found[kind][user_id][0], found[kind][user_id][1])
            for kind in KINDS
            if user_id in found[kind]
        )
        score = sum(WEIGHTS[kind] * count for kind, count, _ in evidence)
        scored.append(Scored(user_id, score, evidence))
    scored.sort(key=lambda item: (-item.score, item.user_id))
    return scored


def hydrate(scored: list[Scored], topics: Iterable[str] = ()) -> list[Expert]:
    """Load the people, their photos and their example pages for one slice of a ranking
    (four queries)."""
    if not scored:
        return []
    profiles = {
        profile.user_id: profile
        for profile in with_photos(Profile.objects.with_org(), AVATAR_MEDIUM).filter(
            user_id__in=[item.user_id for item in scored]
        )
    }
    page_ids = {example for item in scored for _, _, example in item.evidence if example}
    pages = {
        page.pk: page
        for page in Page.objects.filter(pk__in=page_ids).only(
            "id", "title", "url_path", "path", "depth"
        )
    }
    topic = (_clean_topics(topics) or [""])[0]
    finder = reverse("people:experts")
    experts = []
    for item in scored:
        profile = profiles.get(item.user_id)
        if profile is None:  # deleted between the two queries
            continue
        evidence = []
        for kind, count, example in item.evidence:
            page = pages.get(example) if example else None
            if page is not None:
                label, url = page.title, page.get_url() or ""
            elif kind == "declared":
                label = topic
                url = f"{finder}?{urlencode({'topic': topic})}" if topic else ""
            else:
                label, url = "", ""
            evidence.append(Evidence(kind, label, url, count))
        experts.append(Expert(profile.user, profile, item.score, evidence))
    return experts


def rank_experts(
    tags: list[str],
    *,
    limit: int = 10,
    exclude_user_ids: Iterable[int] = (),
    viewer=None,
) -> list[Expert]:
    """The `limit` people who know most about `tags`, best first, with their evidence.

    `viewer`: whose eyes the evidence is seen through (only pages they may read count);
    None for routing (pages every employee may read).
    """
    ranking = score_people(tags, viewer=viewer, exclude_user_ids=exclude_user_ids)
    return hydrate(ranking[: max(limit, 0)], tags)


def expert_ids(tags: list[str], limit: int, exclude_user_ids: Iterable[int]) -> list[int]:
    """The ids of the `limit` people who know most about `tags` (what routing asks)."""
    ranked = rank_experts(tags, limit=limit, exclude_user_ids=exclude_user_ids)
    return [expert.user.pk for expert in ranked]
