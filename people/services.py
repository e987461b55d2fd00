"""People: who may see whom, the profile page's data, the directory, editing one's profile.

Privacy lives here: guests see no directory, no expert finder and no profile
(`core.policy`, the "staff" action), and a phone number follows its owner's visibility setting
(`can_see_phone`). Every read that lists pages goes through `core.permissions`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Concat, Lower, Trim
from django.urls import reverse
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import UnidentifiedImageError
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Collection, Page

from core.models import User
from core.permissions import viewable_pages
from core.policy import Action, policy
from insights.models import ActivityEvent, Verb
from people import contributions
from people.models import FieldVisibility, Profile, TaggedExpertise

PROFILE_LIST_LIMIT = 8  # recent contributions shown on a profile
REPORTS_SHOWN = 24  # the org chart shows this many reports, then links to the directory
# The renditions components/avatar.html shows (xs, sm, md), square crops centred on the
# photo's focal point, which the person sets when cropping (`crop_photo`): c100 crops as
# close to it as the size allows, so the square they chose is the square shown.
AVATAR_TINY = "fill-32x32-c100"
AVATAR_SMALL = "fill-48x48-c100"
AVATAR_MEDIUM = "fill-96x96-c100"
PHOTO_COLLECTION = "Profile photos"
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
EDITABLE_FIELDS = (
    "display_name",
    "pronouns",
    "job_title",
    "ask_me_about",
    "bio",
    "phone",
    "phone_visibility",
    "time_zone",
    "in_leaderboards",
)


# Who may see whom ---------------------------------------------------------------------------


def is_people_administrator(user: User | AnonymousUser) -> bool:
    return policy.user_has_permission(user, Action.ADMINISTER)


def can_see_phone(viewer: User | AnonymousUser, profile: Profile) -> bool:
    """The owner's setting decides: everyone at the company, their team, or only them.

    "Team" is the person's manager and direct reports. Administrators always see it.
    """
    if not profile.phone or not policy.user_has_permission(viewer, Action.STAFF):
        return False
    if viewer.pk == profile.user_id:
        return True
    if profile.phone_visibility == FieldVisibility.STAFF:
        return True
    if is_people_administrator(viewer):
        return True
    if profile.phone_visibility == FieldVisibility.TEAM:
        return Profile.objects.filter(
            Q(pk=profile.manager_id) | Q(manager_id=profile.pk), user=viewer
        ).exists()
    return False


# The profile page ----------------------------------------------------------------------------


def profile_url(user: User) -> str:
    """The person's profile page."""
    return reverse("people:profile", args=[user.username])


def _sort_name():
    """The name people are sorted by, in SQL: display name, else full name, else username."""
    full_name = Trim(Concat("user__first_name", Value(" "), "user__last_name"))
    return Lower(
        Case(
            When(~Q(display_name=""), then=F("display_name")),
            When(~Q(user__first_name="") | ~Q(user__last_name=""), then=full_name),
            default=F("user__username"),
            output_field=CharField(),
        )
    )


def visible_profiles() -> QuerySet[Profile]:
    """Profiles of active people, with their organisation in the same query."""
    return Profile.objects.filter(user__is_active=True).with_org()


def with_photos(profiles: QuerySet[Profile], *renditions: str) -> QuerySet[Profile]:
    """Load the photos and their `renditions` for a list of people in two queries, however
    many people the list holds (instead of one rendition query per photo)."""
    images = get_image_model().objects.prefetch_renditions(*renditions)
    return profiles.prefetch_related(Prefetch("photo", queryset=images))


