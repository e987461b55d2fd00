"""The knowledge page's whole rendered body is kept per page, revision, reader's roles and
versions (core.page_context.caches_body), with each person's own bits filled in late
(core.late). These are the attacks on that cache: what one reader's request put in it
must never reach another reader, and every change shows on the next request."""

import re
from datetime import timedelta

import pytest
from django.db.models import F
from django.middleware.csrf import _unmask_cipher_token
from django.utils import timezone
from wagtail.rich_text import RichText

from community.annotations.anchoring import Selector
from community.annotations.services import create_annotation
from community.models import Comment, Reaction, ReactionKind, Status, Visibility
from community.watching.services import unwatch, watch
from core import late
from knowledge.mustread import acknowledge, set_must_read
from people.models import GuestAccess
from tests.community.annotating import selection
from tests.factories import KnowledgePageFactory, UserFactory, knowledge_space, publish

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _html(client, page, query: str = "") -> str:
    response = client.get(page.url + query)
    assert response.status_code == 200
    return response.content.decode()


def _section(html: str, testid: str) -> str:
    return html.split(f'data-testid="{testid}"')[1].split("</section>")[0]


@pytest.fixture
def alice(db):
    return UserFactory(first_name="Alice", last_name="Able", roles=["Employees"])


@pytest.fixture
def bob(db):
    return UserFactory(first_name="Bob", last_name="Baker", roles=["Employees"])


def test_a_private_annotation_never_reaches_another_reader(signed_in, page, alice, bob):
    selector = Selector(**selection(page, "laptop"))
    create_annotation(alice, page, selector, "Alice keeps a reminder", Visibility.PRIVATE)
    assert "keeps a reminder" in _html(signed_in(alice), page)  # fills the body
    html = _html(signed_in(bob), page)
    assert "keeps a reminder" not in html
    assert "keeps a reminder" in _html(signed_in(alice), page)


def _comment(page, author, html: str, status=Status.VISIBLE) -> Comment:
    comment = Comment.objects.create(
        page=page, author=author, body=html, body_html=html, status=status
    )
    Comment.objects.filter(pk=comment.pk).update(thread=F("pk"))
    return comment


def test_a_pending_comment_shows_to_its_author_only(signed_in, page, alice, bob):
    _comment(page, alice, "<p>Alice waits</p>", Status.PENDING)
    assert "Alice waits" in _html(signed_in(alice), page)
    assert "Alice waits" not in _html(signed_in(bob), page)
    assert "Alice waits" in _html(signed_in(alice), page)


def test_the_csrf_token_in_the_page_is_the_readers(signed_in, page, alice, bob):
    secrets = {}
    for person in (alice, bob, alice):
        client = signed_in(person)
        html = _html(client, page)
        tokens = CSRF_INPUT.findall(html) + re.findall(r'"X-CSRFToken": "([^"]+)"', html)
        assert len(tokens) >= 5  # the forms: watch, reactions, discussion, annotations
        unmasked = {_unmask_cipher_token(token) for token in tokens}
        assert unmasked == {client.cookies["csrftoken"].value}
        secrets.setdefault(person.pk, set()).update(unmasked)
    assert not secrets[alice.pk] & secrets[bob.pk]
    assert late.marker() not in html


def test_a_comment_cannot_have_the_readers_token_written_into_it(signed_in, page, alice, bob):
    """A slot's marker is secret: text that spells the old fixed placeholder, or anything
    else, stays text (it used to receive the reader's CSRF token, in a link's address)."""
    _comment(page, alice, '<p><a href="https://evil.example/?t=hearthcsrfslotxq">prize</a></p>')
    client = signed_in(bob)
    html = _html(client, page)
    assert "https://evil.example/?t=hearthcsrfslotxq" in html
    token = CSRF_INPUT.findall(html)[0]
    assert token not in html.split("evil.example")[1].split("</a>")[0]


def test_watching_is_the_readers_own_and_shows_on_the_next_request(signed_in, page, alice, bob):
    def pressed(person) -> str:
        html = _html(signed_in(person), page)
        return html.split('data-testid="watch-toggle"')[0].rsplit("aria-pressed=", 1)[1][:6]

    assert pressed(alice) == '"false'
    watch(alice, page)
    assert pressed(alice) == '"true"'
    assert pressed(bob) == '"false'
    unwatch(alice, page)
    assert pressed(alice) == '"false'


