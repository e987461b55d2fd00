"""The start page's context: `core.page_context` providers, registered in HomeConfig.ready.

Each part costs a constant number of queries, whatever the reader has.
"""

from brand.campaigns.services import banners_for
from brand.news.services import home_announcements
from core import fragments, page_context
from core.permissions import viewable_pages
from core.policy import Action, policy
from home.featured import features_for
from home.models import HomePage
from home.onboarding.services import home_context as onboarding_context
from home.services import LATEST_ON_HOME, for_you, latest_updates, recently_viewed
from knowledge.mustread import open_must_reads
from knowledge.reading import lean_publisher, reader_key
from people.guests import home_spaces

MY_PAGES_ON_HOME = 6


def shared_feeds(page, user) -> dict:
    """The latest updates and the sections: the same for every reader with the same roles,
    so cached per role key (a guest's own pinholes too) until the tree changes (a publish,
    unpublish, move or restriction bumps `TREE`)."""

    def load() -> dict:
        return {
            "latest_updates": [
                lean_publisher(item) for item in latest_updates(user)[:LATEST_ON_HOME]
            ],
            "sections": list(viewable_pages(user).child_of(page).in_menu().order_by("path")),
        }

    return fragments.cached(
        "home-feeds", (page.pk, reader_key(user)), load, depends_on=(fragments.TREE,)
    )


@page_context.provides(HomePage)
def start_page(page, user, params) -> dict:
    """What is new, where things are, and what is yours."""
    return {
        **shared_feeds(page, user),
        "can_edit": policy.user_has_permission_for_instance(user, Action.EDIT, page),
        "recently_viewed": recently_viewed(user),
        "open_must_reads": open_must_reads(user) if user.is_authenticated else [],
        "campaign_banners": banners_for(user),  # one query
        "home_announcements": home_announcements(user),  # one query
        "guest_spaces": home_spaces(user),  # a guest's spaces (no query for staff)
        "my_pages": my_pages(user),
        **features_for(user),  # cached per reader: no query while nothing changes
        **for_you(user),  # watched spaces' changes and questions to answer: one query
    }


@page_context.provides(HomePage)
def onboarding(page, user, params) -> dict:
    """The reader's open onboarding paths (one query)."""
    return onboarding_context(user)


def my_pages(user) -> list:
    """Pages the reader owns and may still find, drafts included, latest first."""
    if not user.is_authenticated:
        return []
    return list(
        policy.instances_user_has_permission_for(user, Action.EXPLORE)
        .filter(owner=user)
        .select_related("latest_revision")
        .order_by("-latest_revision_created_at")[:MY_PAGES_ON_HOME]
    )
