"""A space's files live in its own collection, private when the space is: the collection's
view restrictions follow the space's (set in Wagtail's admin, on the space or above it),
and images, renditions and documents answer 404 to whoever may not see them."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from core.models import BrandSettings
from core.permissions import can_view_page
from core.privacy import may_serve_page
from people.models import GuestAccess
from tests.brand.factories_hub import DocumentFactory, ImageFactory
from tests.factories import (
    KnowledgeIndexPageFactory,
    KnowledgePageFactory,
    SpacePageFactory,
    StandardPageFactory,
    UserFactory,
    publish,
    restrict_to_groups,
)


def _restrictions(collection) -> list[tuple[str, set[str]]]:
    return [
        (restriction.restriction_type, {group.name for group in restriction.groups.all()})
        for restriction in CollectionViewRestriction.objects.filter(collection=collection)
    ]


def _set_privacy(client, page, restriction_type: str, groups=()):
    """Wagtail's own "Privacy" dialog on the page, as an administrator uses it."""
    response = client.post(
        f"/admin/pages/{page.pk}/privacy/",
        {"restriction_type": restriction_type, "groups": [group.pk for group in groups]},
    )
    assert response.status_code == 200
    assert "set_privacy_done" in response.content.decode()


@pytest.fixture
def index(home):
    return KnowledgeIndexPageFactory(parent=home)


@pytest.fixture
def admin_client(signed_in, db):
    return signed_in(UserFactory(username="ada", is_superuser=True, is_staff=True))


def test_publishing_a_space_gives_it_a_collection_named_after_it(index):
    space = SpacePageFactory(parent=index, title="Finance")
    publish(space)
    space.refresh_from_db()
    assert space.collection.name == "Finance"
    assert space.collection.get_parent() == Collection.get_first_root_node()
    assert _restrictions(space.collection) == []  # a public space: a public collection
    # The next edit starts from the latest revision, which knows the collection too.
    publish(space.get_latest_revision_as_object(), title="Finance team")
    space.refresh_from_db()
    assert Collection.objects.filter(name__startswith="Finance").count() == 1

    other = SpacePageFactory(parent=index, title="Finance", slug="finance-2")
    publish(other)
    other.refresh_from_db()
    assert other.collection != space.collection
    assert other.collection.name == "Finance (2)"


def test_the_collection_follows_the_privacy_set_in_the_admin(index, admin_client):
    board, auditors = Group.objects.create(name="Board"), Group.objects.create(name="Auditors")
    space = SpacePageFactory(parent=index, title="Board papers")
    publish(space)
    space.refresh_from_db()

    _set_privacy(admin_client, space, PageViewRestriction.GROUPS, [board])
    assert _restrictions(space.collection) == [("groups", {"Board"})]

    _set_privacy(admin_client, space, PageViewRestriction.GROUPS, [board, auditors])
    assert _restrictions(space.collection) == [("groups", {"Board", "Auditors"})]

    _set_privacy(admin_client, space, PageViewRestriction.NONE)
    assert _restrictions(space.collection) == []


def test_a_restriction_above_the_space_reaches_its_collection(index, admin_client):
    board = Group.objects.create(name="Board")
    space = SpacePageFactory(parent=index, title="Board papers")
    publish(space)
    space.refresh_from_db()
    _set_privacy(admin_client, index, PageViewRestriction.GROUPS, [board])
    assert _restrictions(space.collection) == [("groups", {"Board"})]


def _board_space_restricted_before_publish(index):
    """A space restricted to a new Board group before its first publish, then published."""
    board = Group.objects.create(name="Board")
    space = SpacePageFactory(parent=index, title="Board papers")
    restrict_to_groups(space, board)
    publish(space)
    space.refresh_from_db()
    return space, board


def test_a_space_restricted_before_its_first_publish_gets_a_private_collection(index):
    space, _board = _board_space_restricted_before_publish(index)
    assert _restrictions(space.collection) == [("groups", {"Board"})]


