"""Django's {# … #} comment ends on its own line; one left open shows its text to readers
(as it did on every knowledge page's sidebar). Multi-line notes use {% comment %}."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SKIP = {".venv", "node_modules", "static", "media"}


def test_no_template_comment_spans_lines():
    open_comments = []
    for template in REPO.rglob("*.html"):
        if SKIP & set(template.relative_to(REPO).parts):
            continue
        for number, line in enumerate(template.read_text().splitlines(), start=1):
            if line.count("{#") > line.count("#}"):
                open_comments.append(f"{template.relative_to(REPO)}:{number}")
    assert open_comments == []
