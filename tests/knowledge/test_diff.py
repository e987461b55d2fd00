"""knowledge.diff: readable text out of page HTML, and a word diff that keeps paragraphs.

Pure functions: no database. Expected HTML is spelled out in full so that any change in
grouping, spacing or escaping shows up.
"""

import random

from django.utils.safestring import SafeString

from knowledge import diff
from knowledge.diff import Token, diff_html, html_to_words


def words(html: str) -> list[tuple[str, int, str]]:
    return [tuple(token) for token in html_to_words(html)]


# html_to_words


def test_words_keep_blocks_kinds_and_decode_entities():
    html = (
        "<h2>Team &amp; people</h2>\n"
        "<div class='block-paragraph'><p>We  re<b>use</b>\u00a0code,\n <i>often</i>.</p></div>"
        "<ul><li>One</li><li>Two &lt;three&gt;</li></ul>"
    )
    assert html_to_words(html) == [
        Token("Team", 0, "heading"),
        Token("&", 0, "heading"),
        Token("people", 0, "heading"),
        Token("We", 1, "paragraph"),
        Token("reuse", 1, "paragraph"),  # inline markup inside a word adds no space
        Token("code,", 1, "paragraph"),
        Token("often.", 1, "paragraph"),
        Token("One", 2, "item"),
        Token("Two", 3, "item"),
        Token("<three>", 3, "item"),
    ]


def test_words_skip_script_style_template_and_empty_blocks():
    html = (
        '<p>Before</p><script>var s = "<p>hidden</p>";</script><style>p { color: red }</style>'
        "<template><p>not shown</p></template><p>   </p><p>\u00a0</p><p>After</p>"
    )
    assert words(html) == [("Before", 0, "paragraph"), ("After", 1, "paragraph")]


def test_words_split_on_br_and_code_lines_and_cells():
    html = (
        "<p>Line one<br>line two</p>"
        "<pre><code>make test\n\nmake lint</code></pre>"
        "<table><tr><th>Name</th><td>Value</td></tr></table>"
    )
    assert words(html) == [
        ("Line", 0, "paragraph"),
        ("one", 0, "paragraph"),
        ("line", 1, "paragraph"),
        ("two", 1, "paragraph"),
        ("make", 2, "code"),
        ("test", 2, "code"),
        ("make", 3, "code"),
        ("lint", 3, "code"),
        ("Name", 4, "cell"),
        ("Value", 5, "cell"),
    ]


def test_innermost_kind_wins_and_unclosed_items_do_not_leak():
    html = (
        "<blockquote><p>Quoted</p></blockquote>"
        "<ol><li><p>Step title</p>detail</li></ol>"
        "<ul><li>One<li>Two</ul><p>Plain</p></li></section><p>Still plain</p>"
    )
    assert words(html) == [
        ("Quoted", 0, "quote"),
        ("Step", 1, "item"),
        ("title", 1, "item"),
        ("detail", 2, "item"),
        ("One", 3, "item"),
        ("Two", 4, "item"),
        ("Plain", 5, "paragraph"),
        ("Still", 6, "paragraph"),
        ("plain", 6, "paragraph"),
    ]


def test_words_of_empty_or_markup_only_html():
    assert html_to_words("") == []
    assert html_to_words("<div><p> </p><br><script>x()</script></div>") == []


# diff_html: unchanged


def test_identical_pages_are_unchanged():
    html = "<h2>Intro</h2><p>The quick brown fox.</p><ul><li>One</li></ul>"
    result = diff_html(html, html)
    assert result.changed is False
    assert (result.inserted_words, result.deleted_words) == (0, 0)
    assert result.html == (
        '<p class="diff-heading">Intro</p>\n'
        "<p>The quick brown fox.</p>\n"
        '<p class="diff-item">One</p>'
    )
    assert isinstance(result.html, SafeString)


def test_markup_and_whitespace_only_changes_are_unchanged():
    old = "<p>Hello <b>world</b>, see the wiki</p>"
    new = '<div class="block"><p>Hello   world, see\n the <a href="/wiki/">wiki</a></p></div>'
    result = diff_html(old, new)
    assert result.changed is False
    assert result.html == "<p>Hello world, see the wiki</p>"


