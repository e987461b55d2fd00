"""Communities of interest, by the people who use them: start, join, leave, invite, the
directory by size and activity, events with iCal files, owners moderating posts, and
invite-only communities out of sight of non-members on every path."""

import pytest
from django.core import mail
from wagtail.models import ModelLogEntry, PageLogEntry, PageViewRestriction

from community.groups import services as groups
from community.models import (
    Access,
    Comment,
    CommunityEvent,
    CommunityPage,
    Notification,
    NotificationVerb,
    Status,
)
from core.policy import Action, policy
from tests.community.factories import CommentFactory
from tests.community.groups_helpers import communities_index, guest, staff, start
from tests.factories import publish


@pytest.fixture
def index(home):
    return communities_index(home)


@pytest.fixture
def founder(db):
    return staff("fran", first_name="Fran", last_name="Founder")


@pytest.fixture
def club(index, founder):
    return start(founder, "Cycling club", Access.OPEN)


@pytest.fixture
def circle(index, founder):
    return start(founder, "Leadership circle", Access.INVITE_ONLY, "Zorblatt strategy talk.")


def _member_ids(community):
    return set(groups.members(community).values_list("pk", flat=True))


# Start -------------------------------------------------------------------------------


def test_an_employee_starts_a_community_and_owns_it(index, founder, signed_in):
    response = signed_in(founder).post(
        "/community/groups/start/",
        {"name": "Board games", "purpose": "Games at lunch, Thursdays.", "access": "open"},
    )
    community = CommunityPage.objects.get(title="Board games")
    assert response.status_code == 302
    assert response["Location"] == community.url
    assert community.live and community.get_parent().pk == index.pk
    assert list(community.owners.all()) == [founder]
    assert _member_ids(community) == {founder.pk}
    assert community.live_revision is not None


def test_the_start_form_shows_and_refuses_bad_input_with_400(index, founder, signed_in):
    client = signed_in(founder)
    assert client.get("/community/groups/start/").status_code == 200
    response = client.post("/community/groups/start/", {"name": "", "purpose": "", "access": "x"})
    assert response.status_code == 400
    assert not CommunityPage.objects.exists()
    assert b"field-error" in response.content


def test_a_duplicate_name_is_refused(club, founder, signed_in):
    response = signed_in(staff("sam")).post(
        "/community/groups/start/",
        {"name": "cycling CLUB", "purpose": "Also bikes.", "access": "open"},
    )
    assert response.status_code == 400
    assert "exists already" in response.content.decode()
    assert CommunityPage.objects.count() == 1


def test_guests_cannot_start_or_see_the_directory(index, club, signed_in):
    client = signed_in(guest())
    assert client.get("/community/groups/start/").status_code == 403
    response = client.post(
        "/community/groups/start/", {"name": "Vendors", "purpose": "x", "access": "open"}
    )
    assert response.status_code == 403
    assert client.get(index.url).status_code == 404  # staff-only: no hint it exists
    assert client.get(club.url).status_code == 404
    assert CommunityPage.objects.count() == 1


# Join, leave, invite -----------------------------------------------------------------


def test_an_employee_joins_and_leaves_an_open_community(club, signed_in):
    person = staff("jo")
    client = signed_in(person)
    page = client.get(club.url).content.decode()
    assert 'data-testid="join"' in page
    assert client.post(f"/community/groups/{club.pk}/join/").status_code == 302
    assert person.pk in _member_ids(club)
    assert 'data-testid="leave"' in client.get(club.url).content.decode()
    assert client.post(f"/community/groups/{club.pk}/leave/").status_code == 302
    assert person.pk not in _member_ids(club)


def test_joining_twice_changes_nothing(club, signed_in):
    person = staff("jo")
    client = signed_in(person)
    client.post(f"/community/groups/{club.pk}/join/")
    client.post(f"/community/groups/{club.pk}/join/")
    assert groups.members(club).filter(pk=person.pk).count() == 1


