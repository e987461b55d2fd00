"""Small display helpers for people: initials for a photo-less avatar."""

from django import template

register = template.Library()


@register.filter
def initials(profile) -> str:
    """Up to two initials of a person's shown name ("Kemi Mensah" → "KM")."""
    words = [word for word in str(getattr(profile, "name", profile) or "").split() if word]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()
