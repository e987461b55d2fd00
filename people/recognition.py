"""Recognition: kudos between colleagues, and what a profile shows of them and the ledger.

Kudos are staff-only: guests neither give nor see them (views answer 404). A kudos is
public inside the company, may name one of the company values (a published vision-hub
statement of kind "value") and a page the thanks is for; that page is shown only to
readers who may see it (`core.permissions.viewable_pages`).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page, Site

from core.models import User
from core.permissions import viewable_pages
from core.policy import Action, policy
from core.sanitize import render_markdown
from people import ledger
from people.models import Kudos, Profile

KUDOS_ON_PROFILE = 10
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
def company_values() -> QuerySet:
    """The published company values from the vision hub, in the hub's order."""
    from brand.models import StatementKind, StatementPage

    return StatementPage.objects.live().filter(kind=StatementKind.VALUE).order_by("path")


def kudos_for(viewer: User) -> QuerySet[Kudos]:
    """Kudos as `viewer` sees them: who, which value, and whether they may see the page."""
    return (
        Kudos.objects.select_related("giver__profile", "recipient__profile", "value", "page")
        .annotate(page_shown=Exists(viewable_pages(viewer).filter(pk=OuterRef("page_id"))))
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class KudosCard:
    """What a template shows of one kudos (message rendered and sanitised once here)."""

    kudos: Kudos
    message_html: str
    giver_name: str
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
            recipient_name=_name(item.recipient),
            giver_url=profile_url(item.giver),
            recipient_url=profile_url(item.recipient),
            value=item.value if item.value_id and item.value.live else None,
            page=item.page if getattr(item, "page_shown", False) else None,
        )
        for item in kudos
    ]


def profile_url(user: User) -> str:
    """The person's profile (the directory's page), or their kudos page until it exists."""
    try:
        return reverse("people:profile", args=[user.username])
    except NoReverseMatch:
        return reverse("people:kudos_person", args=[user.username])


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

    from insights.models import Verb
    from insights.services import record_event
    from people.tasks import notify_kudos

    with transaction.atomic():
        kudos = Kudos.objects.create(
            giver=giver, recipient=recipient, message=message, value=value, page=page
        )
        record_event(giver, Verb.THANKED, kudos)
        log(kudos, LOG_ACTION, user=giver, data={"recipient": recipient.pk})
        transaction.on_commit(lambda: notify_kudos.enqueue(kudos.pk))
    return kudos


def notification_for(kudos: Kudos) -> dict:
    """What the recipient's notification says (used by the task)."""
    return {
        "link": f"{profile_url(kudos.recipient)}#kudos",
        "subject": kudos.value.title if kudos.value_id else _("kudos"),
        "detail": Truncator(kudos.message).chars(200),
    }


# The profile --------------------------------------------------------------------------------
def totals(user: User) -> dict[str, int]:
    """Kudos received and given by `user`: one query."""
    return Kudos.objects.aggregate(
        received=Count("pk", filter=Q(recipient=user)),
        given=Count("pk", filter=Q(giver=user)),
    )


def profile_context(profile: Profile, viewer: User | AnonymousUser) -> dict:
    """What people/includes/recognition.html needs, under the one key "recognition".

    Nothing for guests. A constant number of queries: the latest received and given
    kudos, their totals, one per ledger source, and the company values for the form.
    """
    if not can_see_kudos(viewer):
        return {}
    from people.views_recognition import KudosForm

    user = profile.user
    shown = kudos_for(viewer)
    is_self = viewer.pk == user.pk
    form = None
    if not is_self:
        form = KudosForm(initial={"to": user.username}, auto_id="kudos_%s", hide_recipient=True)
    return {
        "recognition": {
            "person": user,
            "name": profile.name,
            "is_self": is_self,
            "received": cards(list(shown.filter(recipient=user)[:KUDOS_ON_PROFILE])),
            "given": cards(list(shown.filter(giver=user)[:KUDOS_ON_PROFILE])),
            "totals": totals(user),
            "ledger": ledger.ledger_for(user),
            "form": form,
            "all_url": reverse("people:kudos_person", args=[user.username]),
        }
    }
