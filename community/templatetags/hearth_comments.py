"""Comment cards: `{{ node.card_html|with_csrf:csrf_token }}` puts the reader's CSRF token
in a card rendered (and cached) without the request (community.comments.cards)."""

from django import template

from community.comments.cards import with_csrf as fill_token

register = template.Library()


@register.filter
def with_csrf(card_html: str, token: object):
    return fill_token(card_html, token)


@register.filter
def reaction_states(bar, full: bool = False):
    """Every kind of a reaction bar when `full`, else only those anyone chose."""
    return bar.states if full else bar.shown
