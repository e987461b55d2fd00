"""What recognition adds to a person's contributions (`people.contributions`): kudos
received count in the ledger, and the profile shows the kudos and the ledger
(people/includes/recognition.html). Registered from `CommunityConfig.ready`."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community.recognition import services
from community.recognition.forms import KudosForm
from core.models import User
from people import contributions
from people.models import Kudos, Profile

KUDOS_ON_PROFILE = 10


def kudos_received(window: contributions.Window) -> QuerySet:
    return window.filter(Kudos.objects.all(), "created_at").annotate(ledger_user=F("recipient_id"))


def profile_context(profile: Profile, viewer: User | AnonymousUser) -> dict:
    """What people/includes/recognition.html needs, under the one key "recognition".

    Nothing for guests. A constant number of queries: the latest received and given
    kudos, their totals, one per ledger source, and the company values for the form.
    """
    if not services.can_see_kudos(viewer):
        return {}
    user = profile.user
    shown = services.kudos_for(viewer)
    is_self = viewer.pk == user.pk
    form = None
    if not is_self:
        form = KudosForm(initial={"to": user.username}, auto_id="kudos_%s", hide_recipient=True)
    return {
        "recognition": {
            "person": user,
            "name": profile.name,
            "is_self": is_self,
            "received": services.cards(list(shown.filter(recipient=user)[:KUDOS_ON_PROFILE])),
            "given": services.cards(list(shown.filter(giver=user)[:KUDOS_ON_PROFILE])),
            "totals": services.totals(user),
            "ledger": contributions.ledger_for(user),
            "form": form,
            "all_url": reverse("people:kudos_person", args=[user.username]),
        }
    }


def register() -> None:
    contributions.register(
        contributions.LedgerSource(
            "kudos",
            _("Kudos received"),
            1,
            kudos_received,
            help_text=_("Colleagues thanked them publicly."),
            order=50,
        )
    )
    contributions.profile_part(profile_context)
