"""The routing shortcut (core.models.PrivacyAwarePage.route: the pages on the path by
their `url_path` in one query) where a path can mean several pages: two sites whose trees
hold the same slugs, an alias page served at its own place, and a private page on the
second site. Each answer must be what Wagtail's walk gives, and privacy must follow the
place a page is served at."""

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from home.models import StandardPage
from tests.factories import (
    KnowledgePageFactory,
    StandardPageFactory,
    UserFactory,
    knowledge_space,
    publish,
    restrict_to_groups,
)

SECOND_HOST = "127.0.0.1"  # in the test settings' ALLOWED_HOSTS, like the first site's


def _trail(parent, *titles: str) -> list[StandardPage]:
    """Published information pages, each under the one before, starting under `parent`."""
    pages = []
    for title in titles:
        parent = StandardPageFactory(parent=parent, title=title, slug=title.lower())
        publish(parent)
        pages.append(parent)
    return pages


@pytest.fixture
def two_sites(home):
    """The first site (the default, at home) and a second site on its own root and host,
    both with /about/contacts/."""
    _about, contacts = _trail(home, "About", "Contacts")
    partner_root = StandardPageFactory(
        parent=Page.get_first_root_node(), title="Partner site", slug="partner"
    )
    publish(partner_root)
    partner_about, partner_contacts = _trail(partner_root, "About", "Contacts")
    for page, title in ((contacts, "Contacts here"), (partner_contacts, "Contacts at the partner")):
        publish(page, body=[("paragraph", RichText(f"<p>{title}</p>"))])
    Site.objects.create(hostname=SECOND_HOST, port=80, root_page=partner_root)
    return contacts, partner_about, partner_contacts


@pytest.fixture
def outsider(db):
    return UserFactory(username="otto", roles=["Employees"])


def _get(client, path: str, host: str = "localhost"):
    return client.get(path, HTTP_HOST=host)


def test_each_site_serves_its_own_page_at_the_same_path(two_sites, signed_in, outsider):
    client = signed_in(outsider)
    here = _get(client, "/about/contacts/")
    there = _get(client, "/about/contacts/", SECOND_HOST)
    assert here.status_code == there.status_code == 200
    assert "Contacts here" in here.content.decode()
    assert "Contacts at the partner" not in here.content.decode()
    assert "Contacts at the partner" in there.content.decode()
    assert "Contacts here" not in there.content.decode()


def test_a_page_is_not_reachable_by_its_tree_path_under_the_other_sites_host(
    two_sites, signed_in, outsider
):
    contacts, _partner_about, partner_contacts = two_sites
    assert (contacts.url_path, partner_contacts.url_path) == (
        "/home/about/contacts/",
        "/partner/about/contacts/",
    )
    client = signed_in(outsider)
    # Each page's path in the tree below the root: /home/about/contacts/ and
    # /partner/about/contacts/; neither leads anywhere under the other site's host.
    assert _get(client, "/partner/about/contacts/").status_code == 404
    assert _get(client, "/home/about/contacts/", SECOND_HOST).status_code == 404


def test_the_second_sites_pages_are_found_by_the_shortcut(two_sites, outsider):
    """The answers above come from the shortcut, not from Wagtail's walk: the page it
    finds carries the parent it loaded with it."""
    _contacts, partner_about, partner_contacts = two_sites
    request = RequestFactory().get("/about/contacts/", HTTP_HOST=SECOND_HOST)
    request.user = outsider
    root = Site.objects.get(hostname=SECOND_HOST).root_page.specific
    found = root.route(request, ["about", "contacts"]).page
    assert found.pk == partner_contacts.pk
    assert found.route_parent.pk == partner_about.pk


def test_a_private_page_on_the_second_site_stays_private(two_sites, signed_in, outsider):
    _contacts, partner_about, _partner_contacts = two_sites
    team = Group.objects.create(name="Partner team")
    insider = UserFactory(username="ines", roles=["Employees"])
    insider.groups.add(team)
    restrict_to_groups(partner_about, team)

    assert _get(signed_in(outsider), "/about/contacts/", SECOND_HOST).status_code == 404
    assert _get(signed_in(outsider), "/about/", SECOND_HOST).status_code == 404
    allowed = _get(signed_in(insider), "/about/contacts/", SECOND_HOST)
    assert allowed.status_code == 200
    assert "Contacts at the partner" in allowed.content.decode()
    # The first site's page of the same path is not the private one.
    assert _get(signed_in(outsider), "/about/contacts/").status_code == 200


def test_an_alias_serves_its_content_at_its_own_place_under_that_places_privacy(
    home, signed_in, outsider
):
    team = Group.objects.create(name="Vault team")
    insider = UserFactory(username="ines", roles=["Employees"])
    insider.groups.add(team)
    source = KnowledgePageFactory(parent=knowledge_space("IT Help"), title="Printers")
    publish(source, body=[("paragraph", RichText("<p>Printer codes are on the wall.</p>"))])
    open_space = knowledge_space("Office", slug="office")
    publish(open_space)
    vault = knowledge_space("Vault", slug="vault")
    restrict_to_groups(vault, team)
    publish(vault)
    public_alias = source.create_alias(parent=open_space, update_slug="printers")
    private_alias = source.create_alias(parent=vault, update_slug="printers")
    assert public_alias.url.endswith("/office/printers/")
    assert private_alias.url.endswith("/vault/printers/")

    reader = signed_in(outsider)
    assert reader.get(source.url).status_code == 200
    shown = reader.get(public_alias.url)
    assert shown.status_code == 200
    assert "Printer codes are on the wall." in shown.content.decode()
    assert reader.get(private_alias.url).status_code == 404  # the vault's privacy
    inside = signed_in(insider).get(private_alias.url)
    assert inside.status_code == 200
    assert "Printer codes are on the wall." in inside.content.decode()
