"""`{% may %}`: templates ask the permission policy (`core.policy`) instead of deciding.

    {% load hearth_policy %}
    {% may "comment" page as can_comment %}{% if can_comment %}…{% endif %}
    {% may "staff" as is_staff %}

Signed-out readers (no request in the context) may do nothing.
"""

from django import template
from django.contrib.auth.models import AnonymousUser

from core.policy import policy

register = template.Library()


def may_in(context, action: str, instance=None) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None) or AnonymousUser()
    if instance is None:
        return policy.user_has_permission(user, action)
    return policy.user_has_permission_for_instance(user, action, instance)


@register.simple_tag(takes_context=True)
def may(context, action: str, instance=None) -> bool:
    """May the signed-in person do `action` (to `instance`)? See core.policy.Action."""
    return may_in(context, action, instance)
