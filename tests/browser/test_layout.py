"""The frame every page shares, in Chromium: at 1280 px the header's main navigation is
one line (sections grouped: Knowledge; Company; People), with search, notifications and
the person menu on the same line; no page scrolls sideways at 1280 or at 390 px; the
grouped menus open with the keyboard; the style guide switches to dark."""

import pytest

from brand.models import (
    AnnouncementIndexPage,
    BrandHubPage,
    CampaignIndexPage,
    IdeaBoardPage,
    VisionHubPage,
)
from community.groups.models import CommunitiesIndexPage
from tests.browser.conftest import sign_in
from tests.factories import KnowledgePageFactory, UserFactory, home_page, knowledge_space

WIDTHS = (1280, 390)


@pytest.fixture
def site(site_data):
    """A site with every kind of top-level section, as the demo has, and a reader who sees
    them all (Communications: the insights link too) with a long name."""
    home = home_page()
    sections = [
        (VisionHubPage, "Our vision and values", "vision"),
        (BrandHubPage, "Brand hub", "brand"),
        (CampaignIndexPage, "Campaigns", "campaigns"),
        (AnnouncementIndexPage, "Announcements", "announcements"),
        (IdeaBoardPage, "Idea board", "ideas"),
        (CommunitiesIndexPage, "Communities", "communities"),
    ]
    made = {}
    for model, title, slug in sections:
        made[slug] = home.add_child(instance=model(title=title, slug=slug, show_in_menus=True))
    space = knowledge_space("IT Help and Workplace Services")
    article = KnowledgePageFactory(parent=space, title="Connecting to the office wifi")
    UserFactory(
        username="alexandra",
        first_name="Alexandra",
        last_name="Featherstonehaugh-Smith",
        roles=["Employees", "Communications"],
    )
    return {
        "home": "/",
        "knowledge page": article.url,
        "space": space.url,
        "search": "/search/?q=wifi",
        "vision hub": made["vision"].url,
        "style guide": "/styleguide/",
    }


def _top_level_tops(page) -> list[int]:
    return page.evaluate(
        "Array.from(document.querySelectorAll('#main-nav > ul > li')).map((item) => item.offsetTop)"
    )


def test_the_navigation_is_one_line_and_no_page_scrolls_sideways(new_browser, site):
    for width in WIDTHS:
        tab = sign_in(new_browser(viewport={"width": width, "height": 800}), "alexandra")
        for name, url in site.items():
            tab.goto(url)
            tab.locator("main").wait_for()
            overflow = tab.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert overflow[0] <= overflow[1], f"{name} scrolls sideways at {width} px: {overflow}"
            if width == 1280:
                tops = _top_level_tops(tab)
                assert len(tops) >= 5, (
                    f"{name}: {tops}"
                )  # Home, Knowledge, Company, People, Insights
                assert len(set(tops)) == 1, f"the navigation wraps on {name} at 1280 px: {tops}"
                # Search, notifications and the person menu on the same line as the sections.
                nav = tab.locator("#main-nav").bounding_box()
                for testid in ("search-input", "user-menu"):
                    box = tab.get_by_test_id(testid).bounding_box()
                    assert box["y"] < nav["y"] + nav["height"], f"{testid} below the nav on {name}"
                    assert box["x"] > nav["x"], f"{testid} left of the nav on {name}"


def test_grouped_sections_open_with_the_keyboard(page, site):
    sign_in(page, "alexandra")
    company = page.get_by_test_id("nav-group-company")
    brand_hub = page.get_by_role("navigation", name="Main").get_by_role("link", name="Brand hub")
    assert not brand_hub.is_visible()

    company.focus()
    page.keyboard.press("Enter")
    links = page.locator("#main-nav details[open] a")
    assert links.all_inner_texts() == [
        "Our vision and values",
        "Brand hub",
        "Campaigns",
        "Announcements",
        "Idea board",
    ]
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Our vision and values"
    page.keyboard.press("Escape")
    assert not brand_hub.is_visible()
    assert page.evaluate("document.activeElement.dataset.testid") == "nav-group-company"

    page.get_by_test_id("nav-group-people").click()
    page.get_by_test_id("nav-people").click()
    page.wait_for_url("**/people/")


def test_a_person_chooses_the_dark_theme_and_it_is_remembered(page, site):
    sign_in(page, "alexandra")
    surface = "getComputedStyle(document.body).backgroundColor"
    light = page.evaluate(surface)

    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("theme-dark").click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    dark = page.evaluate(surface)
    assert dark != light

    page.goto(site["style guide"])
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert page.evaluate(surface) == dark


def test_the_system_dark_preference_applies_until_the_person_chooses_light(page, site):
    """tokens.css writes each dark colour once (light-dark()): the system's preference and
    the person's choice both reach it through color-scheme."""
    canvas = "getComputedStyle(document.body).backgroundColor"
    text = "getComputedStyle(document.body).color"
    sign_in(page, "alexandra")
    assert page.evaluate(canvas) == "rgb(244, 245, 247)"  # --neutral-50, light

    page.emulate_media(color_scheme="dark")
    assert page.evaluate("document.documentElement.dataset.theme") is None
    assert page.evaluate(canvas) == "rgb(18, 22, 26)"  # --neutral-50, dark
    assert page.evaluate(text) == "rgb(230, 233, 236)"  # --neutral-900, dark

    page.get_by_test_id("user-menu").click()
    page.locator('[data-theme-value="light"]').click()
    assert page.evaluate("document.documentElement.dataset.theme") == "light"
    assert page.evaluate(canvas) == "rgb(244, 245, 247)"

    # The style guide's dark frame stays dark inside the light page.
    page.goto(site["style guide"])
    frame = page.get_by_test_id("components-dark")
    assert frame.evaluate("e => getComputedStyle(e).colorScheme") == "dark"
    assert frame.evaluate("e => getComputedStyle(e).color") == "rgb(230, 233, 236)"
