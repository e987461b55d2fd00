"""core.fragments: versions read once per request, bumped by the changes they stand for,
and keys that never cross readers of different roles."""

import contextvars

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from core import fragments, permissions
from tests.factories import KnowledgePageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_a_request():
    fragments._begin()
    yield
    fragments._end()


def _fresh(*names):
    fragments._begin()
    return fragments.versions(*names)


def test_versions_are_read_in_one_query_and_then_remembered_for_the_request():
    with CaptureQueriesContext(connection) as first:
        fragments.versions(fragments.TREE, fragments.SETTINGS)
    with CaptureQueriesContext(connection) as again:
        fragments.versions(fragments.TREE)
        fragments.versions(fragments.SETTINGS, fragments.TREE)
    assert (len(first), len(again)) == (1, 0)


def test_outside_a_request_versions_are_read_every_time():
    """A task worker lives for days: it must never keep a version it read."""
    fragments._end()
    with CaptureQueriesContext(connection) as reads:
        fragments.versions(fragments.TREE)
        fragments.versions(fragments.TREE)
    assert len(reads) == 2


def test_a_bump_is_seen_at_once_by_the_bumping_request_and_rolled_back_with_its_transaction():
    (before,) = fragments.versions("x")
    fragments.bump("x")
    (bumped,) = fragments.versions("x")
    assert bumped != before
    with pytest.raises(RuntimeError), transaction.atomic():
        fragments.bump("x")
        (inside,) = fragments.versions("x")
        raise RuntimeError
    assert _fresh("x") == (bumped,)
    # What the rolled-back bump may have cached under its value is never reached again:
    # the next bump gives a new value, not the one the rollback handed back.
    fragments.bump("x")
    assert _fresh("x")[0] not in {before, bumped, inside}


def test_publishing_moving_and_restricting_pages_bump_the_tree(home):
    page = KnowledgePageFactory(parent=home)
    seen = [_fresh(fragments.TREE)]
    page.title = "Renamed"
    page.save_revision().publish()
    seen.append(_fresh(fragments.TREE))
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    seen.append(_fresh(fragments.TREE))
    page.unpublish()
    seen.append(_fresh(fragments.TREE))
    other = KnowledgePageFactory(parent=home)
    seen.append(_fresh(fragments.TREE))
    page.move(other, pos="last-child")
    seen.append(_fresh(fragments.TREE))
    assert len(set(seen)) == len(seen), seen  # every change gave a new version


def test_groups_set_on_a_saved_restriction_bump_the_tree(home):
    """Wagtail's privacy form saves the restriction, then sets its groups."""
    page = KnowledgePageFactory(parent=home)
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    (before,) = _fresh(fragments.TREE)
    restriction.groups.add(Group.objects.create(name="Leadership test"))
    (after_add,) = _fresh(fragments.TREE)
    restriction.groups.clear()
    assert len({before, after_add, _fresh(fragments.TREE)[0]}) == 3


def test_cached_values_follow_their_versions_and_none_is_a_value():
    calls = []

    def compute():
        calls.append(1)
        return None

    for _ in range(3):
        assert fragments.cached("t", ("a",), compute, depends_on=[fragments.TREE]) is None
    fragments.bump(fragments.TREE)
    fragments.cached("t", ("a",), compute, depends_on=[fragments.TREE])
    assert len(calls) == 2


def test_role_keys_differ_by_group_superuser_and_activity_and_follow_a_group_change():
    leadership = Group.objects.create(name="Leadership test")
    member, employee = UserFactory(), UserFactory()
    member.groups.add(leadership)
    keys = {
        fragments.role_key(AnonymousUser()),
        fragments.role_key(member),
        fragments.role_key(employee),
        fragments.role_key(UserFactory(is_superuser=True)),
        fragments.role_key(UserFactory(is_active=False)),
    }
    assert len(keys) == 5
    # Two people in the same groups share fragments.
    assert fragments.role_key(UserFactory()) == fragments.role_key(employee)
    # The next request loads the user afresh: a group change shows in the key.
    employee.groups.add(leadership)
    fresh = type(employee).objects.get(pk=employee.pk)
    assert fragments.role_key(fresh) == fragments.role_key(member)


def test_a_fragment_made_for_one_role_is_never_served_to_another():
    leadership = Group.objects.create(name="Leadership test")
    member, employee = UserFactory(), UserFactory()
    member.groups.add(leadership)

    def made_for(user):
        return lambda: f"for {user.pk}"

    shown = {
        user.pk: fragments.cached("nav", (fragments.role_key(user),), made_for(user))
        for user in (member, employee)
    }
    assert shown == {member.pk: f"for {member.pk}", employee.pk: f"for {employee.pk}"}