def test_the_owner_cannot_leave(club, founder, signed_in):
    response = signed_in(founder).post(f"/community/groups/{club.pk}/leave/", follow=True)
    assert "You own this community" in response.content.decode()
    assert founder.pk in _member_ids(club)


def test_joining_an_invite_only_community_by_url_is_404(circle, signed_in):
    person = staff("nosy")
    response = signed_in(person).post(f"/community/groups/{circle.pk}/join/")
    assert response.status_code == 404
    assert person.pk not in _member_ids(circle)


def test_joining_a_missing_community_is_404(index, signed_in):
    assert signed_in(staff("jo")).post("/community/groups/999999/join/").status_code == 404


def test_an_owner_invites_by_username_and_the_person_is_told(
    circle, founder, signed_in, django_capture_on_commit_callbacks
):
    invitee = staff("ivy", first_name="Ivy", last_name="Invited")
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(founder).post(
            f"/community/groups/{circle.pk}/invite/", {"username": "@Ivy"}
        )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert invitee.pk in _member_ids(circle)
    told = Notification.objects.get(recipient=invitee)
    assert told.verb == NotificationVerb.INVITED and told.page_id == circle.pk
    assert any("ivy@example.com" in message.to for message in mail.outbox)
    # Now a member, Ivy sees the community.
    assert signed_in(invitee).get(circle.url).status_code == 200
    assert PageLogEntry.objects.filter(action="hearth.community.invite", page=circle).exists()


def test_inviting_an_unknown_person_or_a_member_is_a_400(circle, founder, signed_in):
    client = signed_in(founder)
    response = client.post(f"/community/groups/{circle.pk}/invite/", {"username": "nobody"})
    assert response.status_code == 400
    assert "Nobody here has the username" in response.content.decode()
    response = client.post(f"/community/groups/{circle.pk}/invite/", {"username": "fran"})
    assert response.status_code == 400
    assert "member already" in response.content.decode()


def test_inviting_a_guest_is_refused(club, founder, signed_in):
    visitor = guest()
    response = signed_in(founder).post(
        f"/community/groups/{club.pk}/invite/", {"username": visitor.username}
    )
    assert response.status_code == 400
    assert visitor.pk not in _member_ids(club)


def test_members_cannot_invite(club, signed_in):
    member = staff("mem")
    groups.join(member, club)
    staff("other")
    response = signed_in(member).post(f"/community/groups/{club.pk}/invite/", {"username": "other"})
    assert response.status_code == 403
    assert len(_member_ids(club)) == 2


def test_the_members_list_is_paginated(club, signed_in):
    for number in range(55):
        groups.join(staff(f"m{number:02d}"), club)
    client = signed_in(staff("reader"))
    first = client.get(f"/community/groups/{club.pk}/members/").content.decode()
    assert "56 members" in first and 'data-testid="page-next"' in first
    assert client.get(f"/community/groups/{club.pk}/members/?page=2").status_code == 200


# Invite-only privacy on every path ---------------------------------------------------


def test_an_invite_only_community_is_restricted_to_its_members_group(circle):
    restriction = PageViewRestriction.objects.get(page=circle)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert list(restriction.groups.all()) == [circle.members_group]


def test_non_members_do_not_see_it_in_the_directory_or_at_its_url(
    index, club, circle, founder, signed_in
):
    outsider = signed_in(staff("out"))
    listing = outsider.get(index.url).content.decode()
    assert "Cycling club" in listing
    assert "Leadership circle" not in listing
    assert outsider.get(circle.url).status_code == 404
    assert outsider.get(f"/community/groups/{circle.pk}/members/").status_code == 404
    owner_view = signed_in(founder).get(index.url).content.decode()
    assert "Leadership circle" in owner_view


