"""Pinholes for guests: a space owner invites an external person by email, the person
accepts once and sees only the spaces opened to them; access ends at its date or when
revoked (their open session too); every step is in the audit log."""

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry

from community.models import Comment
from core.models import User
from core.policy import Action, policy
from demo.loaders import guests as demo_guests
from governance.guests import services as guests
from governance.guests.tasks import send_access_ended
from people.models import GuestAccess, GuestInvite
from tests.factories import (
    KnowledgeIndexPageFactory,
    KnowledgePageFactory,
    SpacePageFactory,
    UserFactory,
    home_page,
)

PASSWORD = "a-long-guest-passphrase-42"
LINK = re.compile(r"http://testserver(/guests/accept/[0-9a-f]{64}/)")


@pytest.fixture
def world(db):
    """Two spaces (the partner portal owned by Oona, and finance), a staff-only hub."""
    from tests.brand.factories_hub import BrandHubPageFactory

    home = home_page()
    oona = UserFactory(username="oona", first_name="Oona", roles=["Employees", "Space owners"])
    index = KnowledgeIndexPageFactory(parent=home)
    portal = SpacePageFactory(parent=index, title="Partner portal", owners=[oona])
    onboarding = KnowledgePageFactory(parent=portal, title="Partner onboarding")
    finance = SpacePageFactory(parent=index, title="Finance", owners=[])
    budget = KnowledgePageFactory(parent=finance, title="Budget secrets 2026")
    hub = BrandHubPageFactory(parent=home, title="Brand hub")
    return {
        "oona": oona,
        "portal": portal,
        "onboarding": onboarding,
        "finance": finance,
        "budget": budget,
        "hub": hub,
    }


