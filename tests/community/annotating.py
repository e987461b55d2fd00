"""A page to annotate and selectors built from its text, shared by the annotation tests."""

from wagtail.rich_text import RichText

from community.annotations import anchoring
from tests.community.discussion import knowledge_page

BODY = [
    ("heading", {"text": "Before you start", "level": "h2"}),
    (
        "paragraph",
        RichText(
            "<p>Have your laptop &amp; phone ready. The token expires after thirty days, "
            "so renew the token before the end of the month.</p>"
        ),
    ),
    ("heading", {"text": "Steps", "level": "h2"}),
    (
        "paragraph",
        RichText("<p>Open the <b>self-service portal</b> and choose <i>Renew token</i>.</p>"),
    ),
]


def annotated_page(home, owner=None, title="Reset your VPN token", body=None):
    return knowledge_page(home, owner, title, body=body or BODY)


def block_ids(page) -> list[str]:
    return [block.id for block in page.body]


def selection(page, exact: str, occurrence: int = 0, block: int | None = None) -> dict:
    """The selector annotations.js would post for `exact` in the live text of `page`."""
    texts = anchoring.live_texts(page)
    candidates = [block_ids(page)[block]] if block is not None else list(texts)
    for block_id in candidates:
        text = texts[block_id]
        start = -1
        for _ in range(occurrence + 1):
            start = text.find(exact, start + 1)
        if start != -1:
            end = start + len(exact)
            return {
                "block_id": block_id,
                "exact": exact,
                "prefix": text[max(0, start - 32) : start],
                "suffix": text[end : end + 32],
                "start": start,
                "end": end,
            }
    raise AssertionError(f"{exact!r} is not in the page")
