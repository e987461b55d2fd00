"""Slugs for pages that people create from the site (a community, a question, an idea):
one free among the parent's children."""

from django.utils.text import slugify
from wagtail.models import Page


def unique_child_slug(parent: Page, title: str, *, fallback: str, max_length: int) -> str:
    """`title` slugified and cut to `max_length` (without a dangling hyphen), `fallback` when
    nothing is left, then numbered `-2`, `-3`, … until no child of `parent` has it."""
    base = slugify(title)[:max_length].rstrip("-") or fallback
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug
