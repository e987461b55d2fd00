"""Pinholes for guests: a space owner invites an external person (vendor, supplier,
customer) to one or more spaces, read-only or read-and-comment, until a date.

Services check permission first (`PermissionDenied`) and raise `ValidationError` or
`InviteUnusable` for bad input; every change is written to Wagtail's audit log
(`hearth.guest.*`, labels in `governance.guests.hooks`). What a guest has (their
active pinholes) is read by `people.guests`.

The invite link carries a token that is never stored: only its SHA-256 is. The token is
an HMAC of the invite (its id, address and creation instant) under SECRET_KEY, so the
email task can rebuild it from the invite's id: no raw token ever sits in the database,
not even in the task queue (which keeps its arguments). A database dump alone cannot
accept an invite.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone
from django.utils.crypto import get_random_string, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Page, Site

from core import dates
from core.models import BrandSettings, User
from core.permissions import guest_accounts
from core.policy import Action, policy
from core.roles import Role
from governance.guests import tasks  # imports this module back: used at call time only
from knowledge.models import SpacePage
from people.guests import active_grants
from people.models import GuestAccess, GuestInvite

TOKEN_SALT = "hearth.guest.invite"  # noqa: S105 (a salt, not a secret)
# Audit actions whose timestamp counts as a guest's activity.
ACTIVITY_ACTIONS = ("hearth.guest.sign_in", "hearth.guest.view")


class InviteUnusable(Exception):
    """An invite link that cannot be used: unknown, used, revoked or expired (`code`)."""

    MESSAGES = {
        "unknown": gettext_lazy(
            "This invitation link is not valid. Copy the whole link from the email."
        ),
        "used": gettext_lazy(
            "This invitation was already accepted. Sign in with the password you set."
        ),
        "revoked": gettext_lazy("This invitation was withdrawn by the person who sent it."),
        "expired": gettext_lazy(
            "This invitation link has expired. Ask the person who invited you for a new one."
        ),
        "staff": gettext_lazy(
            "This email address belongs to a staff account, which needs no invitation. "
            "Sign in as usual."
        ),
    }

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(self.MESSAGES[self.code])


# -- settings and dates ------------------------------------------------------------------


def max_days() -> int:
    return settings.HEARTH_GUEST_MAX_DAYS


def end_of_day(day: date) -> datetime:
    """Access "until `day`" ends when that day ends, in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time.max))


def latest_access_end(now: datetime | None = None) -> datetime:
    """The latest an invite may let a guest in: the end of today + HEARTH_GUEST_MAX_DAYS."""
    today = timezone.localdate(now or timezone.now())
    return end_of_day(today + timedelta(days=max_days()))


def check_access_end(access_expires_at: datetime, now: datetime | None = None) -> None:
    now = now or timezone.now()
    if access_expires_at <= now:
        raise ValidationError(_("Choose an end date in the future."), code="expiry_past")
    if access_expires_at > latest_access_end(now):
        raise ValidationError(
            _("Guest access may last at most %(days)d days.") % {"days": max_days()},
            code="expiry_max",
        )


# -- who may do what ------------------------------------------------------------------


def manageable_spaces(user: User | AnonymousUser) -> QuerySet:
    """The spaces whose guests `user` manages (`core.policy`, "manage_guests"): the spaces
    they own (all, for administrators). Guests manage none, whatever else they are."""
    managed = policy.instances_user_has_permission_for(user, Action.MANAGE_GUESTS)
    return SpacePage.objects.filter(pk__in=managed.values("pk"))


# -- invites ---------------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_token(invite: GuestInvite) -> str:
    """The link's secret: rebuilt from the invite under SECRET_KEY (never stored)."""
    created = (invite.created_at - datetime(1970, 1, 1, tzinfo=invite.created_at.tzinfo)) // (
        timedelta(microseconds=1)
    )
    value = f"{invite.pk}:{invite.email}:{created}"
    return salted_hmac(TOKEN_SALT, value, algorithm="sha256").hexdigest()


def _normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    validate_email(email)
    return email


def existing_account(email: str) -> User | None:
    return (
        User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
        .order_by("pk")
        .first()
    )


