from django import template
from django.contrib.auth.models import AnonymousUser

from core import breadcrumbs

register = template.Library()


@register.simple_tag
def breadcrumb_trail(page, user):
    """`{% breadcrumb_trail page request.user as trail %}`: core.breadcrumbs.trail (a
    template rendered without a request, as an email is, reads as a signed-out reader)."""
    return breadcrumbs.trail(page, user if hasattr(user, "is_authenticated") else AnonymousUser())
