"""Display helpers for the shared components (templates/components/)."""

from django import template

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
