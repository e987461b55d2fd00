"""Display helpers for the shared components (templates/components/)."""

from django import template

from core.policy import Action, policy

register = template.Library()


@register.filter
def initials(person) -> str:
    """Up to two initials of a person's shown name ("Kemi Mensah" → "KM"), for an avatar
    without a photo (components/avatar.html)."""
    words = [word for word in str(getattr(person, "name", person) or "").split() if word]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


@register.simple_tag(takes_context=True)
def photo_shown(context, person) -> bool:
    """Whether the avatar may show `person`'s photo to the reader: only to those who may
    see people (the "staff" action; a guest sees initials, and the media view would refuse
    them the file anyway). Asked once per reader and request, whatever the list's length."""
    if not getattr(person, "photo", None):  # no query for a profile without a photo
        return False
    # The reader: the request's, or the `user` a template was rendered for without one
    # (a comment card, cached per state: community.comments.cards).
    request = getattr(context, "request", None)
    user = request.user if request is not None else context.get("viewer")
    if user is None:
        return False
    shown = getattr(user, "_hearth_photos_shown", None)
    if shown is None:
        shown = policy.user_has_permission(user, Action.STAFF)
        user._hearth_photos_shown = shown
    return shown
