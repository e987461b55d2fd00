"""Turn text people write into HTML that is safe to show: Markdown, then an allow-list.

Everything user-written passes through here before display. Markdown is rendered with raw
HTML switched off and images disabled (no pictures loaded from outside), and the result is
cleaned by nh3 with a short allow-list, so even a bug in the renderer cannot let a script
or an event handler through.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "code", "pre", "blockquote",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener"

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable(
    ["image", "heading", "lheading", "hr", "table"], ignoreInvalid=True
)


def sanitize_html(html: str) -> SafeString:
    """Keep only the allow-listed tags and attributes; links get rel="nofollow noopener"."""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just removed everything not allow-listed


def render_markdown(text: str) -> SafeString:
    """Render the Markdown subset people may use (bold, italic, links, lists, code, quotes)."""
    return sanitize_html(_markdown.render(text or ""))
