"""The rendered card of each comment, cached by what it shows, so a busy discussion is cheap.

A comment card (header, text, edit history, reaction bar, actions) is the same for every
reader who sees the same state: the same status, edit, author name, reaction counts, own
reactions and rights. Rendering 50 cards through the template engine costs about a
millisecond each; here the cards of a discussion page come from the cache with one
`get_many`, and only cards whose state has changed are rendered (and stored).

The key is a digest of everything the card shows, so a change (an edit, a reaction, a
moderator's decision, a renamed author) gives a new key: nothing is ever invalidated, and
no reader can receive a card made for a different state. The one per-reader value inside
a card, the CSRF token of its forms, is rendered as a placeholder that the template puts
the reader's token in (`{{ node.card_html|with_csrf:csrf_token }}`, hearth_comments), so
cards are made from a user, without the request.
"""

import hashlib
from collections.abc import Iterable, Iterator

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from community.comments.services import CommentNode
from core import late
from core.models import User
from core.policy import Action, policy

CARD_TEMPLATE = "community/comments/card.html"
CARD_SECONDS = 24 * 60 * 60
# A late slot (core.late): letters and digits, so escaping cannot change it, and secret, so
# a comment cannot spell it and have the reader's token written into its own text.
CSRF_SLOT = late.slot(late.CSRF)
_VERSION = 2  # 2: the author's avatar


def _walk(nodes: Iterable[CommentNode]) -> Iterator[CommentNode]:
    for node in nodes:
        yield node
        yield from _walk(node.replies)


def _photo_state(profile, photos_shown: bool) -> tuple:
    """What the card's avatar shows: initials, or which photo cropped how (a new photo or
    crop makes a new card)."""
    photo = getattr(profile, "photo", None) if photos_shown and profile is not None else None
    if photo is None:
        return ()
    return (photo.pk, photo.focal_point_x, photo.focal_point_y, photo.focal_point_width)


def _key(node: CommentNode, viewer_pk: int | None, photos_shown: bool) -> str:
    comment = node.comment
    bar = node.reactions
    state = (
        _VERSION,
        get_language(),
        comment.pk,
        comment.status,
        comment.edited_at.isoformat() if comment.edited_at else "",
        comment.author_id == viewer_pk,
        viewer_pk is not None,
        node.author_name,
        node.in_reply_to,
        node.shows_text,
        node.note,
        node.can_reply,
        node.can_edit,
        node.can_delete,
        tuple((s.kind, s.count, s.mine) for s in bar.states) if bar else (),
        _photo_state(node.author_profile, photos_shown),
    )
    return "hearth:card:" + hashlib.blake2b(repr(state).encode(), digest_size=16).hexdigest()


def attach_cards(nodes: list[CommentNode], user: User | AnonymousUser) -> None:
    """Set `node.card_html` on every node of the threads (one cache round trip), with the
    CSRF token left as `CSRF_SLOT` for `with_csrf` to fill."""
    viewer_pk = user.pk if user.is_authenticated else None
    photos_shown = policy.user_has_permission(user, Action.STAFF)  # not guests (avatar.html)
    every = list(_walk(nodes))
    keys = {node.pk: _key(node, viewer_pk, photos_shown) for node in every}
    cached = cache.get_many(list(keys.values()))
    fresh = {}
    for node in every:
        key = keys[node.pk]
        if key not in cached:
            cached[key] = fresh[key] = render_to_string(
                CARD_TEMPLATE, {"node": node, "user": user, "csrf_token": CSRF_SLOT}
            )
    if fresh:
        cache.set_many(fresh, CARD_SECONDS)
    for node in every:
        node.card_html = cached[keys[node.pk]]


def with_csrf(card_html: str, token: object) -> SafeString:
    """A cached card with the reader's CSRF token in its forms."""
    return mark_safe(card_html.replace(CSRF_SLOT, str(token)))  # noqa: S308 - our own template's output
