"""Small display helpers for people: initials for a photo-less avatar (the shared
component's filter, core.templatetags.hearth_components, under the name people's
templates load)."""

from django import template

from core.templatetags.hearth_components import initials

register = template.Library()
register.filter("initials", initials)
