"""Guests' pinholes as the privacy gate sees them: which spaces a guest's grants open.

A guest (vendor, supplier, customer) sees only the spaces their active pinholes open.
The gate (`core.permissions`) needs those grants on every read path, but the grants are
`people` data, above `core`. So `core` declares what it asks here, and `people` registers
the answer from its `AppConfig.ready`:

    from core import pinholes

    pinholes.register(GuestAccessPinholes())

With nothing registered (a site without guests), no pinhole opens anything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

if TYPE_CHECKING:
    from core.models import User


class Pinholes(Protocol):
    def opened_paths(self, user: User) -> list[str]:
        """Tree paths of the spaces `user`'s active pinholes open: one query."""
        ...

    def holders(self, *, at: list[str] | None = None, below: str | None = None) -> QuerySet:
        """The user ids (a `values("user_id")` subquery: no query of its own) holding an
        active pinhole on a space whose path is in `at`, or at or below `below`."""
        ...


class NoPinholes:
    """What holds when no app registers pinholes: none."""

    def opened_paths(self, user: User) -> list[str]:
        return []

    def holders(self, *, at: list[str] | None = None, below: str | None = None) -> QuerySet:
        return get_user_model().objects.none().values("pk")


_registered: list[Pinholes] = []


def register(provider: Pinholes) -> None:
    """Set the site's pinholes (one provider: a later registration replaces it)."""
    _registered[:] = [provider]


def provider() -> Pinholes:
    return _registered[0] if _registered else NoPinholes()
