"""`{% token "color-text" %}`: a design token's value where CSS custom properties cannot
reach (e-mails, whose clients ignore `var()`; the PDF renderer), read from tokens.css so
the colour is still written once (core.tokens)."""

from django import template

from core import tokens

register = template.Library()


@register.simple_tag
def token(name: str) -> str:
    return tokens.value(name)
