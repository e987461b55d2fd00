"""The announcements index's page context (a core.page_context provider, registered by
brand's AppConfig.ready)."""

from brand.news import services as news
from brand.news.models import AnnouncementIndexPage
from brand.pages import paginate
from core import page_context


@page_context.provides(AnnouncementIndexPage)
def announcement_index_context(index: AnnouncementIndexPage, user, params) -> dict:
    return {"page_obj": paginate(news.announcements_for(user), params)}
