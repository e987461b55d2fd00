from core.sanitize import render_markdown, sanitize_html


def test_markdown_subset_is_rendered():
    html = render_markdown("**bold** _it_ `code`\n\n- one\n- two\n\n> quoted")
    assert "<strong>bold</strong>" in html
    assert "<em>it</em>" in html
    assert "<code>code</code>" in html
    assert "<li>one</li>" in html
    assert "<blockquote>" in html


def test_scripts_and_raw_html_never_survive():
    html = render_markdown('<script>alert(1)</script><img src=x onerror="alert(2)">')
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as the text that was typed


def test_links_get_nofollow_noopener_and_bad_schemes_are_dropped():
    html = render_markdown("[site](https://example.com) [bad](javascript:alert(1))")
    assert 'href="https://example.com"' in html
    assert 'rel="nofollow noopener"' in html
    assert 'href="javascript' not in html  # left as plain text, never a link


def test_images_from_outside_are_not_loaded():
    html = render_markdown("![tracker](https://evil.example/pixel.png)")
    assert "<img" not in html


def test_sanitize_html_strips_attributes_not_allowed():
    html = sanitize_html('<p style="color:red" onclick="x()">hi <a href="/x" class="c">a</a></p>')
    assert html == '<p>hi <a href="/x" rel="nofollow noopener">a</a></p>'
