"""Privacy gates on Wagtail's own read paths, and the private collections kept in step.

- Pages: a signed-in person who may not see a page gets 404 (no hint it exists), whether
  the page is restricted to groups they are not in, or they are a guest outside their
  spaces (a guest may open the site's start page: every part of it is filtered).
  Anonymous visitors keep Wagtail's login redirect, and a page that only wants a
  password keeps Wagtail's password form. Registered before the view counter (insights),
  so a refused view is not counted.
- Documents: Wagtail's document view answers 404 to whoever may not fetch the file
  (`core.privacy.may_fetch_file`), before Wagtail's own login redirect.
- (A space's collection mirrors its view restrictions: `knowledge.space_files`.)
"""

from django.http import Http404
from wagtail import hooks
from wagtail.models import Site

from core import privacy
from core.permissions import is_guest, visible_pages_for_admin


def _is_site_root(page, request) -> bool:
    site = Site.find_for_request(request)
    return site is not None and site.root_page_id == page.pk


@hooks.register("before_serve_page", order=-100)
def refuse_pages_the_reader_may_not_see(page, request, serve_args, serve_kwargs):
    keep = getattr(page, "keep_view_restrictions", None)
    if keep is not None:  # Wagtail's check (next) reads them from the cache
        keep()
    user = request.user
    if not user.is_authenticated:
        return None  # Wagtail's view restriction check sends them to sign in
    if privacy.may_serve_page(user, page):
        return None
    if is_guest(user) and page.live and _is_site_root(page, request):
        return None  # a guest's start page: each part of it lists only what they may see
    if privacy.only_a_password_is_missing(user, page):
        return None  # Wagtail asks for the password
    raise Http404


@hooks.register("construct_page_chooser_queryset")
def choose_only_pages_the_person_may_read(pages, request):
    """The admin's page chooser (links, page fields) browses and searches the whole tree:
    not the subtrees hidden from the person (core.admin_privacy)."""
    return visible_pages_for_admin(request.user, pages)


@hooks.register("before_serve_document", order=-100)
def refuse_documents_the_reader_may_not_fetch(document, request):
    if not request.user.is_authenticated:
        return None  # Wagtail's collection restriction check sends them to sign in
    if not privacy.may_fetch_file(request, document.collection.path):
        raise Http404
    return None
