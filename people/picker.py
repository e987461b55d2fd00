"""The person picker: one form field and widget for every place a colleague is named
(kudos, adding someone to a community, ...), and the search behind its suggestions
(`/people/pick/?q=`).

Without JavaScript the widget is the plain text box it always was: it accepts a username
or an email address. With JavaScript (`people/picker.js`) it suggests up to ten people as
one types (name, department, photo) and fills in the chosen person's username. Either
way the field's `clean` resolves the text to an active user, or says plainly that nobody
here goes by it.

Who may be suggested follows the people rule (`core.policy`, the "staff" action): staff
see every active colleague; guests see no profiles, so they are suggested nobody.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.models import User
from core.policy import Action, policy
from core.templatetags.hearth_components import initials
from people.models import Profile
from people.services import AVATAR_TINY, visible_profiles, with_photos

PICK_LIMIT = 10
PICK_MIN_CHARS = 2
PICK_MAX_CHARS = 100
PICK_MAX_WORDS = 4
PICK_MAX_TEXT = 254  # the longest email address


def may_pick(viewer: User | AnonymousUser) -> bool:
    """Whether `viewer` may be suggested anyone (the people rule: staff only)."""
    return policy.user_has_permission(viewer, Action.STAFF)


def pick(viewer: User | AnonymousUser, text: str) -> list[Profile]:
    """Up to ten active colleagues whose name, username or email starts with what was typed
    (each word), sorted by name; photos and their small rendition in two more queries.

    Nothing for a query shorter than two characters, and nothing for someone who may not
    see people (guests)."""
    text = (text or "").replace("\x00", " ")[:PICK_MAX_CHARS].strip().lstrip("@")
    if len(text) < PICK_MIN_CHARS or not may_pick(viewer):
        return []
    match = Q()
    for word in text.split()[:PICK_MAX_WORDS]:
        match &= (
            Q(display_name__istartswith=word)
            | Q(display_name__icontains=f" {word}")
            | Q(user__first_name__istartswith=word)
            | Q(user__last_name__istartswith=word)
            | Q(user__username__istartswith=word)
            | Q(user__email__istartswith=word)
        )
    return list(
        with_photos(visible_profiles(), AVATAR_TINY)
        .filter(match)
        .order_by("display_name", "user__first_name", "user__last_name", "pk")[:PICK_LIMIT]
    )


def as_suggestion(profile: Profile) -> dict:
    """What the picker shows of one person (no query: `pick` loaded it all)."""
    photo = ""
    if profile.photo_id:
        photo = profile.photo.get_rendition(AVATAR_TINY).url
    return {
        "username": profile.user.get_username(),
        "name": profile.name,
        "url": reverse("people:profile", args=[profile.user.get_username()]),
        "department": profile.department.name if profile.department_id else "",
        "job_title": profile.job_title,
        "photo": photo,
        "initials": initials(profile),
    }


def resolve(text: str) -> User | None:
    """The active user a typed username or email address names (case-insensitive), or None."""
    text = (text or "").strip().lstrip("@")
    if not text:
        return None
    field = "email__iexact" if "@" in text else "username__iexact"
    found = list(User.objects.filter(**{field: text}, is_active=True)[:2])
    # Two accounts sharing an email address: ask for the username instead of guessing.
    return found[0] if len(found) == 1 else None


class PersonPickerWidget(forms.TextInput):
    """A text box that suggests colleagues as one types (people/picker.js)."""

    template_name = "people/widgets/person_picker.html"

    def __init__(self, attrs: dict | None = None):
        defaults = {
            "autocomplete": "off",
            "spellcheck": "false",
            "data-person-picker": reverse_lazy("people:pick"),
        }
        super().__init__({**defaults, **(attrs or {})})

    class Media:
        js = ["people/picker.js"]
        css = {"all": ["people/picker.css"]}


class PersonField(forms.CharField):
    """A colleague, typed as a username or an email address (or picked from the
    suggestions); cleans to the active `User`."""

    widget = PersonPickerWidget
    default_error_messages = {
        "unknown": _(
            "Nobody here has the username or email address “%(text)s”. "
            "Type a few letters of their name and choose them from the list."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", _("Start typing their name, or give their username or email address.")
        )
        super().__init__(**kwargs)
        # Not `max_length`: its validator would measure the cleaned user, not the text.
        self.widget.attrs.setdefault("maxlength", str(PICK_MAX_TEXT))

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        if len(text) > PICK_MAX_TEXT:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"text": text[:40] + "…"}
            )
        person = resolve(text)
        if person is None:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"text": text}
            )
        return person

    def prepare_value(self, value):
        return value.get_username() if isinstance(value, User) else value