def test_both_empty():
    result = diff_html("", "")
    assert (result.html, result.inserted_words, result.deleted_words, result.changed) == (
        "",
        0,
        0,
        False,
    )


# diff_html: words


def test_a_word_replaced():
    result = diff_html("<p>The quick brown fox jumps</p>", "<p>The quick red fox jumps</p>")
    assert result.html == "<p>The quick <del>brown</del> <ins>red</ins> fox jumps</p>"
    assert (result.inserted_words, result.deleted_words, result.changed) == (1, 1, True)


def test_a_word_inserted_at_the_start():
    result = diff_html("<p>quick brown fox</p>", "<p>The quick brown fox</p>")
    assert result.html == "<p><ins>The</ins> quick brown fox</p>"
    assert (result.inserted_words, result.deleted_words) == (1, 0)


def test_a_word_inserted_at_the_end():
    result = diff_html("<p>The quick brown fox</p>", "<p>The quick brown fox jumps</p>")
    assert result.html == "<p>The quick brown fox <ins>jumps</ins></p>"
    assert (result.inserted_words, result.deleted_words) == (1, 0)


def test_a_word_deleted():
    result = diff_html("<p>The quick brown fox</p>", "<p>The brown fox</p>")
    assert result.html == "<p>The <del>quick</del> brown fox</p>"
    assert (result.inserted_words, result.deleted_words) == (0, 1)


def test_consecutive_words_are_grouped_into_one_run():
    result = diff_html("<p>one two three</p>", "<p>one alpha beta gamma two three</p>")
    assert result.html == "<p>one <ins>alpha beta gamma</ins> two three</p>"
    assert result.html.count("<ins>") == 1
    assert result.inserted_words == 3

    result = diff_html("<p>a b c d e f</p>", "<p>a x y z e f</p>")
    assert result.html == "<p>a <del>b c d</del> <ins>x y z</ins> e f</p>"
    assert (result.inserted_words, result.deleted_words) == (3, 3)


def test_counts_add_up_over_several_edits():
    old = "<p>Submit the form before Friday noon please</p><p>Ask your manager first</p>"
    new = "<p>Submit the new form before Monday please</p><p>Ask your line manager first</p>"
    result = diff_html(old, new)
    assert result.html == (
        "<p>Submit the <ins>new</ins> form before <del>Friday noon</del> <ins>Monday</ins> "
        "please</p>\n"
        "<p>Ask your <ins>line</ins> manager first</p>"
    )
    assert (result.inserted_words, result.deleted_words) == (3, 2)


def test_side_by_side_rows_keep_each_versions_words_aligned_by_paragraph():
    old = "<h2>Intro</h2><p>Submit before Friday noon</p><p>An old paragraph.</p>"
    new = "<h2>Intro</h2><p>Submit before Monday</p><p>A new paragraph here.</p>"
    result = diff_html(old, new)
    rows = result.sides.split("\n")
    assert rows[0] == (
        '<div class="diff-row"><p class="diff-side diff-heading">Intro</p>'
        '<p class="diff-side diff-heading">Intro</p></div>'
    )
    # The old words with the removed ones on the left, the new with the added on the right.
    assert rows[1] == (
        '<div class="diff-row"><p class="diff-side">Submit before <del>Friday noon</del></p>'
        '<p class="diff-side">Submit before <ins>Monday</ins></p></div>'
    )
    # A block only one version has faces an empty cell.
    assert '<p class="diff-side diff-side--empty"></p>' in result.sides
    assert isinstance(result.sides, SafeString)


def test_side_by_side_escapes_words():
    result = diff_html("<p>a &lt;b&gt;</p>", "<p>a &lt;i&gt;</p>")
    assert "<del>&lt;b&gt;</del>" in result.sides and "<ins>&lt;i&gt;</ins>" in result.sides


# diff_html: paragraphs


