"""Every read path keeps a private space private, for an outsider and for a guest.

One world: a space restricted to the "Vault team" group (a page, a comment, an image and a
document in its collection, a link to a public page), a public space, and a "Partner
portal" space opened to a guest by a pinhole. Then a table of read paths is walked as
(a) an employee outside the group, (b) the guest, and (c) an insider: the private space's
word ("quorbex": in its titles, slugs, summary, comment and file names) must never reach
the first two, its direct URLs must answer 404, and the insider must get it all (so each
row can fail). The guest must also not see the public space ("zephyr"), yet see their
own partner space ("partner handbook") where the path lists pages.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.rich_text import RichText

from community.models import Notification, NotificationVerb
from governance.review import services as review
from insights.services import record_view
from people.models import GuestAccess
from tests.brand.factories_hub import DocumentFactory, ImageFactory
from tests.community.factories import CommentFactory
from tests.factories import (
    KnowledgePageFactory,
    SpacePageFactory,
    UserFactory,
    knowledge_space,
    publish,
    restrict_to_groups,
)

SECRET = "quorbex"  # everything of the private space carries this word
OTHER_SPACE = "zephyr"  # the public space: staff see it, the guest does not
PARTNER = ("partner handbook", "partner-handbook")  # the guest's own page (title or URL)


@dataclass
class World:
    insider: object
    outsider: object
    guest: object
    vault: object
    ledger: object
    welcome: object
    partner: object
    handbook: object
    comment: object
    image: object
    rendition_url: str
    document: object
    partner_image_url: str


def build_world(home) -> World:
    team = Group.objects.create(name="Vault team")
    insider = UserFactory(username="ines", first_name="Ines", roles=["Employees"])
    insider.groups.add(team)
    outsider = UserFactory(username="otto", first_name="Otto", roles=["Employees"])
    guest = UserFactory(username="gwen", first_name="Gwen", roles=["Guests"])

    open_space = knowledge_space("Zephyr space", slug="zephyr-space")
    publish(open_space)
    welcome = KnowledgePageFactory(
        parent=open_space,
        title="Zephyr welcome",
        slug="zephyr-welcome",
        listing_summary="The budget for the zephyr team.",
    )
    publish(welcome)

    # The insider owns the vault: the acknowledgement CSV is its governors' (may_govern).
    vault = knowledge_space("Quorbex vault", insider, slug="quorbex-vault")
    restrict_to_groups(vault, team)
    publish(vault)  # publishing gives the space its (now private) collection
    vault.refresh_from_db()
    ledger = KnowledgePageFactory(
        parent=vault,
        title="Quorbex ledger",
        slug="quorbex-ledger",
        listing_summary="The quorbex budget for the year.",
        content_owner=insider,
    )
    ledger.tags.add("quorbex-tag")
    link = f'<p>See <a linktype="page" id="{welcome.pk}">the welcome</a>.</p>'
    publish(ledger, insider, body=[("paragraph", RichText(link))])
    comment = CommentFactory(page=ledger, author=insider, body="A quorbex remark")
    image = ImageFactory(
        title="Quorbex chart", collection=vault.collection, file__filename="quorbex-chart.png"
    )
    rendition_url = image.get_rendition("fill-20x20").url
    document = DocumentFactory(
        title="Quorbex terms", collection=vault.collection, file__filename="quorbex-terms.pdf"
    )

    partner = knowledge_space("Partner portal", slug="partner-portal")
    publish(partner)
    partner.refresh_from_db()
    handbook = KnowledgePageFactory(
        parent=partner,
        title="Partner handbook",
        slug="partner-handbook",
        listing_summary="The budget rules for partners.",
    )
    publish(handbook)
    partner_image = ImageFactory(collection=partner.collection, file__filename="partner.png")
    GuestAccess.objects.create(
        user=guest, space=partner, expires_at=timezone.now() + datetime.timedelta(days=30)
    )
    # One page archived from each: the archive lists them as private as their spaces.
    old_minutes = KnowledgePageFactory(parent=vault, title="Quorbex old minutes")
    review.archive(old_minutes, reason="The quorbex board closed")
    review.archive(KnowledgePageFactory(parent=partner, title="Partner handbook 2019"))

    # Each of them once had the private page in front of them: a view, a notification.
    for person in (insider, outsider, guest):
        record_view(person, ledger)
        Notification.objects.create(
            recipient=person,
            actor=insider,
            verb=NotificationVerb.COMMENT,
            page=ledger,
            link=ledger.url,
            detail="About the quorbex ledger",
        )
    return World(
        insider=insider,
        outsider=outsider,
        guest=guest,
        vault=vault,
        ledger=ledger,
        welcome=welcome,
        partner=partner,
        handbook=handbook,
        comment=comment,
        image=image,
        rendition_url=rendition_url,
        document=document,
        partner_image_url=partner_image.get_rendition("fill-20x20").url,
    )


@pytest.fixture
def world(home, django_capture_on_commit_callbacks, settings) -> World:
    # The test storage has no real files on disk: documents answer with a redirect to the
    # storage once every check has passed (production streams them; same checks).
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"
    with django_capture_on_commit_callbacks(execute=True):  # search indexing, on commit
        return build_world(home)


# The read paths ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReadPath:
    name: str
    url: Callable[[World], str]
    direct: bool  # a URL of the private thing itself: outsiders get 404
    lists_guest_space: bool = False  # the guest's own pages show here


READ_PATHS = [
    # Direct URLs of the private things.
    ReadPath("page", lambda w: w.ledger.url, direct=True),
    ReadPath("space page", lambda w: w.vault.url, direct=True),
    ReadPath("page history", lambda w: f"/pages/{w.ledger.pk}/history/", direct=True),
    ReadPath(
        "CSV export (acknowledgements)",
        lambda w: f"/pages/{w.ledger.pk}/acknowledgements.csv",
        direct=True,
    ),
    ReadPath("image original", lambda w: w.image.file.url, direct=True),
    ReadPath("image rendition", lambda w: w.rendition_url, direct=True),
    ReadPath("document", lambda w: w.document.url, direct=True),
    ReadPath("space feed", lambda w: f"/feeds/spaces/{w.vault.pk}/", direct=True),
    ReadPath("API detail", lambda w: f"/api/v2/pages/{w.ledger.pk}/", direct=True),
    ReadPath("API find", lambda w: f"/api/v2/pages/find/?html_path={w.ledger.url}", direct=True),
    ReadPath("comment permalink", lambda w: f"/community/comments/{w.comment.pk}/", direct=True),
    ReadPath(
        "mention suggestions",
        lambda w: f"/community/pages/{w.ledger.pk}/people/?q=in",
        direct=True,
    ),
    # Listings: they answer, without the private space in them.
    ReadPath("home (updates, recently viewed)", lambda w: "/", direct=False),
    ReadPath("updates", lambda w: "/updates/", direct=False, lists_guest_space=True),
    ReadPath("knowledge index (spaces)", lambda w: "/knowledge/", direct=False),
    ReadPath("search results, counts, facets", lambda w: "/search/?q=budget", direct=False),
    ReadPath("search by a private title word", lambda w: "/search/?q=ledger", direct=False),
    ReadPath("autocomplete", lambda w: "/search/autocomplete/?q=quor", direct=False),
    ReadPath("sitemap", lambda w: "/sitemap.xml", direct=False, lists_guest_space=True),
    ReadPath("site feed", lambda w: "/feeds/updates/", direct=False, lists_guest_space=True),
    ReadPath("API listing", lambda w: "/api/v2/pages/", direct=False, lists_guest_space=True),
    ReadPath("API search", lambda w: "/api/v2/pages/?search=budget", direct=False),
    ReadPath("backlinks of a public page", lambda w: w.welcome.url, direct=False),
    ReadPath("notifications", lambda w: "/community/notifications/", direct=False),
    ReadPath("archive", lambda w: "/knowledge/archive/", direct=False, lists_guest_space=True),
]


def _text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace").lower()
    return response.content.decode(errors="replace").lower()


def _walk(client, world: World, path: ReadPath) -> tuple[int, str]:
    response = client.get(path.url(world))
    return response.status_code, _text(response)


@pytest.mark.parametrize("who", ["outsider", "guest"])
def test_nothing_of_a_private_space_reaches_outsiders_or_guests(world, signed_in, who):
    client = signed_in(getattr(world, who))
    failures = []
    for path in READ_PATHS:
        status, text = _walk(client, world, path)
        if path.direct and status != 404:
            failures.append(f"{path.name}: answered {status}, not 404")
        if not path.direct and status not in (200, 404):
            failures.append(f"{path.name}: answered {status}")
        if SECRET in text:
            failures.append(f"{path.name}: shows the private space")
        if who == "guest" and OTHER_SPACE in text:
            failures.append(f"{path.name}: shows the guest another space")
        if who == "guest" and path.lists_guest_space and not any(mark in text for mark in PARTNER):
            failures.append(f"{path.name}: does not show the guest their own space")
    assert failures == []


def test_an_insider_gets_every_path(world, signed_in):
    client = signed_in(world.insider)
    failures = []
    for path in READ_PATHS:
        response = client.get(path.url(world))
        if response.status_code not in (200, 302):  # a permalink redirects to its page
            failures.append(f"{path.name}: answered {response.status_code}")
            continue
        if path.direct:
            continue  # the thing itself: a file, a CSV, a redirect
        if SECRET not in _text(response):
            failures.append(f"{path.name}: does not show the private space")
    assert failures == []


def test_the_guest_reads_their_own_space_and_its_files(world, signed_in):
    client = signed_in(world.guest)
    assert client.get(world.partner.url).status_code == 200
    assert PARTNER[0] in _text(client.get(world.handbook.url))
    assert client.get(world.partner_image_url).status_code == 200
    assert client.get(world.welcome.url).status_code == 404  # another space
    assert client.get(f"/api/v2/pages/{world.welcome.pk}/").status_code == 404


def test_mentions_and_their_emails_reach_only_people_who_may_read_the_page(
    world, signed_in, mailoutbox, django_capture_on_commit_callbacks
):
    other_insider = UserFactory(username="ida", first_name="Ida", roles=["Employees"])
    other_insider.groups.add(Group.objects.get(name="Vault team"))
    mailoutbox.clear()
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):  # notifications are tasks
        response = signed_in(world.insider).post(
            f"/community/pages/{world.ledger.pk}/comments/",
            {"text": "Look @ida @otto @gwen: the quorbex numbers"},
        )

    assert response.status_code == 302
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"ida"}
    recipients = {address for message in mailoutbox for address in message.to}
    assert other_insider.email in recipients
    assert world.outsider.email not in recipients and world.guest.email not in recipients


def test_the_serve_gate_adds_no_query_to_a_page_view(world, signed_in, django_assert_num_queries):
    """The gate reads the restrictions the navigation reads anyway (kept for the request):
    a refused view costs a handful of queries, and adding restrictions costs none more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(world.outsider)
    client.get(world.ledger.url)  # warm the per-process caches (site root paths, types)
    with CaptureQueriesContext(connection) as before:
        assert client.get(world.ledger.url).status_code == 404
    for number in range(5):
        space = SpacePageFactory(parent=world.vault.get_parent(), title=f"Locked {number}")
        restrict_to_groups(space, Group.objects.get(name="Vault team"))
    expected = len(before.captured_queries)  # before the next request resets the query log
    client.get(world.ledger.url)  # warm: the restrictions moved the tree version (issue 19)
    with django_assert_num_queries(expected):
        assert client.get(world.ledger.url).status_code == 404


@pytest.mark.parametrize(
    "url", ["/sitemap.xml", "/feeds/updates/", "/api/v2/pages/", "/search/autocomplete/?q=zep"]
)
def test_new_read_paths_cost_the_same_queries_for_more_pages(
    world, signed_in, django_assert_num_queries, url
):
    """Filtering by `viewable_pages` is one subquery: more pages (and more private ones)
    do not add queries to the sitemap, the feed or the API."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(world.outsider)
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for number in range(5):
        publish(KnowledgePageFactory(parent=world.welcome.get_parent(), title=f"Zephyr {number}"))
        publish(KnowledgePageFactory(parent=world.vault, title=f"Quorbex {number}"))
    expected = len(before.captured_queries)  # before the next request resets the query log
    client.get(url)  # warm: the new pages moved the tree version (issue 19)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
