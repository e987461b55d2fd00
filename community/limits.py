"""Limits on posting: length and rate, with messages a person understands.

Rate limiting counts posts per person in the cache (one minute windows); the limits are
settings (HEARTH_POST_MAX_CHARS, HEARTH_POSTS_PER_MINUTE) so a busy company can raise them.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.models import User


class RateLimited(Exception):
    """Raised when a person has posted too often; `str()` is the message to show."""


def clean_text(
    text: str | None, *, required: bool = True, limit: int | None = None, empty: str = ""
) -> str:
    """Trimmed text within `limit` characters (HEARTH_POST_MAX_CHARS unless given), or a
    ValidationError saying what is wrong; `empty` is the message for missing required text."""
    text = (text or "").replace("\x00", "").strip()
    if required and not text:
        message = empty or _("Write something first: the text is empty.")
        raise ValidationError(message, code="empty")
    if limit is None:
        limit = settings.HEARTH_POST_MAX_CHARS
    if len(text) > limit:
        raise ValidationError(
            _("That is %(length)s characters; the limit is %(limit)s. Please shorten it.")
            % {"length": f"{len(text):,}", "limit": f"{limit:,}"},
            code="too_long",
        )
    return text


def check_rate(user: User) -> None:
    """Count one post by `user`; raise RateLimited past HEARTH_POSTS_PER_MINUTE."""
    window = int(time.time() // 60)
    key = f"hearth:posts:{user.pk}:{window}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    if count > settings.HEARTH_POSTS_PER_MINUTE:
        raise RateLimited(_("You are posting very quickly. Please wait a minute and try again."))
