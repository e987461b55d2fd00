"""The bulk privacy check that notification fan-out and mentions rely on."""

from django.contrib.auth.models import Group

from community.mentions import mentioned_usernames, resolve
from core.permissions import can_view_page, users_who_can_view
from tests.factories import StandardPageFactory, UserFactory, restrict_to_groups


def test_open_page_reaches_every_active_person(home):
    page = StandardPageFactory(parent=home)
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    UserFactory(username="gone", is_active=False)
    assert set(users_who_can_view(page)) >= {alice, bob}
    assert not users_who_can_view(page).filter(username="gone").exists()


def test_group_restriction_on_an_ancestor_keeps_outsiders_out(home):
    leaders = Group.objects.create(name="Leaders")
    section = StandardPageFactory(parent=home)
    restrict_to_groups(section, leaders)
    page = StandardPageFactory(parent=section)
    insider, outsider = UserFactory(username="insider"), UserFactory(username="outsider")
    insider.groups.add(leaders)
    admin = UserFactory(username="root", is_superuser=True)

    allowed = set(users_who_can_view(page))
    assert insider in allowed and admin in allowed
    assert outsider not in allowed
    # The bulk answer agrees with the per-person one.
    for person in (insider, outsider, admin):
        assert (person in allowed) == can_view_page(person, page)


def test_drafts_reach_nobody(home):
    page = StandardPageFactory(parent=home, live=False)
    UserFactory(username="reader")
    assert not users_who_can_view(page).exists()


def test_mentions_split_by_who_can_see_the_page(home):
    leaders = Group.objects.create(name="Leaders")
    page = StandardPageFactory(parent=home)
    restrict_to_groups(page, leaders)
    author, insider = UserFactory(username="author"), UserFactory(username="in.sider")
    outsider = UserFactory(username="outsider")
    author.groups.add(leaders)
    insider.groups.add(leaders)

    text = "Thanks @In.Sider and @outsider, cc @author, @nobody. Mail me at x@example.com."
    assert mentioned_usernames(text) == ["in.sider", "outsider", "author", "nobody"]
    mentions = resolve(text, page, author=author)
    assert mentions.reachable == [insider]
    assert mentions.unreachable == [outsider]
