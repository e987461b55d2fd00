"""A private space's page shows only files kept in the space's collection: files it chose
from a more public collection are copied into the space's collection when it is
published, and the page points at the copies (knowledge.space_files). Moving a file to
another collection is audited (core.audit)."""

import re
import time

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Collection, CollectionViewRestriction, ModelLogEntry
from wagtail.rich_text import RichText

from core import audit, files
from core.privacy import is_more_public
from knowledge.models import KnowledgePage
from tests.brand.factories_hub import DocumentFactory, ImageFactory
from tests.factories import (
    KnowledgeIndexPageFactory,
    KnowledgePageFactory,
    SpacePageFactory,
    UserFactory,
    publish,
    restrict_to_groups,
)

Image, Document = get_image_model(), get_document_model()


@pytest.fixture(autouse=True)
def _documents_redirect(settings):
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"  # the test storage serves no URL itself


@pytest.fixture
def index(home):
    return KnowledgeIndexPageFactory(parent=home)


def _restricted_space(index, title: str, group: Group):
    space = SpacePageFactory(parent=index, title=title)
    restrict_to_groups(space, group)
    publish(space)
    space.refresh_from_db()
    return space


@pytest.fixture
def board(db):
    return Group.objects.create(name="Board")


@pytest.fixture
def private_space(index, board):
    return _restricted_space(index, "Board papers", board)


@pytest.fixture
def member(board):
    person = UserFactory(username="bea", roles=["Employees"])
    person.groups.add(board)
    return person


def _page_with(space, image, document, **fields):
    return KnowledgePageFactory(
        parent=space,
        title="Quarterly figures",
        body=[
            ("image", {"image": image, "caption": "", "alt_text": "A chart"}),
            ("document", document),
            (
                "paragraph",
                RichText(f'<p>See <a linktype="document" id="{document.pk}">the minutes</a>.</p>'),
            ),
        ],
        **fields,
    )


def _files_shown(page):
    """The image and documents the page's live content points at."""
    page = KnowledgePage.objects.get(pk=page.pk)
    image = next(block.value["image"] for block in page.body if block.block_type == "image")
    document = next(block.value for block in page.body if block.block_type == "document")
    paragraph = next(block.value.source for block in page.body if block.block_type == "paragraph")
    linked = Document.objects.get(pk=re.search(r'linktype="document" id="(\d+)"', paragraph)[1])
    return image, document, linked


def test_a_private_page_shows_copies_kept_in_its_space(private_space, member, signed_in):
    image, document = ImageFactory(title="Chart"), DocumentFactory(title="Minutes")
    image.tags.add("finance")
    page = _page_with(private_space, image, document, listing_image=image)
    publish(page)

    shown_image, shown_document, linked = _files_shown(page)
    page.refresh_from_db()
    for copy in (shown_image, shown_document, linked, page.listing_image):
        assert copy.collection == private_space.collection
    assert shown_image.pk != image.pk and linked == shown_document != document
    assert page.listing_image == shown_image
    assert (shown_image.title, shown_document.title) == ("Chart", "Minutes")
    assert list(shown_image.tags.names()) == ["finance"]
    assert shown_image.file.name != image.file.name  # a file of its own in storage
    with shown_image.open_file() as copied, image.open_file() as original:
        assert copied.read() == original.read()

    # The draft an editor opens next points at the copies too.
    draft = page.get_latest_revision_as_object()
    assert next(b.value["image"] for b in draft.body if b.block_type == "image") == shown_image

    # The originals stay where they were, for the public pages that use them.
    image.refresh_from_db()
    document.refresh_from_db()
    assert image.collection == document.collection == Collection.get_first_root_node()


def test_an_outsider_cannot_fetch_the_files_a_private_page_shows(
    private_space, member, signed_in, employee_client
):
    image, document = ImageFactory(), DocumentFactory()
    page = _page_with(private_space, image, document)
    publish(page)

    html = signed_in(member).get(page.url).content.decode()
    image_urls = re.findall(r'<img[^>]+src="(/media/[^"]+)"', html)
    document_urls = set(re.findall(r'href="(/documents/\d+/[^"]+)"', html))
    assert image_urls and len(document_urls) == 1
    for url in image_urls:
        assert signed_in(member).get(url).status_code == 200
        assert employee_client.get(url).status_code == 404
    for url in document_urls:
        assert signed_in(member).get(url).status_code == 302
        assert employee_client.get(url).status_code == 404
    shown_image, _, _ = _files_shown(page)
    assert employee_client.get(shown_image.file.url).status_code == 404

    # The originals are still public.
    assert employee_client.get(image.get_rendition("width-100").url).status_code == 200
    assert employee_client.get(document.url).status_code == 302


