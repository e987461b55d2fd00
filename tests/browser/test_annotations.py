"""Annotating in real Chromium: select words in the body, annotate, see the highlight."""

import pytest
from wagtail.rich_text import RichText

from community.annotations import anchoring
from community.models import Annotation, Flag, Visibility
from knowledge.models import KnowledgePage
from tests.browser.conftest import open_as
from tests.factories import KnowledgePageFactory, UserFactory, knowledge_space, publish


@pytest.fixture
def vpn_page(site_data):
    owner = UserFactory(username="oona", first_name="Oona", roles=["Employees"])
    UserFactory(username="emma", first_name="Emma", last_name="Reader", roles=["Employees"])
    space = knowledge_space("IT Help", owner)
    page = KnowledgePageFactory(parent=space, title="Reset your VPN token", content_owner=owner)
    publish(
        page,
        owner,
        body=[
            ("heading", {"text": "Before you start", "level": "h2"}),
            (
                "paragraph",
                RichText(
                    "<p>Have your laptop &amp; phone ready. The token expires after "
                    "<b>thirty days</b>, so renew the token before the end of the month.</p>"
                ),
            ),
        ],
    )
    return KnowledgePage.objects.get(pk=page.pk)


SELECT_WORDS = """([blockId, words]) => {
    const block = document.querySelector(`[data-block-id="${blockId}"]`);
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
        const at = node.data.indexOf(words);
        if (at !== -1) {
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + words.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            return true;
        }
    }
    return false;
}"""


def test_an_employee_annotates_a_selection_and_sees_it_after_reload(page, vpn_page):
    open_as(page, "emma", vpn_page.url)
    block_id = vpn_page.body[1].id

    # The browser's textContent is the text the server counts in.
    server = anchoring.live_texts(vpn_page)
    for block in vpn_page.body:
        browser_text = page.evaluate(
            'id => document.querySelector(`[data-block-id="${id}"]`).textContent', block.id
        )
        assert browser_text == server[block.id]

    assert page.evaluate(SELECT_WORDS, [block_id, "renew the token"])
    page.get_by_test_id("annotate-float").click()
    dialog = page.get_by_test_id("annotation-dialog")
    dialog.get_by_test_id("annotation-note").fill("Why **monthly**?")
    dialog.get_by_test_id("annotation-shared").check()
    dialog.get_by_test_id("annotation-save").click()

    page.get_by_test_id("annotations-status").get_by_text("Annotation saved.").wait_for()
    highlight = page.get_by_test_id("annotation-highlight")
    assert highlight.inner_text() == "renew the token"
    entry = page.get_by_test_id("annotations-list").get_by_test_id("annotation-item")
    assert "renew the token" in entry.inner_text()

    annotation = Annotation.objects.get()
    assert (annotation.block_id, annotation.exact) == (block_id, "renew the token")
    assert annotation.visibility == Visibility.SHARED
    assert server[block_id][annotation.start : annotation.end] == "renew the token"

    page.reload()
    assert page.get_by_test_id("annotation-highlight").inner_text() == "renew the token"
    margin = page.get_by_test_id("annotations-margin")  # 1280 px wide: notes in the margin
    assert "monthly" in margin.inner_text()
    assert "Why monthly?" in page.get_by_test_id("annotations-list").inner_text()


def _shared_annotation(page: KnowledgePage, words: str, note: str) -> Annotation:
    """Sam's shared note on `words` of the page's paragraph, anchored where they are."""
    block_id = page.body[1].id
    start = anchoring.live_texts(page)[block_id].index(words)
    end = start + len(words)
    return Annotation.objects.create(
        page=page,
        author=UserFactory(first_name="Sam", roles=["Employees"]),
        body=note,
        body_html=f"<p>{note}</p>",
        block_id=block_id,
        exact=words,
        start=start,
        end=end,
        current_block_id=block_id,
        current_start=start,
        current_end=end,
        revision_id=page.live_revision_id,
    )


def test_on_a_phone_a_tap_shows_the_note_below_the_paragraph(new_browser, vpn_page):
    _shared_annotation(vpn_page, "thirty days, so", "Was sixty until May.")
    phone = open_as(new_browser(viewport={"width": 390, "height": 800}), "emma", vpn_page.url)
    highlights = phone.get_by_test_id("annotation-highlight")
    # The quote spans bold and plain text: one highlight piece per text node.
    assert "".join(highlights.all_inner_texts()) == "thirty days, so"
    highlights.first.click()
    phone.locator(".anno-inline", has_text="Was sixty until May.").wait_for()


def test_a_report_of_an_annotation_without_a_reason_shows_its_errors_in_place(page, vpn_page):
    """The report form answers 400 with itself and its errors; [data-swap-invalid] has
    hearth.js put that answer in place (htmx leaves a 4xx unswapped). Under an annotation
    nothing else does (under a comment, comments.js shows it too)."""
    annotation = _shared_annotation(vpn_page, "thirty days, so", "Was sixty until May.")
    open_as(page, "emma", vpn_page.url)
    page.evaluate("window.notReloaded = true")
    report = page.locator(f"#annotation-{annotation.pk}")
    report.get_by_test_id("flag-link").click()
    form = report.get_by_test_id("flag-form")
    form.locator("textarea").fill("Wrong since the policy changed.")
    form.get_by_test_id("flag-submit").click()  # no reason chosen

    error = report.get_by_test_id("flag-reason-error")
    error.wait_for()
    assert error.inner_text() == "Choose a reason for the report."
    assert form.locator("textarea").input_value() == "Wrong since the policy changed."
    assert page.evaluate("window.notReloaded") is True
    assert not Flag.objects.exists()