def test_an_acknowledgement_is_the_readers_own_and_shows_on_the_next_request(
    signed_in, page, owner, alice, bob
):
    set_must_read(owner, page, everyone=True)
    assert 'data-testid="acknowledge"' in _html(signed_in(alice), page)
    acknowledge(alice, page)
    html = _html(signed_in(alice), page)
    assert 'data-testid="acknowledge"' not in html and "mustread-acknowledged" in html
    assert 'data-testid="acknowledge"' in _html(signed_in(bob), page)


def test_my_page_reaction_is_pressed_for_me_only(signed_in, page, alice, bob):
    Reaction.objects.create(page=page, user=alice, kind=ReactionKind.HELPFUL)

    def helpful(person) -> str:
        bar = _section(_html(signed_in(person), page), "page-reactions")
        return bar.split('data-testid="react-helpful"')[0].rsplit("<button", 1)[1]

    assert 'value="helpful:off" aria-pressed="true"' in helpful(alice)
    assert 'value="helpful:on" aria-pressed="false"' in helpful(bob)


def test_verifying_is_the_persons_not_the_roles(signed_in, page, owner, alice):
    """The content owner may verify the page; a colleague in the same groups may not."""
    assert 'data-testid="verify"' in _html(signed_in(owner), page)  # the content owner
    assert 'data-testid="verify"' not in _html(signed_in(alice), page)


def test_a_guests_cached_page_is_not_served_to_another_guest(signed_in, home, space, page, owner):
    """Guests share their groups; each one's pinholes are their own."""
    other = knowledge_space("Vendor Portal", owner)
    linking = KnowledgePageFactory(parent=other, title="Vendor onboarding notes")
    link = f'<a linktype="page" id="{page.pk}">the VPN page</a>'
    publish(linking, owner, body=[("paragraph", RichText(f"<p>See {link}.</p>"))])
    until = timezone.now() + timedelta(days=7)
    gus = UserFactory(username="gus", roles=["Guests"])
    gia = UserFactory(username="gia", roles=["Guests"])
    for guest, spaces in ((gus, (space, other)), (gia, (space,))):
        for opened in spaces:
            GuestAccess.objects.create(user=guest, space=opened, expires_at=until)
    assert "Vendor onboarding" in _section(_html(signed_in(gus), page), "backlinks")
    assert "Vendor onboarding" not in _section(_html(signed_in(gia), page), "backlinks")
    assert "Vendor onboarding" in _section(_html(signed_in(gus), page), "backlinks")


def test_a_pinhole_granted_revoked_or_expired_shows_on_the_next_request(
    signed_in, space, page, owner
):
    other = knowledge_space("Vendor Portal", owner)
    linking = KnowledgePageFactory(parent=other, title="Vendor onboarding notes")
    link = f'<a linktype="page" id="{page.pk}">the VPN page</a>'
    publish(linking, owner, body=[("paragraph", RichText(f"<p>See {link}.</p>"))])
    gus = UserFactory(username="gus", roles=["Guests"])
    GuestAccess.objects.create(user=gus, space=space, expires_at=timezone.now() + timedelta(days=7))
    client = signed_in(gus)
    assert "Vendor onboarding" not in _section(_html(client, page), "backlinks")
    grant = GuestAccess.objects.create(
        user=gus, space=other, expires_at=timezone.now() + timedelta(days=7)
    )
    assert "Vendor onboarding" in _section(_html(client, page), "backlinks")  # granted
    grant.revoked_at = timezone.now()
    grant.save()
    assert "Vendor onboarding" not in _section(_html(client, page), "backlinks")  # revoked
    grant.revoked_at = None
    grant.save()
    assert "Vendor onboarding" in _section(_html(client, page), "backlinks")
    # Expiry saves nothing: the open spaces are part of the guest's key.
    GuestAccess.objects.filter(pk=grant.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert "Vendor onboarding" not in _section(_html(client, page), "backlinks")


def test_the_pages_of_the_discussion_are_kept_apart(signed_in, page, alice, bob):
    Comment.objects.bulk_create(
        Comment(page=page, author=alice, body=f"c{n}", body_html=f"<p>Thread {n:02d}</p>")
        for n in range(25)
    )
    Comment.objects.filter(page=page).update(thread=F("pk"))
    client = signed_in(bob)
    first, second = _html(client, page), _html(client, page, "?comments=2")
    on_first, on_second = (set(re.findall(r"Thread \d\d", html)) for html in (first, second))
    assert on_first and on_second and not on_first & on_second
