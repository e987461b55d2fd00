"""The knowledge page's side panel is cached per page, live revision and reader's roles
(knowledge.reading.side_panel, issue 19). These are the attacks on that cache: what one
reader filled must never reach a reader who may not see it, and every change shows on
the next request."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from knowledge.mustread import set_must_read
from knowledge.services import verify_page
from tests.factories import KnowledgePageFactory, UserFactory, publish


@pytest.fixture
def leadership(db):
    return Group.objects.create(name="Leadership")


@pytest.fixture
def leader(db, leadership):
    user = UserFactory(first_name="Lea", last_name="Leader", roles=["Employees"])
    user.groups.add(leadership)
    return user


def _linking_page(page, parent, owner, title):
    linking = KnowledgePageFactory(parent=parent, title=title)
    link = f'<a linktype="page" id="{page.pk}">the VPN page</a>'
    publish(linking, owner, body=[("paragraph", RichText(f"<p>See {link}.</p>"))])
    return linking


def _leadership_page_linking_to(page, space, owner, leadership):
    """A page only Leadership may read, whose body links to `page`."""
    secret = _linking_page(page, space, owner, "Board memo on VPN costs")
    restriction = PageViewRestriction.objects.create(page=secret, restriction_type="groups")
    restriction.groups.add(leadership)
    return secret


def _backlinks(client, page) -> str:
    html = client.get(page.url).content.decode()
    return html.split('data-testid="backlinks"')[1].split("</section>")[0]


def test_a_backlink_cached_for_leadership_never_reaches_an_employee(
    signed_in, space, page, owner, leadership, leader
):
    _leadership_page_linking_to(page, space, owner, leadership)
    assert "Board memo" in _backlinks(signed_in(leader), page)  # fills the cache
    employee = UserFactory(roles=["Employees"])
    assert "Board memo" not in _backlinks(signed_in(employee), page)
    assert "Board memo" in _backlinks(signed_in(leader), page)  # still right for them


def test_a_group_change_shows_on_the_next_request(signed_in, space, page, owner, leadership):
    _leadership_page_linking_to(page, space, owner, leadership)
    employee = UserFactory(roles=["Employees"])
    client = signed_in(employee)
    assert "Board memo" not in _backlinks(client, page)
    employee.groups.add(leadership)
    assert "Board memo" in _backlinks(client, page)
    employee.groups.remove(leadership)
    assert "Board memo" not in _backlinks(client, page)


def test_publishes_restrictions_and_unpublishes_show_on_the_next_request(
    signed_in, space, page, owner
):
    client = signed_in(UserFactory(roles=["Employees"]))
    assert "New starter checklist" not in _backlinks(client, page)
    linking = _linking_page(page, space, owner, "New starter checklist")
    assert "New starter checklist" in _backlinks(client, page)  # another page published
    restriction = PageViewRestriction.objects.create(page=linking, restriction_type="groups")
    assert "New starter checklist" not in _backlinks(client, page)  # restricted
    restriction.delete()
    assert "New starter checklist" in _backlinks(client, page)
    linking.unpublish()
    assert "New starter checklist" not in _backlinks(client, page)
    # The page itself: a new revision with new tags and a change note.
    page.tags.add("remote-work")
    publish(page, owner, change_note="Added the token reset steps")
    html = client.get(page.url).content.decode()
    assert "remote-work" in html
    assert "Added the token reset steps" in html.split('data-testid="history-panel"')[1]


def test_a_verification_shows_on_the_next_request(signed_in, page, owner):
    client = signed_in(UserFactory(roles=["Employees"]))

    def status() -> str:
        html = client.get(page.url).content.decode()
        return html.split('data-testid="review-status"')[1].split("</span>")[0]

    assert "Review due" in status()  # never verified
    verify_page(owner, page)
    assert "Verified" in status()


def test_a_must_read_shows_on_the_next_request(signed_in, page, owner):
    client = signed_in(UserFactory(roles=["Employees"]))
    assert 'data-testid="acknowledge"' not in client.get(page.url).content.decode()
    set_must_read(owner, page, everyone=True)
    assert 'data-testid="acknowledge"' in client.get(page.url).content.decode()


def test_a_new_space_owner_may_verify_on_the_next_request(signed_in, space, page):
    newcomer = UserFactory(roles=["Employees"])
    client = signed_in(newcomer)
    assert 'data-testid="verify"' not in client.get(page.url).content.decode()
    space.owners.add(newcomer)
    publish(space, UserFactory(is_superuser=True))
    assert 'data-testid="verify"' in client.get(page.url).content.decode()


# The space page's tree, latest changes, statuses and owners (knowledge.context.space).
def _tree(client, space) -> str:
    html = client.get(space.url).content.decode()
    return html.split('data-testid="space-tree"')[1].split("</nav>")[0]


def test_a_space_tree_cached_for_leadership_never_reaches_an_employee(
    signed_in, space, page, owner, leadership, leader
):
    secret = KnowledgePageFactory(parent=space, title="Board memo on VPN costs")
    publish(secret, owner)
    PageViewRestriction.objects.create(page=secret, restriction_type="groups").groups.add(
        leadership
    )
    assert "Board memo" in _tree(signed_in(leader), space)  # fills the cache
    employee = signed_in(UserFactory(roles=["Employees"]))
    assert "Board memo" not in employee.get(space.url).content.decode()
    employee_user = UserFactory(roles=["Employees"])
    client = signed_in(employee_user)
    assert "Board memo" not in _tree(client, space)
    employee_user.groups.add(leadership)  # a group change shows on the next request
    assert "Board memo" in _tree(client, space)


def test_a_space_shows_publishes_and_verifications_on_the_next_request(
    signed_in, space, page, owner
):
    client = signed_in(UserFactory(roles=["Employees"]))

    def verified() -> str:
        html = client.get(space.url).content.decode()
        return html.split('data-testid="status-verified"')[1].split("</a>")[0]

    assert "New starter checklist" not in _tree(client, space)
    assert "All 0" in verified()
    publish(KnowledgePageFactory(parent=space, title="New starter checklist"), owner)
    assert "New starter checklist" in _tree(client, space)
    verify_page(owner, page)
    assert "All 1" in verified()


def test_an_editors_related_link_to_a_private_page_is_shown_only_to_its_readers(
    signed_in, space, page, owner, leadership, leader
):
    """The title of a Leadership page is itself private: a related link an editor added
    to a page everyone reads must not show it to an employee (nor a draft to anyone)."""
    secret = KnowledgePageFactory(parent=space, title="Board memo on reorganisation")
    publish(secret, owner)
    restriction = PageViewRestriction.objects.create(page=secret, restriction_type="groups")
    restriction.groups.add(leadership)
    draft = KnowledgePageFactory(parent=space, title="Unannounced reorganisation draft", live=False)
    page.related_links.create(target=secret)
    page.related_links.create(target=draft)
    publish(page, owner)
    assert "Board memo on reorganisation" in signed_in(leader).get(page.url).content.decode()
    employee_html = signed_in(UserFactory(roles=["Employees"])).get(page.url).content.decode()
    assert "Board memo on reorganisation" not in employee_html
    assert "Unannounced reorganisation" not in employee_html