def avatar_renditions(lookup: str, spec: str = AVATAR_TINY) -> Prefetch:
    """Prefetch the `spec` renditions of photos reached by `lookup` (ending in
    "__renditions"), when the photos themselves come with `select_related`: one query for
    a whole list, none when nobody in it has a photo."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec=spec)
    return Prefetch(lookup, queryset=renditions)


def profile_for(viewer: User | AnonymousUser, username: str) -> Profile | None:
    """The profile behind `username`, or None if there is none or `viewer` may not see it."""
    if not policy.user_has_permission(viewer, Action.STAFF):
        return None
    return (
        visible_profiles()
        .select_related("photo", "manager__photo")
        .prefetch_related("expertise")
        .filter(user__username=username)
        .first()
    )


@dataclass
class ProfilePage:
    profile: Profile
    reports: list[Profile]
    more_reports: bool
    contributions: list[Page]
    show_phone: bool
    is_me: bool
    parts: dict  # what the features add (`people.contributions.profile_parts`)


def profile_page(viewer: User, profile: Profile) -> ProfilePage:
    """Everything the profile page shows, in a fixed number of queries.

    Lists of pages only hold pages `viewer` may read; the features' parts (the spaces
    they own, kudos, ...) come from `people.contributions`.
    """
    user = profile.user
    readable = viewable_pages(viewer).values("pk")
    reports = list(
        with_photos(visible_profiles(), AVATAR_SMALL)
        .filter(manager=profile)
        .annotate(sort_name=_sort_name())
        .order_by("sort_name", "pk")[: REPORTS_SHOWN + 1]
    )
    published = ActivityEvent.objects.filter(
        actor=user,
        verb=Verb.PUBLISHED,
        target_id=OuterRef("pk"),
        target_type_id=OuterRef("content_type_id"),
    ).order_by("-occurred_at")
    published_pages = list(
        Page.objects.filter(pk__in=readable)
        .annotate(published_by_them_at=Subquery(published.values("occurred_at")[:1]))
        .filter(published_by_them_at__isnull=False)
        .order_by("-published_by_them_at", "pk")
        .only("id", "title", "url_path", "path", "depth")[:PROFILE_LIST_LIMIT]
    )
    return ProfilePage(
        profile=profile,
        reports=reports[:REPORTS_SHOWN],
        more_reports=len(reports) > REPORTS_SHOWN,
        contributions=published_pages,
        show_phone=can_see_phone(viewer, profile),
        is_me=viewer.pk == user.pk,
        parts=contributions.profile_parts(profile, viewer),
    )


# The directory ---------------------------------------------------------------------------------


def directory(
    *,
    text: str = "",
    department=None,
    location=None,
    expertise: str = "",
    manager: Profile | None = None,
) -> QuerySet[Profile]:
    """Active people matching every filter, sorted by name, ready for cards (one query per
    page of people, one for their expertise)."""
    people = visible_profiles()
    for word in text.split()[:6]:
        people = people.filter(
            Q(display_name__icontains=word)
            | Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(job_title__icontains=word)
        )
    if department is not None:
        people = people.filter(department=department)
    if location is not None:
        people = people.filter(location=location)
    if expertise:
        people = people.filter(tagged_expertise__tag__slug=expertise)
    if manager is not None:
        people = people.filter(manager=manager)
    return (
        with_photos(people, AVATAR_MEDIUM)
        .annotate(sort_name=_sort_name())
        .order_by("sort_name", "pk")
        .prefetch_related("expertise")
    )


POPULAR_EXPERTISE_SECONDS = 300


def popular_expertise(limit: int = 40) -> list[dict]:
    """The most declared expertise tags ({"name", "slug", "people"}), most common first.

    A GROUP BY over every declared tag (60 ms at 10,000 people), for a list that changes
    slowly: cached for five minutes.
    """
    key = f"people:popular-expertise:{limit}"
    popular = cache.get(key)
    if popular is None:
        popular = list(
            TaggedExpertise.objects.values(name=F("tag__name"), slug=F("tag__slug"))
            .annotate(people=Count("content_object_id"))
            .order_by("-people", "name")[:limit]
        )
        cache.set(key, popular, POPULAR_EXPERTISE_SECONDS)
    return [dict(item) for item in popular]


# Editing one's own profile ---------------------------------------------------------------------


def profile_photos_collection() -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=PHOTO_COLLECTION).first()
    return existing or root.add_child(name=PHOTO_COLLECTION)


def validate_photo(upload) -> None:
    """A photo must be a real JPEG, PNG, WebP or GIF image of at most 5 MB."""
    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError(_("The photo is too large: the limit is 5 MB."))
    try:
        upload.seek(0)
        with PILImage.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(_("That file is not an image we can read.")) from error
    finally:
        upload.seek(0)
    if image_format not in PHOTO_FORMATS:
        raise ValidationError(_("Use a JPEG, PNG, WebP or GIF image for your photo."))


@dataclass(frozen=True)
class Crop:
    """The square of a photo a person chose, in percent: its centre (`x` of the width,
    `y` of the height) and its side (`size` of the shorter side)."""

    x: int = 50
    y: int = 50
    size: int = 100


def crop_of(image) -> Crop:
    """The square chosen for `image` (its focal point), in percent; the whole photo when
    none was chosen."""
    if image is None or image.focal_point_x is None or not image.width or not image.height:
        return Crop()
    side = min(image.width, image.height)
    return Crop(
        x=round(image.focal_point_x * 100 / image.width),
        y=round(image.focal_point_y * 100 / image.height),
        size=max(1, min(100, round((image.focal_point_width or side) * 100 / side))),
    )


def set_crop(image, crop: Crop) -> bool:
    """Make `crop` the image's focal point (a square kept inside the photo), so every
    avatar rendition (`fill-…-c100`) shows that square. False when nothing changed."""
    side = max(1, round(min(image.width, image.height) * max(1, min(crop.size, 100)) / 100))
    half = side / 2
    centre_x = round(min(max(image.width * crop.x / 100, half), image.width - half))
    centre_y = round(min(max(image.height * crop.y / 100, half), image.height - half))
    new = (centre_x, centre_y, side, side)
    old = (
        image.focal_point_x,
        image.focal_point_y,
        image.focal_point_width,
        image.focal_point_height,
    )
    if new == old:
        return False
    (image.focal_point_x, image.focal_point_y) = (centre_x, centre_y)
    (image.focal_point_width, image.focal_point_height) = (side, side)
    image.save(
        update_fields=[
            "focal_point_x",
            "focal_point_y",
            "focal_point_width",
            "focal_point_height",
        ]
    )
    # The old crops' files are of no more use: Wagtail makes the new ones on demand.
    image.renditions.all().delete()
    return True


def update_own_profile(
    user: User,
    profile: Profile,
    data: dict,
    *,
    expertise: list[str] | None = None,
    photo=None,
    remove_photo: bool = False,
    crop: Crop | None = None,
) -> Profile:
    """Save what a person may change about themselves.

    HR-owned fields (department, level, location, manager) are never read from `data`:
    only `EDITABLE_FIELDS` are, so a crafted form cannot move anyone in the organisation.
    """
    if not user.is_authenticated or profile.user_id != user.pk:
        raise PermissionDenied(_("You can only edit your own profile."))
    if not policy.user_has_permission(user, Action.STAFF):
        raise PermissionDenied(_("Guest accounts have no profile to edit."))
    if photo is not None:
        validate_photo(photo)
    changed = []
    for name in EDITABLE_FIELDS:
        if name in data and getattr(profile, name) != data[name]:
            setattr(profile, name, data[name])
            changed.append(name)
    profile.full_clean(exclude=["photo", "manager", "department", "location", "user"])
    with transaction.atomic():
        if photo is not None:
            image = get_image_model()(
                title=_("Photo of %(name)s") % {"name": profile.name},
                file=photo,
                collection=profile_photos_collection(),
                uploaded_by_user=user,
            )
            image.save()
            profile.photo = image
            changed.append("photo")
        elif remove_photo and profile.photo_id:
            profile.photo = None
            changed.append("photo")
        elif crop is not None and profile.photo is not None and set_crop(profile.photo, crop):
            changed.append("photo crop")
        profile.save()
        if expertise is not None:
            before = set(profile.expertise.names())
            if before != set(expertise):
                profile.expertise.set(expertise, clear=True)
                changed.append("expertise")
        if changed:
            log(profile, "hearth.people.profile_edit", user=user, data={"fields": changed})
    return profile
