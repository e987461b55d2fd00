"""`@username` mentions in comments and annotation notes.

A mention only reaches people who may see the page; the others are reported back to the
writer ("Sam cannot see this page, so was not told") and never notified.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Q
from wagtail.models import Page

from core.models import User
from core.permissions import users_who_can_view

# Usernames as Django allows them (letters, digits and @.+-_), not ending in punctuation.
MENTION = re.compile(r"(?<![\w@])@([\w.+-]*[\w+-])")
MAX_MENTIONS = 20


@dataclass
class Mentions:
    reachable: list[User] = field(default_factory=list)
    unreachable: list[User] = field(default_factory=list)


def mentioned_usernames(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for match in MENTION.finditer(text or ""):
        seen.setdefault(match.group(1).lower(), None)
    return list(seen)[:MAX_MENTIONS]


def resolve(text: str, page: Page, *, author: User | None = None) -> Mentions:
    """The people `text` mentions, split by whether they may see `page` (two queries)."""
    names = mentioned_usernames(text)
    if not names:
        return Mentions()
    wanted = Q()
    for name in names:
        wanted |= Q(username__iexact=name)
    people = User.objects.filter(wanted)
    people = [person for person in people.filter(is_active=True) if person != author]
    if not people:
        return Mentions()
    can_see = set(
        users_who_can_view(page, User.objects.filter(pk__in=[p.pk for p in people])).values_list(
            "pk", flat=True
        )
    )
    return Mentions(
        reachable=[p for p in people if p.pk in can_see],
        unreachable=[p for p in people if p.pk not in can_see],
    )
