"""The content security policy in a real browser: what it blocks is caught (conftest's
csp_violations, which fails any browser test that leaves one), and Hearth's own pages,
which have nothing inline, still work under it."""

import time

import pytest
from wagtail.rich_text import RichText

from tests.brand.factories_hub import (
    BrandGuidelinePageFactory,
    BrandHubPageFactory,
    colour,
    palette_block,
    typeface_block,
)
from tests.browser.conftest import check_no_csp_violations, open_as
from tests.community.factories import CommentFactory
from tests.factories import (
    KnowledgePageFactory,
    UserFactory,
    home_page,
    knowledge_space,
    publish,
)


def wait_for(tab, condition, seconds=10):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        tab.wait_for_timeout(100)  # lets Playwright deliver the page's calls


def test_an_injected_inline_script_is_blocked_reported_and_fails_the_test(
    new_browser, csp_violations
):
    UserFactory(username="emma", roles=["Employees"])
    tab = open_as(new_browser(), "emma", "/")
    assert csp_violations == []

    tab.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injectedScriptRan = true";
            document.head.append(script);
        }"""
    )
    assert tab.evaluate("window.injectedScriptRan") is None  # blocked

    # Seen in the page, and reported by the browser to /csp-report.
    wait_for(tab, lambda: any(v.get("directive") == "script-src-elem" for v in csp_violations))
    wait_for(tab, lambda: any("report" in v for v in csp_violations))
    [seen] = [v for v in csp_violations if "directive" in v]
    assert seen["blocked"] == "inline"
    assert seen["page"].endswith("/")
    [report] = [v["report"] for v in csp_violations if "report" in v]
    assert report["effective-directive"] == "script-src-elem"
    assert report["blocked-uri"] == "inline"

    with pytest.raises(pytest.fail.Exception, match="script-src-elem"):
        check_no_csp_violations(csp_violations)
    csp_violations.clear()  # provoked on purpose: the test itself passes


def test_an_injected_style_attribute_is_blocked_too(new_browser, csp_violations):
    UserFactory(username="emma", roles=["Employees"])
    tab = open_as(new_browser(), "emma", "/")
    tab.evaluate("""() => document.body.setAttribute("style", "outline: 3px solid red")""")
    wait_for(tab, lambda: any(v.get("directive") == "style-src-attr" for v in csp_violations))
    csp_violations.clear()


def test_hearths_pages_work_under_the_policy(new_browser, csp_violations):
    UserFactory(username="emma", roles=["Employees"])
    tab = open_as(new_browser(), "emma", "/")
    # The script in <head> ran (a static file now), and the brand's <style> applied.
    assert tab.evaluate("document.documentElement.classList.contains('js')")
    primary = tab.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--brand-primary')"
    )
    assert primary.strip().startswith("#")
    # htmx runs without its inline indicator style.
    assert tab.evaluate("typeof htmx") == "object"
    assert tab.evaluate("htmx.config.includeIndicatorStyles") is False
    assert csp_violations == []


def test_brand_colours_and_typefaces_still_show(new_browser, csp_violations):
    """Swatch colours and type samples were style="" attributes; hearth.js applies them."""
    UserFactory(username="emma", roles=["Employees"])
    hub = BrandHubPageFactory(parent=home_page())
    guideline = BrandGuidelinePageFactory(
        parent=hub,
        title="Colour and type",
        body=[
            palette_block(colour("Harbour blue", "#1f5f8b")),
            typeface_block(font="Inter", weights="600"),
        ],
    )
    tab = open_as(new_browser(), "emma", guideline.url)
    chip = tab.get_by_test_id("swatch").locator(".swatch__chip")
    assert chip.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(31, 95, 139)"
    sample = tab.locator(".typeface__sample").first
    assert sample.evaluate("e => getComputedStyle(e).fontWeight") == "600"
    assert "Inter" in sample.evaluate("e => getComputedStyle(e).fontFamily")


def test_a_report_sent_without_a_reason_shows_its_errors_in_place(new_browser, csp_violations):
    """The report form's 400 answer (the form with its errors) is shown in place: an hx-on
    attribute let htmx swap it, which the policy forbids (eval); hearth.js does it now
    ([data-swap-invalid]), and community/comments.js, which puts other refusals in the
    discussion's status box, leaves it there."""
    UserFactory(username="emma", roles=["Employees"])
    sam = UserFactory(username="sam", roles=["Employees"])
    space = knowledge_space("IT Help", sam)
    article = KnowledgePageFactory(parent=space, title="Reset your VPN token", content_owner=sam)
    publish(article, sam, body=[("paragraph", RichText("<p>Have your phone ready.</p>"))])
    comment = CommentFactory(page=article, author=sam, body="Does this work on Linux?")

    tab = open_as(new_browser(), "emma", article.url)
    tab.evaluate("window.notReloaded = true")
    card = tab.locator(f"#comment-card-{comment.pk}")
    card.get_by_test_id("flag-link").click()
    card.get_by_test_id("flag-form").wait_for()
    card.get_by_test_id("flag-submit").click()
    card.get_by_test_id("flag-reason-error").wait_for()  # in the form, where it was sent
    assert tab.evaluate("window.notReloaded") is True
