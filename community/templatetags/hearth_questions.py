"""`{% questions_panel page %}`: the questions of a space or community (recent, and those
still unanswered), for templates whose page context does not carry them already."""

from django import template

from community.questions import services as questions

register = template.Library()

QUESTIONS_SHOWN = 8


@register.inclusion_tag("community/questions/listing.html", takes_context=True)
def questions_panel(context, parent):
    request = context["request"]
    return {
        "request": request,
        "parent": parent,
        **questions.listing_context(request.user, parent, QUESTIONS_SHOWN),
    }