def test_non_members_do_not_find_it_or_its_posts_in_search(
    circle, founder, signed_in, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(circle, founder)
    from community.comments.services import post_comment

    post_comment(founder, circle, "Quarterly zorblatt numbers are in.")
    outsider = signed_in(staff("out")).get("/search/", {"q": "zorblatt"}).content.decode()
    assert "Leadership circle" not in outsider
    assert "Quarterly zorblatt" not in outsider
    insider = signed_in(founder).get("/search/", {"q": "zorblatt"}).content.decode()
    assert "Leadership circle" in insider


def test_notifications_about_it_never_reach_non_members(
    circle, founder, signed_in, django_capture_on_commit_callbacks
):
    from community.comments.services import post_comment

    outsider = staff("out")
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(founder, circle, "Hello @out, secret plans here.")
    assert not Notification.objects.filter(recipient=outsider).exists()
    # And a notification written while they were a member goes when they leave.
    groups.sync_community_access(circle)
    member = staff("mia")
    circle.members_group.user_set.add(member)
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(founder, circle, "Welcome @mia!")
    client = signed_in(member)
    assert "Welcome" in client.get("/community/notifications/").content.decode()
    circle.members_group.user_set.remove(member)
    member = type(member).objects.get(pk=member.pk)
    assert (
        "Leadership circle"
        not in signed_in(member).get("/community/notifications/").content.decode()
    )


def test_making_a_community_open_in_the_admin_lifts_the_restriction(circle, founder):
    circle.access = Access.OPEN
    publish(circle, founder)
    assert not PageViewRestriction.objects.filter(page=circle).exists()


# Directory ---------------------------------------------------------------------------


def test_the_directory_lists_by_size_and_by_activity(index, founder, signed_in):
    big = start(founder, "Big group")
    busy = start(founder, "Busy group")
    for number in range(3):
        groups.join(staff(f"p{number}"), big)
    for _number in range(4):
        CommentFactory(page=busy, author=founder)
    client = signed_in(staff("reader"))
    by_size = client.get(index.url).content.decode()
    assert by_size.index("Big group") < by_size.index("Busy group")
    assert "4 members" in by_size and "4 posts in 30 days" in by_size
    by_activity = client.get(index.url, {"sort": "activity"}).content.decode()
    assert by_activity.index("Busy group") < by_activity.index("Big group")


def test_the_directory_is_one_query_for_few_or_many(index, founder, django_assert_num_queries):
    start(founder, "One")

    def run():
        rows = list(groups.directory(founder, "size")[:20])
        return [(row.title, row.member_count, row.recent_posts) for row in rows]

    founder = type(founder).objects.get(pk=founder.pk)
    groups.directory(founder).count()  # the reader's restrictions, cached per request
    with django_assert_num_queries(1):
        run()
    for number in range(6):
        community = start(founder, f"Group {number}")
        CommentFactory(page=community, author=founder)
    founder = type(founder).objects.get(pk=founder.pk)
    groups.directory(founder).count()
    with django_assert_num_queries(1):
        assert len(run()) == 7


def test_the_directory_paginates(index, founder, signed_in):
    for number in range(22):
        start(founder, f"Group {number:02d}")
    html = signed_in(founder).get(index.url).content.decode()
    assert 'data-testid="page-next"' in html
    assert signed_in(founder).get(index.url, {"page": 2}).status_code == 200


def test_slash_community_groups_leads_to_the_directory(index, employee_client):
    response = employee_client.get("/community/groups/")
    assert response.status_code == 302 and response["Location"] == index.url


# Events -------------------------------------------------------------------------------


def test_an_owner_adds_an_event_and_members_download_its_ical(club, founder, signed_in):
    response = signed_in(founder).post(
        f"/community/groups/{club.pk}/events/new/",
        {
            "title": "Ride, coffee; chat",
            "starts_at": "2031-05-04T18:30",
            "ends_at": "2031-05-04T20:00",
            "place": "Berlin, main entrance",
            "link": "https://meet.example.com/ride",
            "description": "Bring lights.\nAnd a helmet.",
        },
    )
    assert response.status_code == 302
    event = CommunityEvent.objects.get()
    page = signed_in(staff("reader")).get(club.url).content.decode()
    assert "Ride, coffee; chat" in page and 'data-testid="event-ics"' in page

    ics = signed_in(staff("cal")).get(f"/community/groups/events/{event.pk}.ics")
    assert ics.status_code == 200
    assert ics["Content-Type"].startswith("text/calendar")
    text = ics.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert "SUMMARY:Ride\\, coffee\\; chat\r\n" in text
    assert "LOCATION:Berlin\\, main entrance\r\n" in text
    assert "DESCRIPTION:Bring lights.\\nAnd a helmet." in text.replace("\r\n ", "")
    # Europe/Berlin in May is UTC+2 (the site's time zone).
    from django.conf import settings

    expected = "DTSTART:20310504T163000Z" if settings.TIME_ZONE == "Europe/Berlin" else "DTSTART:"
    assert expected in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_event_times_are_utc(club, founder):
    from datetime import UTC, datetime

    event = groups.add_event(
        founder,
        club,
        title="Night ride",
        starts_at=datetime(2031, 1, 2, 23, 0, tzinfo=UTC),
        ends_at=datetime(2031, 1, 3, 1, 0, tzinfo=UTC),
    )
    text = groups.ical(event, "http://testserver/x/")
    assert "DTSTART:20310102T230000Z" in text and "DTEND:20310103T010000Z" in text


def test_bad_events_are_refused_with_400(club, founder, signed_in):
    response = signed_in(founder).post(
        f"/community/groups/{club.pk}/events/new/",
        {"title": "", "starts_at": "2031-05-04T18:30", "ends_at": "2031-05-04T17:00"},
    )
    assert response.status_code == 400
    assert "cannot end before it starts" in response.content.decode()
    assert not CommunityEvent.objects.exists()


def test_members_cannot_add_events(club, signed_in):
    member = staff("mem")
    groups.join(member, club)
    response = signed_in(member).post(
        f"/community/groups/{club.pk}/events/new/", {"title": "x", "starts_at": "2031-05-04T18:30"}
    )
    assert response.status_code == 403
    assert not CommunityEvent.objects.exists()


def test_the_ical_of_an_invite_only_community_is_404_for_outsiders(circle, founder, signed_in):
    from datetime import timedelta

    from django.utils import timezone

    event = groups.add_event(
        founder, circle, title="Offsite", starts_at=timezone.now() + timedelta(days=3)
    )
    assert (
        signed_in(staff("out")).get(f"/community/groups/events/{event.pk}.ics").status_code == 404
    )
    assert signed_in(founder).get(f"/community/groups/events/{event.pk}.ics").status_code == 200


# Owners moderate -----------------------------------------------------------------------


def test_an_owner_hides_and_restores_a_post_in_their_community(
    club, founder, signed_in, django_capture_on_commit_callbacks
):
    author = staff("loud")
    groups.join(author, club)
    post = CommentFactory(page=club, author=author, body="Buy my bike!")
    client = signed_in(founder)
    assert f'data-testid="moderate-toggle-{post.pk}"' in client.get(club.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/community/groups/posts/{post.pk}/hide/", {"reason": "No selling here"}
        )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == Status.HIDDEN
    told = Notification.objects.get(recipient=author, verb=NotificationVerb.MODERATED)
    assert "No selling here" in told.detail
    assert ModelLogEntry.objects.filter(action="hearth.comment.hide").exists()
    client.post(f"/community/groups/posts/{post.pk}/restore/", {"reason": "Fair enough"})
    post.refresh_from_db()
    assert post.status == Status.VISIBLE


def test_members_and_other_owners_cannot_hide_posts(club, founder, index, signed_in):
    post = CommentFactory(page=club, author=founder)
    member = staff("mem")
    groups.join(member, club)
    response = signed_in(member).post(f"/community/groups/posts/{post.pk}/hide/", {"reason": "x"})
    assert response.status_code == 403
    other_owner = staff("olly")
    elsewhere = start(other_owner, "Elsewhere")
    assert elsewhere.pk
    response = signed_in(other_owner).post(
        f"/community/groups/posts/{post.pk}/hide/", {"reason": "x"}
    )
    assert response.status_code == 403
    post.refresh_from_db()
    assert post.status == Status.VISIBLE


def test_a_hide_needs_a_reason(club, founder, signed_in):
    post = CommentFactory(page=club, author=staff("loud"))
    signed_in(founder).post(f"/community/groups/posts/{post.pk}/hide/", {"reason": ""})
    post.refresh_from_db()
    assert post.status == Status.VISIBLE


def test_owners_cannot_moderate_outside_their_community(club, founder, home):
    from community.moderation import services as moderation
    from tests.community.discussion import knowledge_page

    page = knowledge_page(home)
    comment = CommentFactory(page=page)
    assert policy.user_has_permission_for_instance(founder, Action.MODERATE, club)
    assert not policy.user_has_permission_for_instance(founder, Action.MODERATE, page)
    assert not policy.user_has_permission(founder, Action.MODERATE)
    with pytest.raises(Exception):  # noqa: B017
        moderation.hide(founder, comment, "mine now")
    comment.refresh_from_db()
    assert comment.status == Status.VISIBLE


# The community page ---------------------------------------------------------------------


COMMUNITY_PAGE_MAX_QUERIES = 45


def _fill(club, founder, size):
    from datetime import timedelta

    from django.utils import timezone

    from knowledge.models import KnowledgePage  # noqa: F401

    for number in range(size):
        person = staff(f"fill{size}-{number}")
        groups.join(person, club)
        parent = CommentFactory(page=club, author=person)
        CommentFactory(page=club, author=founder, parent=parent)
        groups.add_event(
            founder,
            club,
            title=f"Meetup {number}",
            starts_at=timezone.now() + timedelta(days=number + 1),
        )


def test_the_community_page_costs_the_same_queries_small_and_large(
    club, founder, signed_in, django_assert_num_queries, django_assert_max_num_queries
):
    reader = staff("reader")
    groups.join(reader, club)
    client = signed_in(reader)
    _fill(club, founder, 1)
    client.get(club.url)  # warm the card cache
    with django_assert_max_num_queries(COMMUNITY_PAGE_MAX_QUERIES) as small:
        assert client.get(club.url).status_code == 200
    small_count = len(small.captured_queries)
    _fill(club, founder, 12)
    client.get(club.url)
    with django_assert_num_queries(small_count):
        assert client.get(club.url).status_code == 200


def test_pinned_pages_show_only_what_the_reader_may_see(club, founder, home, signed_in):
    from community.models import CommunityPinnedPage
    from tests.community.discussion import knowledge_page, restrict_to_group, sibling_page

    public = knowledge_page(home, title="Bike to work scheme")
    secret = sibling_page(public, title="Secret bike budget")
    restrict_to_group(secret, "Finance")
    CommunityPinnedPage.objects.create(community=club, target=public, sort_order=0)
    CommunityPinnedPage.objects.create(community=club, target=secret, sort_order=1)
    html = signed_in(staff("reader")).get(club.url).content.decode()
    assert "Bike to work scheme" in html
    assert "Secret bike budget" not in html


def test_posts_in_the_feed_take_reactions_and_mentions(
    club, founder, signed_in, django_capture_on_commit_callbacks
):
    member = staff("mia", first_name="Mia", last_name="Member")
    groups.join(member, club)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(founder).post(
            f"/community/pages/{club.pk}/comments/", {"text": "Ride on Friday, @mia?"}
        )
    assert response.status_code == 302
    post = Comment.objects.get(page=club)
    assert Notification.objects.filter(recipient=member, verb=NotificationVerb.MENTION).exists()
    response = signed_in(member).post(
        f"/community/pages/{club.pk}/reactions/", {"reaction": "like:on", "comment": post.pk}
    )
    assert response.status_code in (200, 302)
    assert post.reactions.filter(user=member, kind="like").exists()
