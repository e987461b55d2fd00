"""The idea board's and ideas' page context (core.page_context providers, registered by
brand's AppConfig.ready): the listing with its filters, and an idea's votes, links and
communications' controls, for the reader `user` and the query `params`."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from brand.ideas import services as ideas
from brand.ideas.forms import MergeForm, StatusForm
from brand.ideas.models import IdeaBoardPage, IdeaPage, IdeaStatus
from brand.pages import address
from core import page_context
from core.permissions import viewable_pages


@page_context.provides(IdeaBoardPage)
def board_context(board: IdeaBoardPage, user, params) -> dict:
    status = params.get("status", "")
    status = status if status in IdeaStatus.values else ""
    sort = params.get("sort", "")
    sort = sort if sort in ideas.Sort.values else ideas.Sort.VOTES
    query = " ".join(params.get("q", "").split())[: ideas.MAX_QUERY_CHARS]
    listing = ideas.board_listing(
        user,
        board,
        status=status,
        sort=sort,
        query=query,
        page_number=params.get("page", 1),
    )
    kept = {"q": query, "sort": sort if sort != ideas.Sort.VOTES else ""}
    filters = [
        {
            "value": "",
            "label": _("All"),
            "count": listing.total,
            "url": "?" + urlencode({k: v for k, v in kept.items() if v}),
            "current": not status,
        }
    ]
    for value, label in IdeaStatus.choices:
        filters.append(
            {
                "value": value,
                "label": label,
                "count": listing.status_counts.get(value, 0),
                "url": "?" + urlencode({k: v for k, v in {**kept, "status": value}.items() if v}),
                "current": status == value,
            }
        )
    return {
        "page_obj": listing.page_obj,
        "ideas": listing.page_obj.object_list,
        "status_filters": filters,
        "sorts": ideas.Sort.choices,
        "current_status": status,
        "current_sort": sort,
        "query": query,
        "params": urlencode(
            {k: v for k, v in {"status": status, "sort": kept["sort"], "q": query}.items() if v}
        ),
        "submit_url": reverse("brand:idea_submit"),
        "next_url": address(board, params),
    }


@page_context.provides(IdeaPage)
def idea_context(idea: IdeaPage, user, params) -> dict:
    about = None
    about_section = ""
    if idea.about_page_id:
        about = viewable_pages(user).filter(pk=idea.about_page_id).specific().first()
        if about is not None and idea.about_block_id:
            about_section = dict(ideas.section_choices(about)).get(idea.about_block_id, "")
    can_manage = ideas.can_manage_ideas(user)
    context = {
        "vote_count": ideas.vote_count(idea),
        "has_voted": ideas.has_voted(user, idea),
        "can_vote": idea.status in ideas.OPEN,
        "merged_into": idea.merged_into if idea.status == IdeaStatus.MERGED else None,
        "merged_here": list(idea.merged_ideas.live().only("id", "title", "url_path", "path")),
        "about": about,
        "about_section": about_section,
        "can_manage": can_manage,
        "next_url": address(idea, params),
        "about_anchor": slugify(about_section) if about_section else "",
        "board": idea.get_parent(),
    }
    if can_manage and idea.status != IdeaStatus.MERGED:
        context["status_form"] = StatusForm(
            initial={"status": idea.status, "reason": idea.status_reason}
        )
        context["merge_form"] = MergeForm()
        context["merge_candidates"] = list(ideas.merge_candidates(idea))
    return context
