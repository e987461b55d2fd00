"""Featured pages on the start page: chosen by communications in the admin (a snippet),
each shown for a while, to an audience, and only to readers who may open the page.

What a reader is shown is cached per person (the audience rule reads their groups and
profile) until a feature, the tree or their own standing changes; the time window is
applied to the cached list on every request, so a feature appears at its start and is
gone at its expiry without anything being bumped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from brand.audience.services import audience_pages_for
from core import fragments
from core.models import User
from core.permissions import readable_by
from home.models import FeaturedItem
from knowledge.reading import reader_key
from people.models import Profile

FEATURES = "home-features"  # the version bumped by any change of a featured item
ON_HOME = 6  # the hero and the cards beside it, at most
CANDIDATES = 24  # not yet expired, kept in the cache; the window is applied per request


@dataclass(frozen=True)
class Feature:
    """What the start page shows of a featured item (picklable, no account details)."""

    pk: int
    page_id: int
    url: str
    headline: str
    teaser: str
    image_url: str  # decorative: the headline beside it says what it is
    hero: bool
    starts_at: datetime
    expires_at: datetime | None

    def is_showing(self, now: datetime) -> bool:
        return self.starts_at <= now and (self.expires_at is None or self.expires_at > now)


def not_expired(now: datetime) -> QuerySet[FeaturedItem]:
    return FeaturedItem.objects.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def visible_to(user: User | AnonymousUser, items: QuerySet[FeaturedItem]) -> QuerySet:
    """Of `items`, those whose page `user` may read and whose audience includes them.
    A feature for everyone reaches a guest too when its page is in their spaces; a chosen
    audience is staff only (the announcements' rule). No query of its own."""
    if not user.is_authenticated:
        return items.none()
    readable = items.filter(readable_by(user, "page_id"))
    targeted = audience_pages_for(user, items).values("pk")
    return readable.filter(Q(audience_everyone=True) | Q(pk__in=targeted))


def _rendition_url(item: FeaturedItem) -> str:
    """The picture at the hero's size (made once, on a cache miss)."""
    if not item.image_id:
        return ""
    spec = "fill-1200x480" if item.hero else "fill-480x270"
    return item.image.get_rendition(spec).url


def _load(user: User, now: datetime) -> list[Feature]:
    rows = (
        visible_to(user, not_expired(now))
        .select_related("page", "image")
        .order_by("-hero", "sort_order", "-starts_at", "pk")[:CANDIDATES]
    )
    return [
        Feature(
            pk=item.pk,
            page_id=item.page_id,
            url=item.page.url or "",
            headline=item.headline or item.page.title,
            teaser=item.teaser or item.page.search_description,
            image_url=_rendition_url(item),
            hero=item.hero,
            starts_at=item.starts_at,
            expires_at=item.expires_at,
        )
        for item in rows
    ]


def features_for(user: User | AnonymousUser, now: datetime | None = None) -> dict:
    """{"hero": Feature | None, "featured": [Feature]} for the reader's start page: a
    cached list (one query on a miss, none after) filtered by the time window."""
    if not user.is_authenticated:
        return {"hero": None, "featured": []}
    now = now or timezone.now()
    candidates = fragments.cached(
        "home-featured",
        (user.pk, reader_key(user)),
        lambda: _load(user, now),
        depends_on=(fragments.TREE, FEATURES, fragments.reader(user.pk)),
    )
    showing = [item for item in candidates if item.is_showing(now)]
    hero = next((item for item in showing if item.hero), None)
    featured = [item for item in showing if item is not hero][: ON_HOME - (1 if hero else 0)]
    return {"hero": hero, "featured": featured}


def _changed(sender, raw=False, action="post_", **_kwargs) -> None:
    if not raw and action.startswith("post_"):
        fragments.bump(FEATURES)


def _profile_saved(sender, instance=None, raw=False, **_kwargs) -> None:
    """Department, location or level changed: the person's audiences may have too."""
    if not raw and instance is not None and instance.user_id:
        fragments.bump(fragments.reader(instance.user_id))


def connect() -> None:
    """HomeConfig.ready: any change of a feature (or its audience) shows on the next request."""
    post_save.connect(_changed, sender=FeaturedItem, dispatch_uid="home_featured_saved")
    post_delete.connect(_changed, sender=FeaturedItem, dispatch_uid="home_featured_deleted")
    for relation in ("audience_groups", "audience_departments", "audience_locations"):
        m2m_changed.connect(
            _changed,
            sender=getattr(FeaturedItem, relation).through,
            dispatch_uid=f"home_featured_{relation}",
        )
    post_save.connect(_profile_saved, sender=Profile, dispatch_uid="home_featured_profile")
