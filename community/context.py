"""What community adds to a page's template context (registered in `core.page_context`).

The conversation under every page with `has_discussion` (comments and their cards, page
reactions, answers' votes on a question, annotations, watching), the watch button of a
space, and the communities' pages: each a constant number of queries. Imported by
`CommunityConfig.ready`.
"""

from collections.abc import Mapping

from django.template.loader import render_to_string

from community import versions
from community.annotations import services as annotations
from community.comments import services as comments
from community.comments import shared
from community.comments.cards import attach_cards
from community.groups import services as groups
from community.groups.models import CommunitiesIndexPage, CommunityPage
from community.questions import services as questions
from community.watching import services as watching
from core import fragments, late, page_context
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


# In a page's cached body (core.page_context.caches_body: the knowledge page) ---------------


@page_context.body_key(BasePage, when=_has_discussion)
def discussion_body_key(page: BasePage, user: User, params: Mapping[str, str]):
    """The discussion in a kept body: which page of threads, which thread opened, all the
    annotations or the latest, and the reader's own hidden or pending comments (their text
    shows to their author only), at the page's discussion version."""
    number = shared._number(params.get(comments.PAGE_PARAM, 1))
    expanded = comments.thread_param(params.get(comments.THREAD_PARAM))
    listed_all = params.get(annotations.ALL_PARAM) == "all"

    def parts() -> tuple:
        own_hidden = shared.reader_state(page, user).own_hidden
        return (number, expanded, listed_all, tuple(sorted(own_hidden)))

    return parts, (versions.name(page.pk),)


@late.filler("watch")
def _watch(reader: late.Reader, _arg: str) -> str:
    """The watch button: whether this reader watches the page (one query)."""
    page, user = reader.get("page"), reader.user
    if page is None or user is None:
        return ""
    return render_to_string(
        "community/includes/watch_button.html",
        {
            **watching.page_context(page, user, {}),
            "page": page,
            "user": user,
            "request": reader.get("request"),  # the `may` tag asks it who reads
            "csrf_token": late.slot(late.CSRF),
        },
    )


@late.filler("annotations")
def _annotations(reader: late.Reader, _arg: str) -> str:
    """The annotations panel: this reader's (their private ones, whether they may resolve),
    rendered once per reader until the discussion, the tree or their roles change."""
    page, user, request = reader.get("page"), reader.user, reader.get("request")
    if page is None or user is None or not user.is_authenticated:
        return ""
    params = request.GET if request is not None else {}
    listed_all = params.get(annotations.ALL_PARAM) == "all"

    def render() -> str:
        context = annotations.page_context(
            page, user, {annotations.ALL_PARAM: "all"} if listed_all else {}
        )
        return render_to_string(
            "community/includes/annotations_panel.html",
            {**context, "page": page, "user": user, "csrf_token": late.slot(late.CSRF)},
        )

    return fragments.cached(
        "annotations-panel",
        (page.pk, page.live_revision_id, user.pk, fragments.role_key(user), listed_all),
        render,
        depends_on=(versions.name(page.pk), fragments.TREE),
    )
