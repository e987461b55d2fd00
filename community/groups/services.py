"""Communities of interest: start one, join, leave, invite, events, and what pages show.

Membership is the community's members group. An invite-only community carries a Wagtail
`PageViewRestriction` for that group, so `core.permissions` keeps it (and every question,
post and notification about it) out of sight of everyone else, on every read path, with
no check of our own. Every function that changes something checks permission first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page, PageViewRestriction

from community.groups.access import check_not_guest
from community.groups.tasks import notify_invited
from community.models import (
    Access,
    CommunitiesIndexPage,
    CommunityEvent,
    CommunityPage,
)
from core.models import User
from core.permissions import can_view_page, viewable_pages
from core.policy import Action, policy
from core.site_pages import publish_as, unique_child_slug
from insights.models import Verb
from insights.services import record_event

DIRECTORY_PER_PAGE = 20
ACTIVITY_WINDOW = timedelta(days=30)
MEMBERS_SHOWN = 12
EVENTS_SHOWN = 5
QUESTIONS_SHOWN = 8
NAME_MAX = 120
PURPOSE_MAX = 1000


# -- who ---------------------------------------------------------------------------------


def is_member(user: User | AnonymousUser, community: CommunityPage) -> bool:
    if not user.is_authenticated or community.members_group_id is None:
        return False
    return user.groups.filter(pk=community.members_group_id).exists()


def is_owner(user: User | AnonymousUser, community: CommunityPage) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or community.owners.filter(pk=user.pk).exists()


def owns_community_of(user: User | AnonymousUser, page: Page) -> bool:
    """True if `user` owns the community `page` is (or is in)."""
    if not user.is_authenticated:
        return False
    return CommunityPage.objects.filter(
        path__in=[page.path[:end] for end in range(Page.steplen, len(page.path) + 1, Page.steplen)],
        owners=user,
    ).exists()


def visible_community(user: User | AnonymousUser, community_id: int) -> CommunityPage:
    """A live community `user` may see (not as a guest); ObjectDoesNotExist otherwise, so
    an invite-only community a person is not in answers 404 exactly like a missing one."""
    if not policy.user_has_permission(user, Action.STAFF):
        raise ObjectDoesNotExist
    return (
        CommunityPage.objects.live()
        .filter(pk__in=viewable_pages(user).values("pk"))
        .get(pk=community_id)
    )


# -- access ------------------------------------------------------------------------------


def _group_name(community: CommunityPage) -> str:
    """By id, not title: group names show across the admin, and an invite-only
    community's title is for its members only."""
    return f"Community {community.pk} · members"


@transaction.atomic
def sync_community_access(community: CommunityPage) -> Group:
    """Make the members group, its owners' membership and the view restriction match the
    page: owners are always members; invite-only means only members (and superusers) may
    see it. Called when a community is started and whenever its page is published."""
    group = community.members_group
    if group is None:
        group, _created = Group.objects.get_or_create(name=_group_name(community))
    elif group.name != _group_name(community):
        group.name = _group_name(community)
        group.save(update_fields=["name"])
    owners = list(community.owners.all())
    if owners:
        group.user_set.add(*owners)
    restrictions = PageViewRestriction.objects.filter(
        page=community, restriction_type=PageViewRestriction.GROUPS, groups=group
    )
    if community.access == Access.INVITE_ONLY:
        if not restrictions.exists():
            restriction = PageViewRestriction.objects.create(
                page=community, restriction_type=PageViewRestriction.GROUPS
            )
            restriction.groups.add(group)
    else:
        restrictions.delete()
    CommunityPage.objects.filter(pk=community.pk).update(members_group=group)
    community.members_group = group
    return group


def communities_index() -> CommunitiesIndexPage | None:
    return CommunitiesIndexPage.objects.live().first()