@pytest.mark.parametrize("first", ["permissions", "key"])
def test_a_group_change_during_a_request_never_files_one_role_s_view_under_another_s_key(
    home, first
):
    """An administrator removes a Leadership member from Leadership while the member's
    request runs. Whichever the request reads first (the permission check or the cache
    key), the key and the pages it lets the member see must come from the same reading of
    the groups: a key naming only Employees with Leadership's page under it would serve
    Leadership's page to every employee from then on."""
    from core.permissions import viewable_pages

    leadership = Group.objects.create(name="Leadership test")
    private = KnowledgePageFactory(parent=home, title="Board minutes")
    restriction = PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(leadership)
    member = UserFactory()
    member.groups.add(leadership)
    employee = UserFactory()
    # The administrator's request: its own user objects and its own context.
    administrator_s_copy = type(member).objects.get(pk=member.pk)
    another_request = contextvars.Context().run

    if first == "permissions":
        sees_private = viewable_pages(member).filter(pk=private.pk).exists()
        another_request(administrator_s_copy.groups.remove, leadership)
        key = fragments.role_key(member)
    else:
        key = fragments.role_key(member)
        another_request(administrator_s_copy.groups.remove, leadership)
        sees_private = viewable_pages(member).filter(pk=private.pk).exists()

    # What the member's request saw, it files under a key that says Leadership.
    assert sees_private
    assert key != fragments.role_key(employee)


@pytest.mark.parametrize("side", ["person", "group"])
def test_a_user_object_whose_groups_change_forgets_its_key_and_view_together(home, side):
    """A request that adds its own person to a group (joining a community) and then shows
    them a page sees the new groups in both the key and the pages, never one of them."""
    from core.permissions import viewable_pages

    leadership = Group.objects.create(name="Leadership test")
    private = KnowledgePageFactory(parent=home, title="Board minutes")
    restriction = PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(leadership)
    person, member = UserFactory(), UserFactory()
    member.groups.add(leadership)
    before = fragments.role_key(person)
    assert not viewable_pages(person).filter(pk=private.pk).exists()

    if side == "person":
        person.groups.add(leadership)
    else:  # as a community's founder joins its new group
        leadership.user_set.add(person)

    assert viewable_pages(person).filter(pk=private.pk).exists()
    assert fragments.role_key(person) == fragments.role_key(member) != before


def test_deleting_what_no_fragment_depends_on_keeps_django_s_fast_delete():
    """Only the tree's and the settings' models have a delete receiver: anything else
    (a day of rollups, old sessions) is deleted in one statement, not row by row."""
    from django.db.models.deletion import Collector

    assert Collector(using="default").can_fast_delete(fragments.CacheVersion.objects.all())
    assert not Collector(using="default").can_fast_delete(PageViewRestriction.objects.all())


def test_names_read_late_are_learned_per_url_and_read_first_next_time():
    """A page's own versions (read after the first read) come with the next request's first
    read for that URL; the value is always read afresh, a hint only says which rows."""
    url = ("testserver", "/knowledge/a-page/")
    fragments.versions(fragments.TREE)
    fragments.versions("discussion:1", fragments.reader(7))  # late: a second query
    fragments.learn(url)
    assert fragments.hints(url) == ("discussion:1",)  # not the reader's own

    fragments.bump("discussion:1")  # changes between the requests
    fragments._begin()
    fragments.expect(*fragments.hints(url))
    with CaptureQueriesContext(connection) as reads:
        fragments.versions(fragments.TREE)
        (value,) = fragments.versions("discussion:1")
    assert len(reads) == 1
    assert value == fragments.CacheVersion.objects.get(name="discussion:1").value != 0
    fragments.learn(url)  # nothing read late this time: the hint is kept
    assert fragments.hints(url) == ("discussion:1",)


def test_the_hints_are_bounded(monkeypatch):
    monkeypatch.setattr(fragments, "_HINTS_MAX", 3)
    for n in range(5):
        fragments._begin()
        fragments.versions(fragments.TREE)
        fragments.versions(f"discussion:{n}")
        fragments.learn(("testserver", f"/page-{n}/"))
    assert len(fragments._hints) == 3
    assert fragments.hints(("testserver", "/page-0/")) == ()
    assert fragments.hints(("testserver", "/page-4/")) == ("discussion:4",)


def test_groups_and_the_restrictions_they_pass_are_one_read_and_agree(home):
    """Cold: one query for both (a UNION); then both from the cache; a group change moves
    both on the next request."""
    finance = Group.objects.create(name="Finance")
    secret = KnowledgePageFactory(parent=home, title="Secret")
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(finance)
    person = UserFactory(roles=["Employees"])
    fragments._begin()
    with CaptureQueriesContext(connection) as reads:
        fragments.versions(fragments.TREE, fragments.PERMISSIONS)
        assert secret.path in permissions._blocked_paths(person)
    assert len(reads) == 2  # the versions, then groups and restrictions together
    person.groups.add(finance)
    fragments._begin()
    fresh = type(person).objects.get(pk=person.pk)
    assert secret.path not in permissions._blocked_paths(fresh)
    assert "Finance" in permissions.memberships(fresh)[1]
