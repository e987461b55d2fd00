"""The frame every page shares, in Chromium: at 1280 px the header's main navigation is
one line (sections grouped: Knowledge; Company; People), with search, notifications and
the person menu on the same line; no page scrolls sideways at 1280 or at 390 px; the
grouped menus open with the keyboard; the style guide switches to dark."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from brand.models import (
    AnnouncementIndexPage,
    BrandHubPage,
    CampaignIndexPage,
    IdeaBoardPage,
    VisionHubPage,
)
from community.groups.models import CommunitiesIndexPage
from demo.screens import SCREENS
from tests.browser.conftest import sign_in, submit_sign_in
from tests.factories import KnowledgePageFactory, UserFactory, home_page, knowledge_space

WIDTHS = (1280, 390)  # demo.screens.WIDTHS too


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


def _check_frame(tab, name: str, width: int, sections: int = 5) -> None:
    """No sideways scrolling; at 1280 px the navigation on one line (pages with the site's
    header: the admin's moderation queue has Wagtail's own)."""
    overflow = tab.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert overflow[0] <= overflow[1], f"{name} scrolls sideways at {width} px: {overflow}"
    if width != 1280 or not tab.locator("#main-nav").count():
        return
    tops = _top_level_tops(tab)
    assert len(tops) >= sections, f"{name}: {tops}"  # Home, Knowledge, Company, People, …
    assert len(set(tops)) == 1, f"the navigation wraps on {name} at 1280 px: {tops}"
    # Search, notifications and the person menu on the same line as the sections.
    nav = tab.locator("#main-nav").bounding_box()
    for testid in ("search-input", "user-menu"):
        box = tab.get_by_test_id(testid).bounding_box()
        assert box["y"] < nav["y"] + nav["height"], f"{testid} below the nav on {name}"
        assert box["x"] > nav["x"], f"{testid} left of the nav on {name}"


def test_the_navigation_is_one_line_and_no_page_scrolls_sideways(new_browser, site):
    for width in WIDTHS:
        tab = sign_in(new_browser(viewport={"width": width, "height": 800}), "alexandra")
        for name, url in site.items():
            tab.goto(url)
            tab.locator("main").wait_for()
            _check_frame(tab, name, width)


@pytest.fixture
def demo(site_data):
    """The seeded demo, committed (the live server reads it); emptied after the test."""
    call_command("seed_demo", stdout=io.StringIO())


def test_every_main_page_type_fits_the_screen_with_the_navigation_on_one_line(new_browser, demo):
    """The pages `make screenshots` draws (demo.screens.SCREENS, one list for both), each
    as its demo sign-in sees it, at 1280 and 390 px."""
    assert len(SCREENS) >= 13
    urls = {screen.slug: screen.locate() for screen in SCREENS}
    for width in WIDTHS:
        tabs = {}
        for screen in SCREENS:
            if screen.username not in tabs:
                tab = new_browser(viewport={"width": width, "height": 800})
                tab.goto("/accounts/login/")
                submit_sign_in(tab, screen.username, settings.HEARTH_DEMO_PASSWORD)
                tab.get_by_test_id("home-heading").wait_for()
                tabs[screen.username] = tab
            tab = tabs[screen.username]
            response = tab.goto(urls[screen.slug])
            assert response.status == 200, f"{screen.slug}: {response.status}"
            tab.locator(screen.ready).first.wait_for()
            _check_frame(tab, screen.slug, width, sections=4)


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


def test_the_knowledge_layout_uses_the_screen_and_folds_on_a_phone(new_browser, site):
    """At 1280 px: the space tree on the left, open; the page; the rail on the right,
    sticky. At 390 px: the tree is a closed "Pages in this space" disclosure above the page,
    opened from the keyboard, and the rail flows below the page."""
    wide = sign_in(new_browser(viewport={"width": 1280, "height": 800}), "alexandra")
    wide.goto(site["knowledge page"])
    tree = wide.get_by_test_id("space-tree")
    assert tree.evaluate("(element) => element.open")
    current = tree.locator('a[aria-current="page"]')
    assert current.inner_text() == "Connecting to the office wifi"
    article, rail = wide.locator("article.article"), wide.get_by_test_id("rail")
    tree_box, article_box, rail_box = (x.bounding_box() for x in (tree, article, rail))
    assert tree_box["x"] < article_box["x"] < rail_box["x"]
    assert rail.evaluate("(element) => getComputedStyle(element).position") == "sticky"

    phone = sign_in(new_browser(viewport={"width": 390, "height": 800}), "alexandra")
    phone.goto(site["knowledge page"])
    tree = phone.get_by_test_id("space-tree")
    assert not tree.evaluate("(element) => element.open")
    assert not tree.locator('a[aria-current="page"]').is_visible()
    tree.locator("summary").first.focus()
    phone.keyboard.press("Enter")
    assert tree.locator('a[aria-current="page"]').is_visible()
    article_box = phone.locator("article.article").bounding_box()
    rail_box = phone.get_by_test_id("rail").bounding_box()
    assert rail_box["y"] >= article_box["y"] + article_box["height"]
