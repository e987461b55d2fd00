"""Pages made outside the admin, by people on the site (a community, a question, an idea)
and by the demo's loaders: a slug free among the parent's children, and publishing as the
person who made the page."""

from django.utils.text import slugify
from wagtail.models import Page, Revision


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


def publish_as(page: Page, user, **fields) -> Revision:
    """Set `fields` on `page`, save a revision by `user` (in the page's history) and publish
    it. No permission check: the caller's service (or the demo) decided `user` may."""
    for name, value in fields.items():
        setattr(page, name, value)
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user, skip_permission_checks=True)
    return revision