def _is_guest_account(user: User) -> bool:
    """Whether an account (not the one signed in: nothing is kept on it) is a guest's:
    `core.permissions.is_guest`'s rule, asked of the database each time."""
    return User.objects.filter(pk=user.pk).filter(guest_accounts()).exists()


def invite(
    owner: User,
    email: str,
    spaces: list[Page],
    can_comment: bool,
    access_expires_at: datetime,
    name: str = "",
) -> GuestInvite:
    """Invite `email` to `spaces` until `access_expires_at`; the email goes out in a task.

    PermissionDenied unless `owner` manages guests of every space; ValidationError for a
    bad address, no space, an expiry in the past or beyond HEARTH_GUEST_MAX_DAYS, or an
    address that belongs to a staff account.
    """
    space_ids = sorted({space.pk for space in spaces})
    if not space_ids:
        raise ValidationError(_("Choose at least one space."), code="no_space")
    allowed = set(manageable_spaces(owner).filter(pk__in=space_ids).values_list("pk", flat=True))
    if allowed != set(space_ids):
        raise PermissionDenied(_("You can only invite guests to spaces you own."))
    email = _normalise_email(email)
    check_access_end(access_expires_at)
    account = existing_account(email)
    if account is not None and (not account.is_active or not _is_guest_account(account)):
        raise ValidationError(
            _("%(email)s already has an account here that is not a guest's.") % {"email": email},
            code="staff",
        )
    now = timezone.now()
    with transaction.atomic():
        invite = GuestInvite.objects.create(
            email=email,
            name=(name or "").strip()[:150],
            can_comment=bool(can_comment),
            access_expires_at=access_expires_at,
            # A random placeholder until the id (part of the token) exists.
            token_hash=get_random_string(64),
            link_expires_at=now + timedelta(days=settings.HEARTH_GUEST_INVITE_DAYS),
            invited_by=owner,
            created_at=now,
        )
        invite.token_hash = hash_token(invite_token(invite))
        GuestInvite.objects.filter(pk=invite.pk).update(token_hash=invite.token_hash)
        invite.spaces.set(space_ids)
        log(
            instance=invite,
            action="hearth.guest.invite",
            user=owner,
            data={
                "email": email,
                "spaces": space_ids,
                "can_comment": invite.can_comment,
                "access_expires_at": access_expires_at.isoformat(),
            },
        )
        transaction.on_commit(lambda: tasks.send_invite.enqueue(invite.pk))
        _tell_owners(
            space_ids,
            owner,
            _("Invited %(email)s (%(access)s, until %(until)s)")
            % {
                "email": email,
                "access": _("read and comment") if invite.can_comment else _("read only"),
                "until": dates.long_date(timezone.localtime(access_expires_at)),
            },
        )
    return invite


def _tell_owners(space_ids: list[int], actor: User | None, detail: str) -> None:
    """After commit: the spaces' owners hear of the change (governance.guests.tasks)."""
    ids = sorted(space_ids)
    actor_id = actor.pk if actor is not None else None
    transaction.on_commit(lambda: tasks.notify_guest_change.enqueue(ids, actor_id, str(detail)))


def find_invite(token: str, now: datetime | None = None, *, lock: bool = False) -> GuestInvite:
    """The invite a link's token opens; InviteUnusable if it cannot be used (any more)."""
    now = now or timezone.now()
    token = (token or "").strip()
    if not token or len(token) > 200:
        raise InviteUnusable("unknown")
    invites = GuestInvite.objects.filter(token_hash=hash_token(token))
    if lock:
        invites = invites.select_for_update()
    invite = invites.first()
    if invite is None:
        raise InviteUnusable("unknown")
    if invite.revoked_at is not None:
        raise InviteUnusable("revoked")
    if invite.accepted_at is not None:
        raise InviteUnusable("used")
    if invite.link_expires_at <= now or invite.access_expires_at <= now:
        raise InviteUnusable("expired")
    return invite


def invite_account(invite: GuestInvite) -> User | None:
    """The guest account the invite's address already has (they set no new password), or
    None (accepting makes one). InviteUnusable("staff") for a staff address."""
    account = existing_account(invite.email)
    if account is not None and (not account.is_active or not _is_guest_account(account)):
        raise InviteUnusable("staff")
    return account


