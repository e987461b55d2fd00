from wagtail import hooks

from core.models import BasePage
from insights.services import record_view


@hooks.register("before_serve_page")
def count_content_page_view(page, request, serve_args, serve_kwargs):
    if isinstance(page, BasePage):
        record_view(request.user, page)