def test_a_paragraph_added():
    old = "<h2>Intro</h2><p>First one here.</p><p>Last one here.</p>"
    new = "<h2>Intro</h2><p>First one here.</p><p>A brand new paragraph.</p><p>Last one here.</p>"
    result = diff_html(old, new)
    assert result.html == (
        '<p class="diff-heading">Intro</p>\n'
        "<p>First one here.</p>\n"
        "<p><ins>A brand new paragraph.</ins></p>\n"
        "<p>Last one here.</p>"
    )
    assert (result.inserted_words, result.deleted_words, result.changed) == (4, 0, True)


def test_a_paragraph_removed():
    old = "<h2>Intro</h2><p>First one here.</p><p>An old paragraph.</p><p>Last one here.</p>"
    new = "<h2>Intro</h2><p>First one here.</p><p>Last one here.</p>"
    result = diff_html(old, new)
    assert result.html == (
        '<p class="diff-heading">Intro</p>\n'
        "<p>First one here.</p>\n"
        "<p><del>An old paragraph.</del></p>\n"
        "<p>Last one here.</p>"
    )
    assert (result.inserted_words, result.deleted_words, result.changed) == (0, 3, True)


def test_a_rewritten_paragraph_is_shown_whole_not_as_word_soup():
    # The two share "the" twice; matching on it would interleave unrelated words.
    result = diff_html("<p>Book the room with the form</p>", "<p>Ask the manager for the key</p>")
    assert result.html == (
        "<p><del>Book the room with the form</del></p>\n"
        "<p><ins>Ask the manager for the key</ins></p>"
    )
    assert (result.inserted_words, result.deleted_words) == (6, 6)


def test_an_edited_paragraph_stays_paired_next_to_an_inserted_one():
    old = "<p>alpha beta gamma delta</p><p>one two three four</p>"
    new = "<p>alpha beta gamma delta</p><p>brand new text here</p><p>one two three five</p>"
    result = diff_html(old, new)
    assert result.html == (
        "<p>alpha beta gamma delta</p>\n"
        "<p><ins>brand new text here</ins></p>\n"
        "<p>one two three <del>four</del> <ins>five</ins></p>"
    )


def test_a_moved_paragraph_is_deleted_where_it_was_and_inserted_where_it_is():
    old = "<p>Moving words here</p><p>Stays put one</p><p>Stays put two</p>"
    new = "<p>Stays put one</p><p>Stays put two</p><p>Moving words here</p>"
    result = diff_html(old, new)
    assert result.html == (
        "<p><del>Moving words here</del></p>\n"
        "<p>Stays put one</p>\n"
        "<p>Stays put two</p>\n"
        "<p><ins>Moving words here</ins></p>"
    )


def test_a_split_paragraph():
    result = diff_html(
        "<p>one two three four five six</p>", "<p>one two three</p><p>four five six</p>"
    )
    assert result.html == (
        "<p>one two three <del>four five six</del></p>\n<p><ins>four five six</ins></p>"
    )


def test_a_paragraph_that_became_a_heading_is_changed_without_word_changes():
    result = diff_html("<p>Overview</p><p>Text</p>", "<h2>Overview</h2><p>Text</p>")
    assert result.html == '<p class="diff-heading">Overview</p>\n<p>Text</p>'
    assert (result.inserted_words, result.deleted_words, result.changed) == (0, 0, True)


def test_empty_old_page_is_all_inserted():
    result = diff_html("", "<h2>Title</h2><p>Hello &amp; welcome</p>")
    assert result.html == (
        '<p class="diff-heading"><ins>Title</ins></p>\n<p><ins>Hello &amp; welcome</ins></p>'
    )
    assert (result.inserted_words, result.deleted_words, result.changed) == (4, 0, True)


def test_empty_new_page_is_all_deleted():
    result = diff_html("<h2>Title</h2><p>Hello &amp; welcome</p>", "<p> </p>")
    assert result.html == (
        '<p class="diff-heading"><del>Title</del></p>\n<p><del>Hello &amp; welcome</del></p>'
    )
    assert (result.inserted_words, result.deleted_words, result.changed) == (0, 4, True)


