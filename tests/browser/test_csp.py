"""The content security policy in a real browser: what it blocks is caught (conftest's
csp_violations, which fails any browser test that leaves one), and Hearth's own pages,
which have nothing inline, still work under it."""

import time

import pytest

from tests.browser.conftest import check_no_csp_violations, open_as
from tests.factories import UserFactory


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
