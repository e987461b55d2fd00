"""Recognition: kudos between colleagues (the `Kudos` model is people's).

Kudos are staff-only: guests neither give nor see them (views answer 404). A kudos is
public inside the company, may name one of the company values (a published vision-hub
statement of kind "value": brand provides them, see `provide_company_values`) and a page
the thanks is for; that page is shown only to readers who may see it
(`core.permissions.viewable_pages`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Page, Site

from community.recognition.tasks import notify_kudos
from core.models import User
from core.permissions import viewable_pages
from core.policy import Action, policy
from core.sanitize import render_markdown
from insights.models import Verb
from insights.services import record_event
from people.models import Kudos
from people.services import AVATAR_SMALL, profile_url

KUDOS_PER_PAGE = 20
MESSAGE_MAX = 1000
LOG_ACTION = "hearth.recognition.kudos"


# Who may take part --------------------------------------------------------------------------
def can_see_kudos(user: User | AnonymousUser) -> bool:
    return policy.user_has_permission(user, Action.STAFF)


def colleagues() -> QuerySet[User]:
    """People who can receive kudos: active staff (not guests)."""
    return policy.users_with_permission(Action.STAFF)


# Query shapes -------------------------------------------------------------------------------
# The company values a kudos may name live in brand's vision hub, above community: brand
# provides them from `BrandConfig.ready` (brand/contributions.py).
_company_values: list[Callable[[], QuerySet]] = []


def provide_company_values(values: Callable[[], QuerySet]) -> None:
    """Set where the company values come from (a later call replaces it)."""
    _company_values[:] = [values]


def company_values() -> QuerySet:
    """The published company values, in the hub's order (none without a provider)."""
    if _company_values:
        return _company_values[0]()
    return Kudos._meta.get_field("value").related_model.objects.none()


def kudos_for(viewer: User) -> QuerySet[Kudos]:
    """Kudos as `viewer` sees them: who, which value, and whether they may see the page."""
    photos = get_image_model().objects.prefetch_renditions(AVATAR_SMALL)
    return (
        Kudos.objects.select_related("giver__profile", "recipient__profile", "value", "page")
        # The giver's photo and its avatar rendition: two queries for the whole list
        # (none when nobody in it has a photo).
        .prefetch_related(Prefetch("giver__profile__photo", queryset=photos))
        .annotate(page_shown=Exists(viewable_pages(viewer).filter(pk=OuterRef("page_id"))))
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class KudosCard:
    """What a template shows of one kudos (message rendered and sanitised once here)."""

    kudos: Kudos
    message_html: str
    giver_name: str
    giver_profile: object | None  # for the avatar
    recipient_name: str
    giver_url: str
    recipient_url: str
    value: object | None
    page: Page | None


def _name(user: User) -> str:
    profile = getattr(user, "profile", None)
    return profile.name if profile is not None else user.display_name


def cards(kudos: list[Kudos]) -> list[KudosCard]:
    return [
        KudosCard(
            kudos=item,
            message_html=render_markdown(item.message),
            giver_name=_name(item.giver),
            giver_profile=getattr(item.giver, "profile", None),
            recipient_name=_name(item.recipient),
            giver_url=profile_url(item.giver),
            recipient_url=profile_url(item.recipient),
            value=item.value if item.value_id and item.value.live else None,
            page=item.page if getattr(item, "page_shown", False) else None,
        )
        for item in kudos
    ]


# Side effects -------------------------------------------------------------------------------
def resolve_page(giver: User, text: str) -> Page | None:
    """The page a giver named, by id or by its address on this site; only a page they can
    see. Blank → None; anything else unknown → ValidationError."""
    text = (text or "").strip()
    if not text:
        return None
    pages = viewable_pages(giver)
    if text.isdigit():
        page = pages.filter(pk=int(text)).first()
    else:
        path = urlsplit(text).path.strip("/")
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        page = None
        if site is not None:
            url_path = site.root_page.url_path + (f"{path}/" if path else "")
            page = pages.filter(url_path=url_path).first()
    if page is None:
        raise ValidationError(
            _("We could not find that page. Paste the address of a page you can open.")
        )
    return page


def give_kudos(
    giver: User,
    recipient: User | None,
    message: str,
    *,
    value=None,
    page: Page | None = None,
) -> Kudos:
    """Thank `recipient` publicly; they are told by a background task."""
    if not can_see_kudos(giver):
        raise PermissionDenied(_("Only staff can give kudos."))
    if recipient is None or not colleagues().filter(pk=recipient.pk).exists():
        raise ValidationError(_("We could not find that colleague. Choose someone at the company."))
    if recipient.pk == giver.pk:
        raise ValidationError(
            _("Kudos are for thanking someone else: you cannot give kudos to yourself.")
        )
    message = (message or "").strip()
    if not message:
        raise ValidationError(_("Say what you are thanking them for."))
    if len(message) > MESSAGE_MAX:
        raise ValidationError(
            _("Keep your message under %(max)d characters.") % {"max": MESSAGE_MAX}
        )
    if value is not None and not company_values().filter(pk=value.pk).exists():
        raise ValidationError(_("Choose one of the company values, or none."))
    if page is not None and not viewable_pages(giver).filter(pk=page.pk).exists():
        raise ValidationError(_("We could not find that page."))

    with transaction.atomic():
        kudos = Kudos.objects.create(
            giver=giver, recipient=recipient, message=message, value=value, page=page
        )
        record_event(giver, Verb.THANKED, kudos)
        log(kudos, LOG_ACTION, user=giver, data={"recipient": recipient.pk})
        transaction.on_commit(lambda: notify_kudos.enqueue(kudos.pk))
    return kudos


# The profile --------------------------------------------------------------------------------
def totals(user: User) -> dict[str, int]:
    """Kudos received and given by `user`: one query."""
    return Kudos.objects.aggregate(
        received=Count("pk", filter=Q(recipient=user)),
        given=Count("pk", filter=Q(giver=user)),
    )