def test_publishing_again_copies_nothing(private_space):
    image, document = ImageFactory(), DocumentFactory()
    page = _page_with(private_space, image, document)
    publish(page)
    counts = (Image.objects.count(), Document.objects.count())
    publish(page, title="Quarterly figures, revised")
    publish(page)
    assert (Image.objects.count(), Document.objects.count()) == counts

    # Another page of the space choosing the same public file gets the same copy.
    other = _page_with(private_space, image, document, slug="other")
    publish(other)
    assert (Image.objects.count(), Document.objects.count()) == counts
    assert _files_shown(other) == _files_shown(page)


def test_files_already_private_enough_stay(private_space, index, board):
    mine = ImageFactory(collection=private_space.collection)
    same_group = _restricted_space(index, "Board archive", board)
    theirs = DocumentFactory(collection=same_group.collection)
    page = _page_with(private_space, mine, theirs)
    counts = (Image.objects.count(), Document.objects.count())
    publish(page)
    assert (Image.objects.count(), Document.objects.count()) == counts
    assert _files_shown(page) == (mine, theirs, theirs)


def test_a_file_of_a_space_private_to_another_group_is_copied(private_space, index):
    other = _restricted_space(index, "Sales deals", Group.objects.create(name="Sales"))
    theirs = ImageFactory(collection=other.collection)
    page = _page_with(private_space, theirs, DocumentFactory(collection=private_space.collection))
    publish(page)
    shown_image, _, _ = _files_shown(page)
    assert shown_image.collection == private_space.collection


def test_a_public_space_keeps_the_shared_files(index):
    space = SpacePageFactory(parent=index, title="Handbook")
    publish(space)
    image, document = ImageFactory(), DocumentFactory()
    page = _page_with(space, image, document)
    publish(page)
    assert _files_shown(page) == (image, document, document)


def _log_of(file):
    content_type = ContentType.objects.get_for_model(file)
    return ModelLogEntry.objects.filter(content_type=content_type, object_id=str(file.pk))


def test_the_copy_is_audited(private_space, member):
    image = ImageFactory()
    page = _page_with(private_space, image, DocumentFactory())
    publish(page, user=member)
    shown_image, _, _ = _files_shown(page)
    entry = _log_of(shown_image).get(action=audit.FILE_COPY_TO_SPACE)
    assert entry.user == member
    assert entry.data["original_id"] == image.pk
    assert entry.data["to"]["name"] == private_space.collection.name


def test_copying_five_files_takes_little_time(private_space, capsys):
    """Publishing waits for the copies: print how long, to watch it (not a limit)."""
    images = [ImageFactory() for _ in range(3)]
    documents = [DocumentFactory() for _ in range(2)]
    page = KnowledgePageFactory(
        parent=private_space,
        body=[("image", {"image": each, "caption": "", "alt_text": "x"}) for each in images]
        + [("document", each) for each in documents],
    )
    revision = page.save_revision()
    started = time.perf_counter()
    revision.publish(skip_permission_checks=True)
    elapsed = time.perf_counter() - started
    page.refresh_from_db()
    assert {b.value["image"].collection_id for b in page.body if b.block_type == "image"} == {
        private_space.collection_id
    }
    with capsys.disabled():
        print(f"\npublish with 5 files to copy: {elapsed * 1000:.0f} ms")


# Moving a file between collections -------------------------------------------------------------
def _moves(file):
    moves = _log_of(file).filter(action__in=[audit.FILE_MOVE, audit.FILE_MOVE_MORE_PUBLIC])
    return list(moves.order_by("pk"))


