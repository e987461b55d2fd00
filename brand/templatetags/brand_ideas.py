"""Template tags of the idea board for other apps' templates (the wiki's page history)."""

from django import template

from brand.ideas import services as ideas

register = template.Library()


@register.simple_tag(takes_context=True)
def shipped_ideas(context, page) -> list:
    """Ideas shipped on `page` (newest first), for people who may use the idea board: one
    query, none for guests."""
    request = context.get("request")
    if page is None or request is None or not ideas.can_use_ideas(request.user):
        return []
    return [entry.data for entry in ideas.shipped_credits(page)[: ideas.CREDITS_SHOWN]]