def _split_name(name: str) -> tuple[str, str]:
    first, _sep, last = (name or "").strip().partition(" ")
    return first[:150], last.strip()[:150]


def accept(token: str, password: str, name: str = "", now: datetime | None = None) -> User:
    """Accept an invite: single use. Makes the guest's account (group Guests only) with
    `password`, or, for an address that already has a guest account, checks `password`
    against it; then opens one pinhole per space. Nothing is made when it fails:
    InviteUnusable (unknown, used, revoked, expired, staff) or ValidationError (password).
    """
    now = now or timezone.now()
    with transaction.atomic():
        invite = find_invite(token, now, lock=True)
        # Claim it first: a second request with the same link finds it used.
        claimed = GuestInvite.objects.filter(
            pk=invite.pk, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(accepted_at=now)
        if not claimed:
            raise InviteUnusable("used")
        user = invite_account(invite)
        if user is not None:
            if not user.check_password(password or ""):
                raise ValidationError(
                    _("That is not the password of your guest account."), code="password"
                )
        else:
            first, last = _split_name(name or invite.name)
            user = User(username=invite.email[:150], email=invite.email)
            user.first_name, user.last_name = first, last
            validate_password(password or "", user)
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=Role.GUESTS)])
        GuestInvite.objects.filter(pk=invite.pk).update(accepted_by=user)
        spaces = list(invite.spaces.filter(live=True).values_list("pk", flat=True))
        current = {
            access.space_id: access
            for access in GuestAccess.objects.active(now).filter(user=user, space_id__in=spaces)
        }
        for space_id in spaces:
            access = current.get(space_id)
            if access is None:
                GuestAccess.objects.create(
                    user=user,
                    space_id=space_id,
                    can_comment=invite.can_comment,
                    expires_at=invite.access_expires_at,
                    granted_by=invite.invited_by,
                    invite=invite,
                    created_at=now,
                )
            else:  # already in: the newer invite's terms replace the old ones
                access.can_comment = invite.can_comment
                access.expires_at = invite.access_expires_at
                access.invite = invite
                access.granted_by = invite.invited_by
                access.save(update_fields=["can_comment", "expires_at", "invite", "granted_by"])
        log(
            instance=invite,
            action="hearth.guest.accept",
            user=user,
            data={"email": invite.email, "spaces": spaces, "user": user.pk},
        )
        _tell_owners(
            spaces,
            user,
            _("%(name)s accepted the invitation") % {"name": user.display_name},
        )
    return user


def first_space_url(user: User) -> str:
    """Where a guest lands: their first space (or the start page)."""
    grants = active_grants(user)
    if not grants:
        return "/"
    page = Page.objects.filter(pk=grants[0].space_id).first()
    return (page.url if page else None) or "/"


# -- ending access ------------------------------------------------------------------------


def revoke(owner: User, access: GuestAccess, now: datetime | None = None) -> GuestAccess:
    """End a pinhole at once (the guest's open session ends on their next request if it
    was their last). Revoking twice changes nothing."""
    if not policy.user_has_permission_for_instance(owner, Action.MANAGE_GUESTS, access.space):
        raise PermissionDenied(_("Only the space's owners can revoke its guests."))
    if access.revoked_at is not None:
        return access
    now = now or timezone.now()
    with transaction.atomic():
        access.revoked_at = now
        access.revoked_by = owner
        access.save(update_fields=["revoked_at", "revoked_by"])
        log(
            instance=access,
            action="hearth.guest.revoke",
            user=owner,
            data={"guest": access.user_id, "space": access.space_id},
        )
        _tell_owners(
            [access.space_id],
            owner,
            _("Revoked %(name)s's access") % {"name": access.user.display_name},
        )
        _tell_guest(access)
    return access


def _tell_guest(access: GuestAccess) -> None:
    """After commit: the guest hears that this pinhole ended (governance.guests.tasks)."""
    transaction.on_commit(lambda: tasks.send_access_ended.enqueue(access.pk))