# Files of a private space ----------------------------------------------------------------------
@pytest.fixture
def private_space(index):
    space, board = _board_space_restricted_before_publish(index)
    member = UserFactory(username="bea", roles=["Employees"])
    member.groups.add(board)
    return space, member


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_an_image_of_a_private_space_and_its_renditions_answer_404_to_outsiders(
    private_space, employee_client, signed_in
):
    space, member = private_space
    image = ImageFactory(collection=space.collection)
    rendition = image.get_rendition("fill-30x30")
    for url in (image.file.url, rendition.url):
        assert url.startswith("/media/")
        assert employee_client.get(url).status_code == 404
        response = signed_in(member).get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, max-age=3600"
        assert _body(response)[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xdb")


def test_the_rendition_of_a_public_image_is_served_to_staff(employee_client, db):
    rendition = ImageFactory().get_rendition("fill-30x30")
    assert employee_client.get(rendition.url).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "original_images/nothing-here.png",
        "../hearth/settings/base.py",
        "images/../../db.sqlite3",
        "documents/guide.pdf",
    ],
)
def test_media_paths_that_are_not_images_answer_404(employee_client, db, path):
    DocumentFactory()  # a real document: /media/documents/ never serves it
    assert employee_client.get(f"/media/{path}").status_code == 404


def test_a_document_of_a_private_space_answers_404_not_a_sign_in_page(
    private_space, employee_client, signed_in, settings
):
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"  # the test storage has no files on disk
    space, member = private_space
    document = DocumentFactory(collection=space.collection)
    assert employee_client.get(document.url).status_code == 404
    assert signed_in(member).get(document.url).status_code == 302  # on to the file


def _guest_of(space):
    guest = UserFactory(username="gil", roles=["Guests"])
    GuestAccess.objects.create(
        user=guest, space=space, expires_at=timezone.now() + datetime.timedelta(days=5)
    )
    return guest


def test_a_pinhole_opens_the_files_of_its_space_and_no_others(
    private_space, index, signed_in, settings
):
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"
    space, _member = private_space
    guest = signed_in(_guest_of(space))
    mine = ImageFactory(collection=space.collection).get_rendition("fill-30x30")
    document = DocumentFactory(collection=space.collection)
    other_space = SpacePageFactory(parent=index, title="Sales")
    publish(other_space)
    other_space.refresh_from_db()
    others = ImageFactory(collection=other_space.collection).get_rendition("fill-30x30")
    public = ImageFactory().get_rendition("fill-30x30")

    assert guest.get(mine.url).status_code == 200
    assert guest.get(document.url).status_code == 302
    assert guest.get(others.url).status_code == 404
    assert guest.get(public.url).status_code == 404  # not one of their spaces' files
    assert guest.get(DocumentFactory().url).status_code == 404


def test_a_guest_sees_the_site_logo(private_space, signed_in, home):
    space, _member = private_space
    logo = ImageFactory()
    BrandSettings.objects.update_or_create(site_id=home.get_site().pk, defaults={"logo": logo})
    guest = signed_in(_guest_of(space))
    assert guest.get(logo.get_rendition("height-40").url).status_code == 200


# The serve gate --------------------------------------------------------------------------------
def test_a_password_page_still_asks_for_its_password(home, employee_client):
    page = StandardPageFactory(parent=home, title="Launch party")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    response = employee_client.get(page.url)
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(private_space, client):
    space, _member = private_space
    response = client.get(space.url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_gate_agrees_with_can_view_page(private_space, index, home):
    space, member = private_space
    inside = KnowledgePageFactory(parent=space)
    public = SpacePageFactory(parent=index, title="Open")
    draft = KnowledgePageFactory(parent=public, live=False)
    guest = _guest_of(space)
    people = [
        member,
        UserFactory(roles=["Employees"]),
        guest,
        UserFactory(is_superuser=True),
        AnonymousUser(),
    ]
    for person in people:
        for page in (home, index, space, inside, public, draft):
            fresh = type(person).objects.get(pk=person.pk) if person.pk else AnonymousUser()
            assert may_serve_page(fresh, page) == can_view_page(person, page), (person, page)
