"""What a person's knowledge work adds to people's contributions (`people.contributions`):
the pages they keep verified count in the ledger, and their profile lists the spaces they
own and the pages they verified. Registered from `KnowledgeConfig.ready`."""

from __future__ import annotations

from django.db.models import F, Max, QuerySet
from django.utils.translation import gettext_lazy as _

from core.permissions import viewable_pages
from knowledge.models import KnowledgePage, SpacePage, Verification
from people import contributions

PROFILE_LIST_LIMIT = 8  # spaces and verified pages shown on a profile


def verified_pages(window: contributions.Window) -> QuerySet:
    rows = Verification.objects.filter(verified_by__isnull=False)
    return window.filter(rows, "verified_at").annotate(ledger_user=F("verified_by_id"))


def profile_part(profile, viewer) -> dict:
    """The spaces `profile`'s person owns and the pages they verified, newest first:
    only pages `viewer` may read (two queries)."""
    readable = viewable_pages(viewer).values("pk")
    spaces = (
        SpacePage.objects.live()
        .filter(owners=profile.user, pk__in=readable)
        .order_by("title")
        .only("id", "title", "url_path", "path", "depth")
    )
    verified = (
        KnowledgePage.objects.filter(pk__in=readable, verifications__verified_by=profile.user)
        .annotate(verified_by_them_at=Max("verifications__verified_at"))
        .order_by("-verified_by_them_at", "pk")
        .only("id", "title", "url_path", "path", "depth")
    )
    return {
        "spaces": list(spaces[:PROFILE_LIST_LIMIT]),
        "verified": list(verified[:PROFILE_LIST_LIMIT]),
    }


def register() -> None:
    contributions.register(
        contributions.LedgerSource(
            "verified",
            _("Pages kept verified"),
            3,
            verified_pages,
            distinct="page_id",
            help_text=_("Knowledge pages they confirmed are still right."),
            order=10,
        )
    )
    contributions.profile_part(profile_part)