def revoke_invite(owner: User, invite: GuestInvite, now: datetime | None = None) -> GuestInvite:
    """Withdraw an invite not yet accepted: its link stops working. Its sender, and the
    people who manage guests of all its spaces, may."""
    space_ids = set(invite.spaces.values_list("pk", flat=True))
    managed = set(manageable_spaces(owner).filter(pk__in=space_ids).values_list("pk", flat=True))
    if invite.invited_by_id != owner.pk and managed != space_ids:
        raise PermissionDenied(_("Only the person who sent an invite can withdraw it."))
    if invite.revoked_at is not None or invite.accepted_at is not None:
        return invite
    now = now or timezone.now()
    with transaction.atomic():
        GuestInvite.objects.filter(pk=invite.pk).update(revoked_at=now)
        invite.revoked_at = now
        log(
            instance=invite,
            action="hearth.guest.revoke",
            user=owner,
            data={"email": invite.email, "spaces": sorted(space_ids)},
        )
    return invite


def expire_due(now: datetime | None = None) -> int:
    """Write each pinhole that reached its end to the audit log and tell its guest, once.
    (Access ends at `expires_at` whether or not this ran: the allow-list reads the date.)
    Returns how many."""
    now = now or timezone.now()
    due = list(
        GuestAccess.objects.filter(
            expires_at__lte=now, revoked_at__isnull=True, expiry_logged_at__isnull=True
        ).order_by("pk")[:1000]
    )
    for access in due:
        with transaction.atomic():
            marked = GuestAccess.objects.filter(pk=access.pk, expiry_logged_at__isnull=True).update(
                expiry_logged_at=now
            )
            if marked:
                log(
                    instance=access,
                    action="hearth.guest.expire",
                    user=None,
                    data={
                        "guest": access.user_id,
                        "space": access.space_id,
                        "expired_at": access.expires_at.isoformat(),
                    },
                )
                _tell_guest(access)
    return len(due) + (expire_due(now) if len(due) == 1000 else 0)


# -- audit of guests' own steps ----------------------------------------------------------


def _real(user):
    return getattr(user, "_wrapped", user)


def record_sign_in(user: User) -> None:
    log(instance=_real(user), action="hearth.guest.sign_in", user=_real(user))


def record_view(user: User, page: Page) -> None:
    """One insert: the page's id and title come from the page being served."""
    user = _real(user)
    log(
        instance=user,
        action="hearth.guest.view",
        user=user,
        data={"page": page.pk, "title": page.title},
    )


# -- the owners' lists -------------------------------------------------------------------


def guests_of(owner: User, now: datetime | None = None) -> QuerySet[GuestAccess]:
    """Pinholes into the spaces `owner` manages, current first, each with the guest's last
    activity (sign-in or page view, from the audit log) and whether it is still in force,
    in the same query."""
    now = now or timezone.now()
    last_seen = (
        ModelLogEntry.objects.filter(user_id=OuterRef("user_id"), action__in=ACTIVITY_ACTIONS)
        .order_by("-timestamp")
        .values("timestamp")[:1]
    )
    return (
        GuestAccess.objects.filter(space__in=manageable_spaces(owner).values("pk"))
        .select_related("user", "space", "granted_by")
        .annotate(
            last_seen_at=Subquery(last_seen),
            in_force=ExpressionWrapper(
                Q(revoked_at__isnull=True, expires_at__gt=now), output_field=BooleanField()
            ),
        )
        .order_by(F("revoked_at").asc(nulls_first=True), "-expires_at", "pk")
    )


def pending_invites(owner: User, now: datetime | None = None) -> QuerySet[GuestInvite]:
    """Invites into spaces `owner` manages that can still be accepted."""
    now = now or timezone.now()
    return (
        GuestInvite.objects.filter(
            spaces__in=manageable_spaces(owner).values("pk"),
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            link_expires_at__gt=now,
        )
        .distinct()
        .select_related("invited_by")
        .order_by("-created_at", "pk")
    )


# -- words ---------------------------------------------------------------------------------


def organisation_name() -> str:
    """The company's name from the brand settings of the default site (for emails)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return settings.WAGTAIL_SITE_NAME
    return BrandSettings.for_site(site).organisation_name or settings.WAGTAIL_SITE_NAME
