"""What brand adds to the features below it: ideas shipped count in a person's
contributions (`people.contributions`), and the vision hub's published values are what a
kudos may name (`community.recognition`). Registered from `BrandConfig.ready`."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from brand.models import IdeaPage, IdeaStatus, StatementKind, StatementPage
from community.recognition import services as recognition
from people import contributions


def ideas_shipped(window: contributions.Window) -> QuerySet:
    rows = IdeaPage.objects.live().filter(status=IdeaStatus.DONE, author__isnull=False)
    return window.filter(rows, "status_changed_at").annotate(ledger_user=F("author_id"))


def company_values() -> QuerySet[StatementPage]:
    """The published company values from the vision hub, in the hub's order."""
    return StatementPage.objects.live().filter(kind=StatementKind.VALUE).order_by("path")


def register() -> None:
    contributions.register(
        contributions.LedgerSource(
            "ideas",
            _("Ideas shipped"),
            5,
            ideas_shipped,
            help_text=_("Their ideas that the company put into practice."),
            order=30,
        )
    )
    recognition.provide_company_values(company_values)
