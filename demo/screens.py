"""The main page types of the seeded demo, each with the demo sign-in that sees it best:
one list for `make screenshots` (scripts/screenshots.py renders each at 1280 and 390 px
into docs/screenshots/) and for the browser test that checks no page scrolls sideways and
the navigation is one line (tests/browser/test_layout.py), so the two never drift apart.

Each screen finds its address in the seeded demo (`seed_demo`) when asked, by the demo's
own slugs and titles (demo/content/), so a page whose id changes between seedings is
still found.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse
from wagtail.models import Page

from brand.campaigns.models import CampaignPage
from brand.hub.models import BrandGuidelinePage
from brand.vision.models import StatementPage
from community.moderation.hooks import moderation_viewset
from knowledge.history import published_versions

WIDTHS = (1280, 390)


@dataclass(frozen=True)
class Screen:
    slug: str  # docs/screenshots/<slug>-<width>.png
    title: str
    username: str  # a demo sign-in (demo/content/logins.yaml)
    locate: Callable[[], str]  # the address in the seeded demo
    ready: str = "main"  # a selector shown once the page has drawn


def _page(slug: str) -> Page:
    return Page.objects.live().get(slug=slug).specific


def _url(slug: str) -> Callable[[], str]:
    return lambda: _page(slug).url


def _first_of(model_path: str) -> Callable[[], str]:
    def locate() -> str:
        model = apps.get_model(model_path)
        return model.objects.live().order_by("path").first().url

    return locate


def _space() -> str:
    return _page("deploy-to-production").get_parent().url


# The demo's edit of "Deploy to production" whose body changed (demo/content/knowledge.yaml).
DIFF_PAGE, DIFF_NOTE = "deploy-to-production", "Added the rollback step and command"


def _diff() -> str:
    """The demo's body edit of a page, else that page's latest change."""
    page = _page(DIFF_PAGE)
    versions = [version for version in published_versions(page)[0:20] if version.previous_id]
    if not versions:
        raise LookupError(f"{DIFF_PAGE} was published once only.")
    chosen = next((v for v in versions if v.change_note == DIFF_NOTE), versions[0])
    return reverse("knowledge:compare", args=[page.pk, chosen.previous_id, chosen.revision_id])


def _statement() -> str:
    return StatementPage.objects.live().order_by("path").first().url


def _results() -> str:
    statement = StatementPage.objects.live().order_by("path").first()
    return reverse("brand:statement_results", args=[statement.pk])


def _palette() -> str:
    return BrandGuidelinePage.objects.live().get(title="Colour palette").url


def _campaign_report() -> str:
    campaign = CampaignPage.objects.live().order_by("path").first()
    return reverse("brand:campaign_report", args=[campaign.pk])


def _moderation() -> str:
    return reverse(moderation_viewset.get_url_name("queue"))


SCREENS: tuple[Screen, ...] = (
    Screen("home-employee", "Home, as an employee", "employee", lambda: "/"),
    Screen("home-comms", "Home, as communications", "comms", lambda: "/"),
    Screen("space", "A knowledge space", "employee", _space),
    Screen(
        "knowledge-page",
        "A knowledge page with its discussion and annotations",
        "employee",
        _url("expense-policy"),
    ),
    Screen("history-diff", "What changed between two versions", "employee", _diff),
    Screen("vision-statement", "A vision statement", "employee", _statement),
    Screen("vision-results", "A statement's results", "comms", _results),
    Screen("brand-palette", "The brand palette", "employee", _palette),
    Screen("campaign-report", "A campaign's report", "comms", _campaign_report),
    Screen("idea-board", "The idea board", "employee", _first_of("brand.IdeaBoardPage")),
    Screen("profile", "A profile", "employee", lambda: reverse("people:profile", args=["owner"])),
    Screen("search", "Search with facets", "employee", lambda: "/search/?q=policy"),
    Screen("moderation", "The moderation queue", "moderator", _moderation),
)
