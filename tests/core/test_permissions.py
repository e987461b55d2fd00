"""`viewable_pages` is the one gate for every read path: restricted pages stay hidden."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.utils import timezone
from wagtail.models import PageViewRestriction

from core.permissions import can_view_page, has_role, viewable_pages
from tests.factories import StandardPageFactory, UserFactory, restrict_to_groups


@pytest.fixture
def finance(db):
    return Group.objects.create(name="Finance team")


@pytest.fixture
def private_section(home, finance):
    section = StandardPageFactory(parent=home, title="Finance private")
    child = StandardPageFactory(parent=section, title="Salary bands")
    restrict_to_groups(section, finance)
    return section, child


def test_group_restricted_pages_and_their_children_are_hidden_from_outsiders(private_section):
    section, child = private_section
    outsider = UserFactory()
    visible = set(viewable_pages(outsider).values_list("pk", flat=True))
    assert section.pk not in visible
    assert child.pk not in visible
    assert not can_view_page(outsider, child)


def test_members_of_the_group_see_them(private_section, finance):
    section, child = private_section
    member = UserFactory()
    member.groups.add(finance)
    assert can_view_page(member, section)
    assert can_view_page(member, child)


def test_login_restricted_pages_are_for_signed_in_people_only(home):
    page = StandardPageFactory(parent=home)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert can_view_page(UserFactory(), page)
    assert not can_view_page(AnonymousUser(), page)


def test_password_restricted_pages_stay_out_of_listings(home):
    page = StandardPageFactory(parent=home)
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    assert not can_view_page(UserFactory(), page)


def test_drafts_are_not_viewable(home):
    draft = StandardPageFactory(parent=home, live=False)
    assert not can_view_page(UserFactory(), draft)


def test_superusers_see_everything_live(private_section):
    section, _ = private_section
    assert can_view_page(UserFactory(is_superuser=True), section)


def test_the_query_count_does_not_grow_with_restrictions(home, django_assert_num_queries):
    user = UserFactory()
    for _ in range(5):
        restricted = StandardPageFactory(parent=home)
        PageViewRestriction.objects.create(page=restricted, restriction_type="groups")
    # 3 outside a request: the person's groups, the restrictions they pass (read apart
    # since issue 19 caches each on its own key in a request), the pages.
    with django_assert_num_queries(3):
        list(viewable_pages(user))


def test_has_role(db):
    editor = UserFactory(roles=["Editors"])
    assert has_role(editor, "Editors")
    assert not has_role(editor, "Communications")
    assert not has_role(AnonymousUser(), "Editors")


@pytest.fixture
def vision_hub(home):
    from brand.models import StatementPage, VisionHubPage

    hub = home.add_child(instance=VisionHubPage(title="Vision", slug="vision"))
    statement = hub.add_child(
        instance=StatementPage(title="Care", slug="care", statement="We care.")
    )
    return hub, statement


def test_guests_never_see_staff_only_subtrees_on_any_read_path(vision_hub, home):
    """The hubs (vision, brand, campaigns, announcements, ideas, communities) are for
    staff: `viewable_pages` and the bulk `users_who_can_view` both leave guests out, so
    navigation, search, listings and notifications agree."""
    from core.permissions import is_guest, users_who_can_view
    from people.models import GuestAccess

    hub, statement = vision_hub
    public = StandardPageFactory(parent=home, title="Visitor information")
    guest = UserFactory(username="gus", roles=["Guests"])
    staff = UserFactory(username="sam", roles=["Employees"])
    both = UserFactory(username="bo", roles=["Guests", "Employees"])

    assert is_guest(guest) and not is_guest(staff) and not is_guest(both)
    assert not viewable_pages(guest).exists()  # a guest sees only what a pinhole opens
    for page in (public, hub):
        GuestAccess.objects.create(
            user=guest, space=page, expires_at=timezone.now() + datetime.timedelta(days=7)
        )
    guest = type(guest).objects.get(pk=guest.pk)  # a new request
    seen_by_guest = set(viewable_pages(guest).values_list("pk", flat=True))
    assert public.pk in seen_by_guest
    assert hub.pk not in seen_by_guest and statement.pk not in seen_by_guest
    for person in (staff, both):
        assert {hub.pk, statement.pk} <= set(viewable_pages(person).values_list("pk", flat=True))
    readers = set(users_who_can_view(statement).values_list("username", flat=True))
    assert readers >= {"sam", "bo"} and "gus" not in readers
    assert "gus" in set(users_who_can_view(public).values_list("username", flat=True))