def start_community(founder: User, name: str, purpose: str, access: str) -> CommunityPage:
    """A new community, published for its founder, who becomes its first owner and member."""
    check_not_guest(founder)
    index = communities_index()
    if index is None:
        raise ValidationError(_("There is no communities directory on this site yet."))
    name = (name or "").strip()
    purpose = (purpose or "").replace("\x00", "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Give the community a name.")
    elif len(name) > NAME_MAX:
        errors["name"] = _("Keep the name under %(max)s characters.") % {"max": NAME_MAX}
    if not purpose:
        errors["purpose"] = _("Say what the community is for, so people know whether to join.")
    elif len(purpose) > PURPOSE_MAX:
        errors["purpose"] = _("Keep the purpose under %(max)s characters.") % {"max": PURPOSE_MAX}
    if access not in Access.values:
        errors["access"] = _("Choose open or invite-only.")
    if name and CommunityPage.objects.child_of(index).filter(title__iexact=name).exists():
        errors["name"] = _("A community with this name exists already: join it instead.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        community = CommunityPage(
            title=name,
            slug=unique_child_slug(index, name, fallback="community", max_length=200),
            purpose=purpose,
            access=access,
            owner=founder,
            content_owner=founder,
            listing_summary=purpose[:300],
            live=False,
        )
        index.add_child(instance=community)
        community.owners.set([founder])
        community.save()
        # The restriction is in place before the page goes live: nobody outside ever sees
        # an invite-only community, not even in the "published" notifications.
        sync_community_access(community)
        publish_as(community, founder)
        community.refresh_from_db()
        record_event(founder, Verb.JOINED, community)
    return community


# -- membership --------------------------------------------------------------------------


def join(user: User, community: CommunityPage) -> bool:
    """Join an open community; False if already a member."""
    check_not_guest(user)
    if not can_view_page(user, community):
        raise PermissionDenied(_("This community is invite-only."))
    if is_member(user, community):
        return False
    if community.access != Access.OPEN:
        raise PermissionDenied(_("This community is invite-only: ask one of its owners."))
    group = community.members_group or sync_community_access(community)
    group.user_set.add(user)
    record_event(user, Verb.JOINED, community)
    return True