# diff_html: escaping


def test_text_that_looks_like_markup_comes_out_escaped():
    old = "<p>Never type &lt;script&gt;alert(1)&lt;/script&gt; into a page</p>"
    new = "<p>Never type &lt;script&gt;alert(2)&lt;/script&gt; into any page</p>"
    result = diff_html(old, new)
    assert result.html == (
        "<p>Never type <del>&lt;script&gt;alert(1)&lt;/script&gt;</del> "
        "<ins>&lt;script&gt;alert(2)&lt;/script&gt;</ins> into <del>a</del> <ins>any</ins> page</p>"
    )
    assert "<script" not in result.html


def test_quotes_ampersands_and_unchanged_text_are_escaped():
    old = '<p>Say "hi" &amp; it\'s &lt;b&gt;fine&lt;/b&gt;</p>'
    result = diff_html(old, old + "<p>&lt;img src=x onerror=alert(1)&gt;</p>")
    assert result.html == (
        "<p>Say &quot;hi&quot; &amp; it&#x27;s &lt;b&gt;fine&lt;/b&gt;</p>\n"
        "<p><ins>&lt;img src=x onerror=alert(1)&gt;</ins></p>"
    )


def test_real_script_elements_are_dropped_not_diffed():
    result = diff_html("<p>Hi</p>", "<p>Hi</p><script>alert(1)</script>")
    assert result.changed is False
    assert result.html == "<p>Hi</p>"


# diff_html: alignment fallback and a page-sized diff


def test_past_the_alignment_limit_blocks_pair_walking_forward(monkeypatch):
    monkeypatch.setattr(diff, "MAX_ALIGNMENT_CELLS", 0)
    old = "<p>a b c d</p><p>e f g h</p><p>i j k l</p><p>m n o p</p><p>q r s t</p>"
    new = (
        "<p>a b c x</p><p>brand new words here</p><p>e f g y</p><p>m n o z</p>"
        "<p>totally other words</p>"
    )
    result = diff_html(old, new)
    assert result.html == (
        "<p>a b c <del>d</del> <ins>x</ins></p>\n"
        "<p><ins>brand new words here</ins></p>\n"  # found by looking ahead
        "<p>e f g <del>h</del> <ins>y</ins></p>\n"
        "<p><del>i j k l</del></p>\n"  # deleted, found by looking ahead
        "<p>m n o <del>p</del> <ins>z</ins></p>\n"
        "<p><del>q r s t</del></p>\n"  # rewritten: no partner nearby
        "<p><ins>totally other words</ins></p>"
    )
    # The full alignment, within the limit, gives the same answer here.
    monkeypatch.undo()
    assert diff_html(old, new).html == result.html


def _page(paragraphs: list[list[str]]) -> str:
    return "".join(f"<p>{' '.join(words)}</p>" for words in paragraphs)


def test_a_five_thousand_word_page_gives_exact_counts():
    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(300)]
    weights = [1 / (rank + 1) for rank in range(300)]  # a few words recur very often
    old = [rng.choices(vocabulary, weights, k=50) for _ in range(100)]
    assert sum(map(len, old)) == 5_000

    new = [list(words) for words in old]
    edited = range(0, 100, 2)  # every other paragraph gets one word replaced
    for n in edited:
        new[n][20] = f"changed{n}"
    added = [f"fresh{n}" for n in range(30)]
    del new[51]  # an unedited paragraph of 50 words
    new.insert(30, added)

    result = diff_html(_page(old), _page(new))

    assert result.changed is True
    assert result.inserted_words == len(edited) + 30
    assert result.deleted_words == len(edited) + 50
    assert result.html.count("<p>") == 101  # 100 - 1 deleted + 1 added, plus the deleted one
    assert result.html.count("<ins>") == len(edited) + 1
    assert result.html.count("<del>") == len(edited) + 1
    assert "<p><ins>" + " ".join(added) + "</ins></p>" in result.html
    assert "<p><del>" + " ".join(old[51]) + "</del></p>" in result.html
