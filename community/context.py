"""What community adds to a page's template context (registered in `core.page_context`).

The conversation under every page with `has_discussion` (comments and their cards, page
reactions, answers' votes on a question, annotations, watching), the watch button of a
space, and the communities' pages: each a constant number of queries. Imported by
`CommunityConfig.ready`.
"""

from collections.abc import Mapping

from community.annotations import services as annotations
from community.comments import services as comments
from community.comments import shared
from community.comments.cards import attach_cards
from community.groups import services as groups
from community.groups.models import CommunitiesIndexPage, CommunityPage
from community.questions import services as questions
from community.watching import services as watching
from core import page_context
from core.models import BasePage, User
from core.policy import Action, policy
from knowledge.models import KnowledgePage, QuestionPage, SpacePage


def _has_discussion(page: BasePage) -> bool:
    return page.has_discussion


def _is_watchable(page: BasePage) -> bool:
    """Pages with a discussion, and a space (readers watch all of it)."""
    return page.has_discussion or isinstance(page, SpacePage)


@page_context.provides(BasePage, when=_has_discussion)
def discussion(page: BasePage, user: User, params: Mapping[str, str]) -> dict:
    """`discussion` (threads on the requested page of comments) and `page_reactions`; on a
    question, the answers' votes and the accepted answer. A knowledge page's discussion
    comes from the cache (community.comments.shared)."""
    if isinstance(page, KnowledgePage) and user.is_authenticated:
        return shared.context(page, user, params)
    found = comments.discussion(
        page, user, params.get(comments.PAGE_PARAM, 1), params.get(comments.THREAD_PARAM)
    )
    attach_cards(found.threads, user)
    context = {"discussion": found, "page_reactions": found.page_reactions}
    if isinstance(page, QuestionPage):
        context.update(questions.question_context(user, page, found))
    return context


page_context.provides(BasePage, when=_has_discussion)(annotations.page_context)
page_context.provides(BasePage, when=_is_watchable)(watching.page_context)
page_context.provides(CommunitiesIndexPage)(groups.directory_context)


@page_context.provides(CommunityPage)
def community(page: CommunityPage, user: User, params: Mapping[str, str]) -> dict:
    """Membership, members, pinned pages, events, its questions and who moderates posts."""
    return {
        **groups.community_context(page, user, params),
        "can_moderate_posts": policy.user_has_permission_for_instance(user, Action.MODERATE, page),
        **questions.listing_context(user, page, groups.QUESTIONS_SHOWN),
    }