def leave(user: User, community: CommunityPage) -> bool:
    """Leave a community; False if not a member. Owners stay (they run it)."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in first."))
    if not is_member(user, community):
        return False
    if community.owners.filter(pk=user.pk).exists():
        raise ValidationError(
            _(
                "You own this community, so you stay a member. Ask an administrator to hand "
                "it over to another owner first."
            )
        )
    community.members_group.user_set.remove(user)
    return True


def invite(owner: User, community: CommunityPage, username: str) -> User:
    """An owner adds a colleague (by username) to the community and tells them."""
    if not can_view_page(owner, community) or not is_owner(owner, community):
        raise PermissionDenied(_("Only the community's owners can invite people."))
    username = (username or "").strip().lstrip("@")
    person = User.objects.filter(username__iexact=username, is_active=True).first()
    if person is None or not username:
        raise ValidationError(_("Nobody here has the username “%(name)s”.") % {"name": username})
    if not policy.user_has_permission(person, Action.STAFF):
        raise ValidationError(
            _("%(name)s is a guest; communities are for staff.") % {"name": person.display_name}
        )
    if is_member(person, community):
        raise ValidationError(_("%(name)s is a member already.") % {"name": person.display_name})
    group = community.members_group or sync_community_access(community)
    with transaction.atomic():
        group.user_set.add(person)
        log(
            instance=community,
            action="hearth.community.invite",
            user=owner,
            data={"invited": person.pk, "username": person.username},
        )
        transaction.on_commit(lambda: notify_invited.enqueue(community.pk, person.pk, owner.pk))
    return person


def members(community: CommunityPage) -> QuerySet[User]:
    if community.members_group_id is None:
        return User.objects.none()
    return (
        User.objects.filter(groups=community.members_group_id, is_active=True)
        .select_related("profile")
        .order_by("first_name", "last_name", "username")
    )


# -- events ------------------------------------------------------------------------------


def add_event(owner: User, community: CommunityPage, **fields) -> CommunityEvent:
    """An owner schedules an event (fields as CommunityEvent's); validated in full."""
    if not can_view_page(owner, community) or not is_owner(owner, community):
        raise PermissionDenied(_("Only the community's owners can add events."))
    event = CommunityEvent(community=community, created_by=owner, **fields)
    event.full_clean()
    if event.ends_at and event.ends_at < event.starts_at:
        raise ValidationError({"ends_at": _("The event cannot end before it starts.")})
    event.save()
    log(instance=community, action="hearth.community.event", user=owner, data={"event": event.pk})
    return event


def visible_event(user: User | AnonymousUser, event_id: int) -> CommunityEvent:
    """An event of a community `user` may see; ObjectDoesNotExist otherwise."""
    if not policy.user_has_permission(user, Action.STAFF):
        raise ObjectDoesNotExist
    return CommunityEvent.objects.select_related("community").get(
        pk=event_id, community__in=viewable_pages(user).values("pk")
    )


def _ical_text(value: str) -> str:
    """RFC 5545 TEXT: escape backslash, semicolon, comma and newlines."""
    return (
        (value or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _ical_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def ical(event: CommunityEvent, url: str, host: str = "hearth") -> str:
    """The event as an iCalendar file (one VEVENT, times in UTC)."""
    ends = event.ends_at or event.starts_at + timedelta(hours=1)
    description = event.description
    if event.link:
        description = f"{description}\n\n{event.link}".strip()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Hearth//Communities//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:community-event-{event.pk}@{host}",
        f"DTSTAMP:{_ical_time(event.created_at)}",
        f"DTSTART:{_ical_time(event.starts_at)}",
        f"DTEND:{_ical_time(ends)}",
        f"SUMMARY:{_ical_text(event.title)}",
    ]
    if event.place:
        lines.append(f"LOCATION:{_ical_text(event.place)}")
    if description:
        lines.append(f"DESCRIPTION:{_ical_text(description)}")
    lines.append(f"URL:{url}")
    lines.append(f"ORGANIZER;CN={_ical_param(event.community.title)}:noreply@{host}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def _ical_param(value: str) -> str:
    """A parameter value: quoted, without the characters a quoted value cannot hold."""
    cleaned = "".join(ch for ch in value if ch not in '"\r\n')
    return f'"{cleaned}"'


# -- what pages show ---------------------------------------------------------------------


@dataclass
class DirectoryRow:
    community: CommunityPage
    member_count: int
    recent_posts: int
    is_member: bool


SORTS = {
    "size": ("-member_count", "-recent_posts", "title"),
    "activity": ("-recent_posts", "-member_count", "title"),
    "name": ("title",),
}


def directory(user: User | AnonymousUser, sort: str = "size") -> QuerySet[CommunityPage]:
    """Communities `user` may see with their member count and posts in the last 30 days:
    one GROUP BY query (per page of results)."""
    since = timezone.now() - ACTIVITY_WINDOW
    order = SORTS.get(sort, SORTS["size"])
    return (
        CommunityPage.objects.live()
        .filter(pk__in=viewable_pages(user).values("pk"))
        .with_activity(since)
        .only("id", "title", "url_path", "path", "depth", "purpose", "access", "members_group")
        .order_by(*order)
    )


def my_group_ids(user: User | AnonymousUser) -> set[int]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_hearth_group_ids", None)
    if cached is None:
        cached = set(user.groups.values_list("pk", flat=True))
        user._hearth_group_ids = cached
    return cached


def directory_context(
    index: CommunitiesIndexPage, user: User | AnonymousUser, params: Mapping[str, str]
) -> dict:
    sort = params.get("sort", "size")
    if sort not in SORTS:
        sort = "size"
    page_obj = Paginator(directory(user, sort), DIRECTORY_PER_PAGE).get_page(params.get("page"))
    mine = my_group_ids(user)
    rows = [
        DirectoryRow(
            community=community,
            member_count=community.member_count,
            recent_posts=community.recent_posts,
            is_member=community.members_group_id in mine,
        )
        for community in page_obj.object_list
    ]
    return {
        "rows": rows,
        "page_obj": page_obj,
        "sort": sort,
        "sort_params": f"sort={sort}",
        "can_start": policy.user_has_permission(user, Action.STAFF),
    }


def community_context(
    community: CommunityPage, user: User | AnonymousUser, params: Mapping[str, str]
) -> dict:
    """Membership, members, pinned pages and events: a constant number of queries whatever
    the community holds (its page adds questions and post moderation, community.context)."""
    mine = my_group_ids(user)
    member = community.members_group_id in mine if community.members_group_id else False
    owner_list = list(community.owners.select_related("profile").order_by("first_name"))
    owner = user.is_authenticated and (
        user.is_superuser or any(person.pk == user.pk for person in owner_list)
    )
    people = members(community)
    readable = viewable_pages(user).values("pk")
    pinned = list(
        community.pinned_pages.filter(target__in=readable)
        .select_related("target")
        .order_by("sort_order")
    )
    return {
        "is_member": member,
        "is_owner": owner,
        "can_join": not member
        and community.access == Access.OPEN
        and policy.user_has_permission(user, Action.STAFF),
        "can_moderate_posts": policy.user_has_permission_for_instance(
            user, Action.MODERATE, community
        ),
        "owners_list": owner_list,
        "member_count": people.count(),
        "members_preview": list(people[:MEMBERS_SHOWN]),
        "pinned": pinned,
        "events": list(community.events.upcoming()[:EVENTS_SHOWN]),
    }