def in_days(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


@pytest.fixture
def invite_form(django_capture_on_commit_callbacks):
    """invite_form(client, space, ...) posts the owner's invite form; the email task runs
    when the request's transaction commits, as in production."""

    def post(client: Client, space, *, email="vic@vendor.example", days=30, access="read"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                "/guests/invite/",
                {
                    "email": email,
                    "name": "Vic Vendor",
                    "spaces": [space.pk],
                    "access": access,
                    "expires_on": in_days(days),
                },
            )

    return post


def invite_link(outbox_index: int = -1) -> str:
    return LINK.search(mail.outbox[outbox_index].body).group(1)


def accept_form(link: str, client: Client | None = None, password: str = PASSWORD):
    client = client or Client()
    response = client.post(
        link, {"name": "Vic Vendor", "password1": password, "password2": password}
    )
    return client, response


def grant(user, space, *, can_comment=False, days=30, **fields) -> GuestAccess:
    return GuestAccess.objects.create(
        user=user,
        space=space,
        can_comment=can_comment,
        expires_at=timezone.now() + timedelta(days=days),
        **fields,
    )


def make_guest(space, username="gus", **fields) -> User:
    guest = UserFactory(username=username, roles=["Guests"])
    grant(guest, space, **fields)
    return guest


def audit(action: str):
    return ModelLogEntry.objects.filter(action=action)


# -- inviting and accepting -------------------------------------------------------------------


def test_owner_invites_a_guest_who_accepts_and_sees_only_their_space(world, signed_in, invite_form):
    owner = signed_in(world["oona"])
    space_page = owner.get(world["portal"].url).content.decode()
    assert 'data-testid="invite-guest"' in space_page  # the way in, on the owner's space
    form = owner.get(f"/guests/invite/?space={world['portal'].pk}").content.decode()
    assert re.search(rf'value="{world["portal"].pk}"[^>]*checked', form)
    response = invite_form(owner, world["portal"])
    assert response.status_code == 302 and response.url == "/guests/"
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["vic@vendor.example"]
    assert "Partner portal" in email.body and "Finance" not in email.body
    stored = GuestInvite.objects.get()
    link = invite_link()
    # Only the token's SHA-256 is stored; the token itself is nowhere in the database.
    token = link.split("/")[-2]
    assert stored.token_hash == guests.hash_token(token) and token not in stored.token_hash

    page = Client().get(link)  # signed out
    assert page.status_code == 200
    assert "Partner portal" in page.content.decode()
    guest, response = accept_form(link)
    assert response.status_code == 302
    assert response.url == world["portal"].url

    vic = User.objects.get(email="vic@vendor.example")
    assert set(vic.groups.values_list("name", flat=True)) == {"Guests"}
    assert vic.check_password(PASSWORD)
    access = GuestAccess.objects.get(user=vic)
    assert access.space_id == world["portal"].pk and not access.can_comment
    assert timezone.localdate(access.expires_at).isoformat() == in_days(30)

    space = guest.get(world["portal"].url)
    assert space.status_code == 200
    assert 'data-testid="guest-banner"' in space.content.decode()
    article = guest.get(world["onboarding"].url)
    assert article.status_code == 200
    assert 'data-testid="improve-link"' not in article.content.decode()  # ideas: staff only
    staff_view = owner.get(world["onboarding"].url).content.decode()
    assert 'data-testid="improve-link"' in staff_view
    start = guest.get("/").content.decode()
    assert 'data-testid="guest-spaces"' in start and "Partner portal" in start
    assert "Budget secrets" not in start


def test_a_guest_guessing_other_addresses_gets_404(world, signed_in):
    gus = make_guest(world["portal"])
    guest = signed_in(gus)
    for url in [
        world["finance"].url,
        world["budget"].url,
        world["hub"].url,
        "/people/",
        "/people/oona/",
        "/guests/",
        "/guests/invite/",
    ]:
        assert guest.get(url).status_code == 404, url
    # Search answers from their spaces only.
    from django.core.management import call_command

    call_command("update_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert "Budget secrets 2026" not in guest.get("/search/", {"q": "secrets"}).content.decode()
    assert "Partner onboarding" in guest.get("/search/", {"q": "onboarding"}).content.decode()


def test_a_reused_link_shows_a_clear_page_and_makes_nothing(world, signed_in, invite_form):
    invite_form(signed_in(world["oona"]), world["portal"])
    link = invite_link()
    accept_form(link)
    users = User.objects.count()
    again = Client().get(link)
    assert again.status_code == 410
    assert "already accepted" in again.content.decode()
    _client, posted = accept_form(link, password="another-long-passphrase-7")
    assert posted.status_code == 410
    assert User.objects.count() == users
    assert GuestAccess.objects.count() == 1


def test_an_expired_link_shows_a_clear_page_and_makes_no_account(world, signed_in, invite_form):
    invite_form(signed_in(world["oona"]), world["portal"])
    link = invite_link()
    GuestInvite.objects.update(link_expires_at=timezone.now() - timedelta(minutes=1))
    users = User.objects.count()
    page = Client().get(link)
    assert page.status_code == 410 and "expired" in page.content.decode()
    _client, posted = accept_form(link)
    assert posted.status_code == 410
    assert User.objects.count() == users and not GuestAccess.objects.exists()


def test_a_withdrawn_invite_shows_a_clear_page_and_makes_no_account(world, signed_in, invite_form):
    owner = signed_in(world["oona"])
    invite_form(owner, world["portal"])
    link = invite_link()
    listed = owner.get("/guests/").content.decode()
    assert 'data-testid="invite-row"' in listed and "vic@vendor.example" in listed
    sent = GuestInvite.objects.get()
    assert owner.post(f"/guests/invites/{sent.pk}/revoke/").status_code == 302
    users = User.objects.count()
    page = Client().get(link)
    assert page.status_code == 410 and "withdrawn" in page.content.decode()
    _client, posted = accept_form(link)
    assert posted.status_code == 410
    assert User.objects.count() == users
    assert audit("hearth.guest.revoke").filter(user=world["oona"]).count() == 1


def test_a_made_up_link_is_not_found(db):
    response = Client().get("/guests/accept/" + "0" * 64 + "/")
    assert response.status_code == 404
    assert 'data-testid="accept-error"' in response.content.decode()


def test_a_weak_or_mismatched_password_is_a_form_error_and_makes_nothing(
    world, signed_in, invite_form
):
    invite_form(signed_in(world["oona"]), world["portal"])
    link = invite_link()
    _client, weak = accept_form(link, password="123")
    assert weak.status_code == 400 and 'data-testid="field-error"' in weak.content.decode()
    differ = Client().post(
        link, {"name": "Vic", "password1": PASSWORD, "password2": PASSWORD + "x"}
    )
    assert differ.status_code == 400
    assert not User.objects.filter(email="vic@vendor.example").exists()
    assert GuestInvite.objects.get().accepted_at is None  # still usable
    _client, ok = accept_form(link)
    assert ok.status_code == 302


def test_an_expiry_beyond_the_maximum_is_a_form_error(world, signed_in, settings, invite_form):
    settings.HEARTH_GUEST_MAX_DAYS = 60
    owner = signed_in(world["oona"])
    response = invite_form(owner, world["portal"], days=61)
    assert response.status_code == 400
    assert "at most 60 days" in response.content.decode()
    assert invite_form(owner, world["portal"], days=0).status_code == 400
    assert owner.post("/guests/invite/", {}).status_code == 400
    assert owner.post("/guests/invite/", {"expires_on": "not a date"}).status_code == 400
    assert not GuestInvite.objects.exists() and not mail.outbox
    assert invite_form(owner, world["portal"], days=60).status_code == 302
    # The service holds the rule too, whatever calls it.
    with pytest.raises(ValidationError):
        guests.invite(
            world["oona"], "x@vendor.example", [world["portal"]], False,
            timezone.now() + timedelta(days=62),
        )  # fmt: skip


def test_only_a_spaces_owners_and_administrators_manage_its_guests(
    world, signed_in, employee, invite_form
):
    portal = world["portal"]
    admin = UserFactory(username="ada", roles=["Employees", "Administrators"])
    gus = make_guest(portal)
    portal.owners.add(gus)  # even listed as an owner, a guest manages nothing
    assert policy.user_has_permission_for_instance(world["oona"], Action.MANAGE_GUESTS, portal)
    assert policy.user_has_permission_for_instance(admin, Action.MANAGE_GUESTS, portal)
    assert not policy.user_has_permission_for_instance(employee, Action.MANAGE_GUESTS, portal)
    assert not policy.user_has_permission_for_instance(gus, Action.MANAGE_GUESTS, portal)
    assert not policy.user_has_permission_for_instance(
        world["oona"], Action.MANAGE_GUESTS, world["finance"]
    )

    staff = signed_in(employee)
    assert 'data-testid="invite-guest"' not in staff.get(portal.url).content.decode()
    assert staff.get("/guests/").status_code == 403
    assert invite_form(staff, portal).status_code == 403
    # An owner cannot pick a space they do not own (not offered, and refused).
    assert invite_form(signed_in(world["oona"]), world["finance"]).status_code == 400
    with pytest.raises(PermissionDenied):
        guests.invite(
            world["oona"], "x@vendor.example", [world["finance"]], False,
            timezone.now() + timedelta(days=5),
        )  # fmt: skip
    assert invite_form(signed_in(admin), world["finance"]).status_code == 302


def test_a_staff_address_cannot_be_invited(world, signed_in, employee, invite_form):
    response = invite_form(signed_in(world["oona"]), world["portal"], email=employee.email)
    assert response.status_code == 400
    assert "not a guest" in response.content.decode()
    assert not mail.outbox


def test_a_guest_with_an_account_adds_a_space_with_their_password(world, signed_in, invite_form):
    gus = make_guest(world["finance"], username="gus@vendor.example")
    gus.email = "gus@vendor.example"
    gus.save()
    invite_form(signed_in(world["oona"]), world["portal"], email="gus@vendor.example")
    link = invite_link()
    assert "already have a guest account" in Client().get(link).content.decode()
    _client, wrong = accept_form(link, password="not-their-password-at-all")
    assert wrong.status_code == 400
    client = Client()
    response = client.post(link, {"password1": "correct-horse-battery"})
    assert response.status_code == 302
    assert set(GuestAccess.objects.active().filter(user=gus).values_list("space", flat=True)) == {
        world["finance"].pk,
        world["portal"].pk,
    }
    assert User.objects.filter(email="gus@vendor.example").count() == 1


# -- ending access -----------------------------------------------------------------------------


def test_a_revoked_guests_open_session_ends_on_the_next_request(world, signed_in):
    gus = make_guest(world["portal"])
    guest = signed_in(gus)
    assert guest.get(world["onboarding"].url).status_code == 200
    owner = signed_in(world["oona"])
    access = GuestAccess.objects.get(user=gus)
    assert owner.post(f"/guests/access/{access.pk}/revoke/").status_code == 302

    ended = guest.get(world["onboarding"].url)
    assert ended.status_code == 403
    assert "ended your access" in ended.content.decode()
    assert guest.get("/").status_code == 302  # signed out: sent to sign in
    assert guest.get("/").url.startswith("/accounts/login/")
    access.refresh_from_db()
    assert access.revoked_by == world["oona"]


def test_only_the_owner_may_revoke_and_a_guest_may_not_even_see_it(world, signed_in, employee):
    gus = make_guest(world["portal"])
    access = GuestAccess.objects.get(user=gus)
    assert signed_in(employee).post(f"/guests/access/{access.pk}/revoke/").status_code == 403
    assert signed_in(gus).post(f"/guests/access/{access.pk}/revoke/").status_code == 404
    assert signed_in(world["oona"]).post("/guests/access/999999/revoke/").status_code == 404
    access.refresh_from_db()
    assert access.revoked_at is None


def test_access_ends_at_its_date_and_the_expiry_job_logs_it_once(world, signed_in):
    gus = make_guest(world["portal"])
    guest = signed_in(gus)
    assert guest.get(world["portal"].url).status_code == 200
    GuestAccess.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    ended = guest.get(world["portal"].url)
    assert ended.status_code == 403 and "expired" in ended.content.decode()

    from django.core.management import call_command

    call_command("expire_guests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("expire_guests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert audit("hearth.guest.expire").count() == 1
    assert GuestAccess.objects.get().expiry_logged_at is not None


def test_a_guest_with_another_space_left_stays_signed_in(world, signed_in):
    gus = make_guest(world["portal"])
    grant(gus, world["finance"])
    guest = signed_in(gus)
    guests.revoke(world["oona"], GuestAccess.objects.get(user=gus, space=world["portal"]))
    assert guest.get(world["portal"].url).status_code == 404
    assert guest.get(world["finance"].url).status_code == 200


def test_a_revoked_guest_is_told_by_email_what_they_can_still_open(
    world, signed_in, django_capture_on_commit_callbacks
):
    gus = UserFactory(username="gus", email="gus@vendor.example", roles=["Guests"])
    grant(gus, world["portal"])
    grant(gus, world["finance"])
    owner = signed_in(world["oona"])
    access = GuestAccess.objects.get(user=gus, space=world["portal"])
    with django_capture_on_commit_callbacks(execute=True):
        assert owner.post(f"/guests/access/{access.pk}/revoke/").status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        owner.post(f"/guests/access/{access.pk}/revoke/")  # twice: nothing new
    [email] = [message for message in mail.outbox if message.to == ["gus@vendor.example"]]
    assert "Partner portal" in email.subject and "has ended" in email.subject
    assert "was ended by its owners" in email.body and "ask Oona" in email.body
    assert "You can still open:" in email.body and "- Finance" in email.body
    assert "http://testserver/accounts/login/" in email.body
    html = email.alternatives[0][0]
    assert "<li>Finance</li>" in html and "Budget secrets" not in html + email.body


def test_an_expired_guest_is_told_once_by_email(
    world, signed_in, django_capture_on_commit_callbacks
):
    gus = UserFactory(username="gus", email="gus@vendor.example", roles=["Guests"])
    grant(gus, world["portal"], granted_by=world["oona"])
    GuestAccess.objects.update(expires_at=timezone.now() - timedelta(minutes=5))
    from django.core.management import call_command

    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("expire_guests", stdout=io.StringIO())
    [email] = mail.outbox
    assert email.to == ["gus@vendor.example"]
    assert "reached its end date" in email.body and "ask Oona" in email.body
    assert "You can still open" not in email.body and "/accounts/login/" not in email.body


def test_an_access_still_open_sends_no_ended_email(world):
    gus = make_guest(world["portal"])
    assert send_access_ended.call(GuestAccess.objects.get(user=gus).pk) == 0
    assert mail.outbox == []


# -- audit, owners told, the owners' list ----------------------------------------------------


def test_the_other_owners_hear_of_guest_changes(
    world, signed_in, invite_form, django_capture_on_commit_callbacks
):
    from community.models import Notification
    from knowledge.models import SpacePage

    olaf = UserFactory(username="olaf", roles=["Employees"])
    SpacePage.owners.through.objects.create(spacepage_id=world["portal"].pk, user=olaf)
    invite_form(signed_in(world["oona"]), world["portal"])
    told = Notification.objects.filter(verb="guest")
    assert [row.recipient.username for row in told] == ["olaf"]
    assert "vic@vendor.example" in told.get().detail and told.get().page_id == world["portal"].pk

    gus = make_guest(world["portal"])
    with django_capture_on_commit_callbacks(execute=True):
        guests.revoke(world["oona"], GuestAccess.objects.get(user=gus))
    assert told.filter(recipient=olaf).count() == 2


def test_every_step_is_in_the_audit_log(world, signed_in, invite_form):
    invite_form(signed_in(world["oona"]), world["portal"])
    guest, _response = accept_form(invite_link())
    vic = User.objects.get(email="vic@vendor.example")
    guest.get(world["onboarding"].url)
    assert audit("hearth.guest.invite").get().user == world["oona"]
    assert audit("hearth.guest.accept").get().user == vic
    assert audit("hearth.guest.sign_in").filter(user=vic).count() == 1
    view = audit("hearth.guest.view").get()
    assert view.user == vic and view.data["page"] == world["onboarding"].pk
    # Staff reading pages are not in the guests' audit trail.
    signed_in(world["oona"]).get(world["onboarding"].url)
    assert audit("hearth.guest.view").count() == 1


def test_the_owners_list_shows_last_activity_in_constant_queries(
    world, signed_in, django_assert_num_queries
):
    owner = signed_in(world["oona"])

    def add_guests(count: int):
        for _number in range(count):
            gus = make_guest(world["portal"], username=f"guest{GuestAccess.objects.count()}")
            guests.record_view(gus, world["onboarding"])
        GuestInvite.objects.create(
            email=f"later{count}@vendor.example",
            access_expires_at=timezone.now() + timedelta(days=5),
            token_hash=f"{count:064d}",
            link_expires_at=timezone.now() + timedelta(days=5),
            invited_by=world["oona"],
        ).spaces.add(world["portal"])

    add_guests(2)
    owner.get("/guests/")  # warm caches (content types, site roots)
    with CaptureQueriesContext(connection) as small:
        listed = owner.get("/guests/")
    add_guests(4)
    expected = len(small.captured_queries)  # before the next request resets the query log
    owner.get("/guests/")  # warm: the new content moved the tree version (issue 19)
    with django_assert_num_queries(expected):
        listed = owner.get("/guests/")
    html = listed.content.decode()
    assert html.count('data-testid="guest-row"') == 6
    assert html.count('data-testid="invite-row"') == 2
    assert html.count('data-testid="guest-revoke"') == 6
    assert "Never" not in html.split('data-testid="invite-list"')[0]
    # A guest who never came shows "Never".
    make_guest(world["portal"], username="quiet")
    assert "Never" in owner.get("/guests/").content.decode()


# -- taking part -------------------------------------------------------------------------------


def test_a_read_only_guest_cannot_comment_and_a_read_and_comment_guest_can(world, signed_in):
    page = world["onboarding"]
    reader = signed_in(make_guest(world["portal"], username="reader"))
    talker = signed_in(make_guest(world["portal"], username="talker", can_comment=True))
    url = f"/community/pages/{page.pk}/comments/"

    assert 'data-testid="comment-form"' not in reader.get(page.url).content.decode()
    assert 'data-testid="comment-form"' in talker.get(page.url).content.decode()
    refused = reader.post(url, {"text": "Can I write here?"})
    assert refused.status_code == 403
    assert "read-only" in refused.content.decode()
    react = f"/community/pages/{page.pk}/reactions/"
    assert reader.post(react, {"reaction": "like:on"}).status_code == 403
    assert not Comment.objects.exists()

    posted = talker.post(url, {"text": "Thanks, this helps."})
    assert posted.status_code in (200, 302)
    assert Comment.objects.get().author.username == "talker"
    talker, reader = (User.objects.get(username=name) for name in ("talker", "reader"))
    assert policy.user_has_permission_for_instance(talker, Action.COMMENT, page)
    assert not policy.user_has_permission_for_instance(reader, Action.COMMENT, page)


# -- demo ----------------------------------------------------------------------------------------


def test_the_demo_opens_a_partner_portal_to_the_guest_login(db, signed_in):
    KnowledgeIndexPageFactory(parent=home_page())
    UserFactory(username="owner", roles=["Employees", "Space owners"])
    guest = UserFactory(username="guest", roles=["Guests"])
    demo_guests.seed(lambda message: None, "unused")
    demo_guests.seed(lambda message: None, "unused")  # idempotent
    access = GuestAccess.objects.get(user=guest)
    assert access.space.title == "Partner portal" and access.can_comment
    assert access.space.get_children().count() == 3
    client = signed_in(guest)
    assert client.get(access.space.url).status_code == 200
    assert client.get(access.space.get_children().first().url).status_code == 200


def test_the_invite_and_the_owners_list_say_the_expiry_in_their_context_format(
    world, signed_in, invite_form
):
    """A sentence says the long date ("6 January 2027"), a table the short one ("6 Jan
    2027"), never Django's default ("Jan. 6, 2027")."""
    from core import dates

    owner = signed_in(world["oona"])
    invite_form(owner, world["portal"])
    invite = GuestInvite.objects.get()
    until = timezone.localtime(invite.access_expires_at)
    page = Client().get(invite_link()).content.decode()
    assert f"Your access lasts until {dates.long_date(until)}." in page
    assert dates.long_date(until) == f"{until.day} {until:%B} {until.year}"
    listing = owner.get("/guests/").content.decode()
    link_until = timezone.localtime(invite.link_expires_at)
    assert f"<td>{dates.short_date(link_until)}</td>" in listing
    assert dates.short_date(link_until) == f"{link_until.day} {link_until:%b} {link_until.year}"


def test_a_guests_breadcrumbs_link_only_to_pages_they_may_open(world, signed_in):
    """Every crumb a guest can follow opens (no 404); the pages above their space are named
    but not linked. Staff get every crumb as a link."""
    from bs4 import BeautifulSoup

    guest = signed_in(make_guest(world["portal"]))
    for page in (world["onboarding"], world["portal"]):
        html = guest.get(page.url).content.decode()
        trail = BeautifulSoup(html, "html.parser").select_one('[data-testid="breadcrumbs"] ol')
        links = [a["href"] for a in trail.select("a")]
        assert links and all(guest.get(href).status_code == 200 for href in links)
        named = [li.get_text() for li in trail.find_all("li")]
        knowledge = world["portal"].get_parent()
        assert knowledge.title in named and knowledge.url not in links
    staff = signed_in(world["oona"]).get(world["onboarding"].url).content.decode()
    crumbs = BeautifulSoup(staff, "html.parser").select_one('[data-testid="breadcrumbs"] ol')
    assert [a.get_text() for a in crumbs.select("a")] == [
        p.title for p in world["onboarding"].get_ancestors()[1:]
    ]


def test_a_guests_start_page_shows_their_spaces_never_the_staff_empty_state(world, signed_in):
    html = signed_in(make_guest(world["portal"])).get("/").content.decode()
    assert 'data-testid="guest-spaces"' in html and "Partner portal" in html
    assert "Spaces and hubs will appear here" not in html

    ended = UserFactory(username="gil", roles=["Guests"])  # a guest with no open space
    start = signed_in(ended).get("/")
    assert start.status_code == 200
    text = start.content.decode()
    assert "Spaces and hubs will appear here" not in text
    assert 'data-testid="guest-no-spaces"' in text
