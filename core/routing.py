"""Which site and which page a URL names, remembered until the tree changes (issue 19).

Wagtail finds the site of every request (one query) and walks the URL's path to its page
(`core.models.PrivacyAwarePage.route`: the site root's specific row, then the pages on
the path, then the page's specific row, then its parent's). The answers only change when
pages are published, unpublished, moved, renamed or deleted, or sites change: all of
them bump `core.fragments.TREE`, so both lookups are kept in the cache
(`core.fragments.cached`) under those versions, which every request reads once anyway.

Only the *lookup* is kept. The page served is read fresh (its specific row: one query), its
`live` flag is checked by Wagtail's `route` as before, and every privacy check (Hearth's
`before_serve_page` gate, Wagtail's view restrictions) runs on the live request. Hosts
reach this after Django's `CommonMiddleware` has checked them against ALLOWED_HOSTS, so
the keys cannot grow without bound.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest
from django.http.request import split_domain_port
from wagtail.models import Page, Site

from core import fragments


def _load_site(hostname: str, port: int) -> Site | None:
    request = _HostOnly(hostname, port)
    site = Site._find_for_request(request)
    if site is not None:
        # The root's specific row, as the routing asks for it (`root_page.specific`).
        site.root_page = site.root_page.specific
    return site


@dataclass(frozen=True)
class _HostOnly:
    """What Wagtail's site lookup reads of a request."""

    hostname: str
    port: int

    def _get_raw_host(self) -> str:
        return self.hostname

    def get_port(self) -> int:
        return self.port


def site_for_request(request: HttpRequest) -> Site | None:
    """`Site.find_for_request`, from the cache while no site or page changes."""
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    return fragments.cached(
        "site",
        (hostname, str(port)),
        lambda: _load_site(hostname, port),
        depends_on=(fragments.TREE,),  # a site's save bumps it too
    )


class SiteMiddleware:
    """Hands Wagtail the request's site from the cache (`Site.find_for_request` reads
    `request._wagtail_site` first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        url = getattr(request, "_hearth_versions_url", None)
        if url is not None and response.status_code == 200:
            fragments.learn(url)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        # Public views (liveness, sign-in) are left alone: a liveness probe touches no
        # dependency, the database included.
        if getattr(view_func, "login_required", True) and not hasattr(request, "_wagtail_site"):
            # The signed-in person's own version (their watches, acknowledgements: the
            # late slots' fillers read it) comes with this first read of the versions
            # instead of a second one later. The session is read on such a page anyway;
            # the id is only a hint of which row to read, never trusted for anything else.
            session = getattr(request, "session", None)
            user_pk = session.get(SESSION_KEY) if session is not None else None
            if user_pk is not None:
                fragments.expect(fragments.reader(user_pk))
            # And the versions this URL's page read late last time (its discussion, its
            # verifications: core.fragments.learn), so all come in that one query.
            url = (request.get_host(), request.path)
            fragments.expect(*fragments.hints(url))
            request._hearth_versions_url = url
            request._wagtail_site = site_for_request(request)


@dataclass(frozen=True)
class Route:
    """The pages on a path below a site's root: `chain[-1]` is the page, `parent` the
    specific page above it (None when the root is the parent)."""

    chain: tuple[Page, ...]
    parent: Page | None


def cached_route(root: Page, path_components: list[str], find) -> Route | None:
    """The route from `root` along `path_components`, as `find()` answers it (None: not
    one the cache may keep), kept until the tree changes."""
    return fragments.cached(
        "route",
        (root.pk, *path_components),
        find,
        depends_on=(fragments.TREE,),
    )