@pytest.mark.parametrize("factory", [ImageFactory, DocumentFactory])
def test_moving_a_private_file_to_a_more_public_collection_is_flagged(
    factory, private_space, index, board
):
    file = factory(collection=private_space.collection)
    root = Collection.get_first_root_node()
    file.collection = root
    file.save()
    [entry] = _moves(file)
    assert entry.action == audit.FILE_MOVE_MORE_PUBLIC
    assert entry.data["from"]["name"] == private_space.collection.name
    assert entry.data["to"]["name"] == root.name
    assert entry.data["more_public"] is True

    # Back in, and across to a collection private to the same group: moves, not flagged.
    file.collection = private_space.collection
    file.save()
    file.collection = _restricted_space(index, "Board archive", board).collection
    file.save()
    flags = [(entry.action, entry.data["more_public"]) for entry in _moves(file)]
    assert flags[1:] == [(audit.FILE_MOVE, False), (audit.FILE_MOVE, False)]

    file.title = "Renamed"  # not a move: nothing logged
    file.save()
    assert len(_moves(file)) == 3


def test_a_move_in_the_admin_is_audited_with_who_did_it(private_space, signed_in):
    admin = UserFactory(username="ada", is_superuser=True, is_staff=True)
    document = DocumentFactory(collection=private_space.collection, title="Minutes")
    root = Collection.get_first_root_node()
    response = signed_in(admin).post(
        f"/admin/documents/edit/{document.pk}/",
        {"title": "Minutes", "collection": root.pk, "tags": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    [entry] = _moves(document)
    assert (entry.action, entry.user) == (audit.FILE_MOVE_MORE_PUBLIC, admin)


def test_the_bulk_add_to_collection_action_is_audited(private_space, signed_in):
    admin = UserFactory(username="ada", is_superuser=True, is_staff=True)
    images = [ImageFactory(collection=private_space.collection) for _ in range(2)]
    root = Collection.get_first_root_node()
    url = "/admin/bulk/core/hearthimage/add_to_collection/?" + "&".join(
        f"id={image.pk}" for image in images
    )
    response = signed_in(admin).post(url, {"collection": root.pk})
    assert response.status_code == 302
    for image in images:
        image.refresh_from_db()
        assert image.collection == root
        [entry] = _moves(image)
        assert (entry.action, entry.user) == (audit.FILE_MOVE_MORE_PUBLIC, admin)


def test_collection_privacy_compares_groups(board):
    root = Collection.get_first_root_node()
    board_only = root.add_child(name="Board only")
    restriction = CollectionViewRestriction.objects.create(
        collection=board_only, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(board)
    below = board_only.add_child(name="Board, below")
    assert is_more_public(root, board_only)
    assert not is_more_public(board_only, root)
    assert not is_more_public(below, board_only)  # the restriction above holds below
    assert not is_more_public(board_only, below)


def test_the_rewriting_finds_file_references_in_any_block_and_rich_text():
    swap = files.as_swap({(Image, 5): 50, (Document, 5): 60})
    html = (
        '<p><a data-id="5" linktype="document" id="5">minutes</a>'
        '<a linktype="page" id="5">a page</a></p>'
        '<embed alt="chart" embedtype="image" format="left" id="5"/>'
    )
    assert files.rewrite_rich_text(html, swap) == (
        '<p><a data-id="5" linktype="document" id="60">minutes</a>'
        '<a linktype="page" id="5">a page</a></p>'
        '<embed alt="chart" embedtype="image" format="left" id="50"/>'
    )
    stream = blocks.StreamBlock(
        [
            ("gallery", blocks.ListBlock(ImageChooserBlock())),
            ("old_list", blocks.ListBlock(DocumentChooserBlock())),
            ("figure", blocks.StructBlock([("image", ImageChooserBlock())])),
            ("number", blocks.IntegerBlock()),
        ]
    )
    raw = [
        {"type": "gallery", "value": [{"type": "item", "value": 5, "id": "a"}], "id": "1"},
        {"type": "old_list", "value": [5, 7], "id": "2"},
        {"type": "figure", "value": {"image": 5}, "id": "3"},
        {"type": "number", "value": 5, "id": "4"},
    ]
    assert [item["value"] for item in files._rewrite_block(stream, raw, swap)] == [
        [{"type": "item", "value": 50, "id": "a"}],
        [60, 7],
        {"image": 50},
        5,
    ]
