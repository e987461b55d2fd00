"""The asset library at /brand/assets/: browsing, search, collections, downloads, expiry."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from brand.models import AssetDownload
from insights.models import ActivityEvent, Verb
from tests.brand.factories_hub import (
    BrandAssetFactory,
    DocumentAssetFactory,
    DocumentFactory,
    ImageFactory,
    collection,
    in_days,
    private_collection,
    yesterday,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIBRARY = "/brand/assets/"


def download_url(asset, size="original") -> str:
    return f"/brand/assets/{asset.pk}/download/{size}/"


@pytest.fixture
def guest_client(signed_in):
    return signed_in(UserFactory(username="gus", roles=["Guests"]))


# Browsing -------------------------------------------------------------------------------------
def test_staff_browse_current_assets_with_rights_expiry_and_thumbnails(employee_client):
    BrandAssetFactory(title="Logo, full colour", usage_rights="Staff and agencies.")
    BrandAssetFactory(title="Team photo", expires_on=in_days(5))
    BrandAssetFactory(title="Old campaign", expires_on=yesterday())
    DocumentAssetFactory(title="Brand book")
    response = employee_client.get(LIBRARY)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Logo, full colour" in html and "Staff and agencies." in html
    assert "Team photo" in html and "Expires soon" in html
    assert "Brand book" in html
    assert "Old campaign" not in html  # expired: hidden from staff
    assert html.count('data-testid="asset-card"') == 3
    assert "/media/images/" in html or "images/" in html  # a rendition, not the original
    assert 'href="/brand/assets/' in html


def test_search_by_title(employee_client):
    BrandAssetFactory(title="Logo on dark")
    BrandAssetFactory(title="Colour tile")
    html = employee_client.get(LIBRARY, {"q": "logo"}).content.decode()
    assert "Logo on dark" in html
    assert "Colour tile" not in html


def test_search_never_finds_an_expired_asset(employee_client):
    BrandAssetFactory(title="Logo 2019", expires_on=yesterday())
    html = employee_client.get(LIBRARY, {"q": "logo"}).content.decode()
    assert "Logo 2019" not in html
    assert "No assets match" in html


def test_filter_by_collection(employee_client):
    brand = collection("Brand")
    events = collection("Events")
    BrandAssetFactory(title="Brand logo", image=ImageFactory(collection=brand))
    BrandAssetFactory(title="Event banner", image=ImageFactory(collection=events))
    DocumentAssetFactory(title="Event guide", document=DocumentFactory(collection=events))
    html = employee_client.get(LIBRARY, {"collection": events.pk}).content.decode()
    assert "Event banner" in html and "Event guide" in html
    assert "Brand logo" not in html
    # the filter offers the collections that hold assets
    assert f'<option value="{brand.pk}">Brand</option>' in html


def test_an_unknown_collection_is_a_400_with_a_message(employee_client):
    BrandAssetFactory(title="Brand logo")
    response = employee_client.get(LIBRARY, {"collection": "99999"})
    assert response.status_code == 400
    assert "There is no such collection in the library." in response.content.decode()


def test_the_library_is_paginated(employee_client):
    BrandAssetFactory.create_batch(30)
    first = employee_client.get(LIBRARY).content.decode()
    assert first.count('data-testid="asset-card"') == 24
    assert "Page 1 of 2" in first
    second = employee_client.get(LIBRARY, {"page": 2}).content.decode()
    assert second.count('data-testid="asset-card"') == 6


def test_download_counts_come_from_the_listing_query(employee_client, employee):
    popular = BrandAssetFactory(title="Popular")
    BrandAssetFactory(title="Quiet")
    AssetDownload.objects.bulk_create(
        [AssetDownload(asset=popular, user=employee, size="web-png") for _ in range(3)]
    )
    response = employee_client.get(LIBRARY)
    counts = [card.asset.download_count for card in response.context["cards"]]
    assert counts == [3, 0]  # ordered by title: Popular, Quiet


def test_private_collections_are_invisible_to_outsiders(employee_client, signed_in):
    insiders = Group.objects.create(name="Launch team")
    secret = private_collection("Launch", [insiders])
    asset = BrandAssetFactory(title="Secret launch logo", image=ImageFactory(collection=secret))
    html = employee_client.get(LIBRARY).content.decode()
    assert "Secret launch logo" not in html
    assert ">Launch<" not in html
    assert employee_client.get(download_url(asset)).status_code == 404
    member = UserFactory(username="ines", roles=["Employees"])
    member.groups.add(insiders)
    member_client = signed_in(member)
    assert "Secret launch logo" in member_client.get(LIBRARY).content.decode()
    assert member_client.get(download_url(asset)).status_code == 200


def test_guests_get_404_on_the_library_and_downloads(guest_client):
    asset = BrandAssetFactory()
    assert guest_client.get(LIBRARY).status_code == 404
    assert guest_client.get(download_url(asset)).status_code == 404
    assert not AssetDownload.objects.exists()


def test_communications_browse_the_library_too(signed_in, comms):
    BrandAssetFactory(title="Logo")
    assert "Logo" in signed_in(comms).get(LIBRARY).content.decode()


# Downloads ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("size", "content_type", "suffix"),
    [
        ("web-png", "image/png", "-web-png.png"),
        ("thumbnail-jpeg", "image/jpeg", "-thumbnail-jpeg.jpg"),
        ("large-png", "image/png", "-large-png.png"),
    ],
)
def test_an_image_downloads_in_a_prepared_size_and_is_counted(
    employee_client, employee, size, content_type, suffix, django_capture_on_commit_callbacks
):
    asset = BrandAssetFactory(title="Logo on white")
    with django_capture_on_commit_callbacks(execute=True):
        response = employee_client.get(download_url(asset, size))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert f'filename="logo-on-white{suffix}"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content)[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0")
    row = AssetDownload.objects.get()
    assert (row.asset, row.user, row.size) == (asset, employee, size)
    assert ActivityEvent.objects.filter(actor=employee, verb=Verb.DOWNLOADED).count() == 1


def test_the_original_image_downloads_as_uploaded(employee_client):
    asset = BrandAssetFactory(title="Logo")
    response = employee_client.get(download_url(asset, "original"))
    assert response.status_code == 200
    assert 'filename="logo.jpg"' in response["Content-Disposition"]


def test_a_document_goes_through_wagtails_document_view(employee_client):
    asset = DocumentAssetFactory(title="Brand book")
    response = employee_client.get(download_url(asset))
    assert response.status_code == 302
    assert response["Location"] == asset.document.url
    assert AssetDownload.objects.filter(asset=asset, size="original").count() == 1
    # The test storage keeps files in memory: let Wagtail redirect to it instead of reading
    # a path on disk.
    with override_settings(WAGTAILDOCS_SERVE_METHOD="redirect"):
        served = employee_client.get(response["Location"])
    assert served.status_code == 302
    assert served["Location"].endswith(".pdf")


def test_an_unknown_size_is_a_404_that_names_the_sizes(employee_client):
    asset = BrandAssetFactory()
    response = employee_client.get(download_url(asset, "poster"))
    assert response.status_code == 404
    html = response.content.decode()
    assert "There is no size called “poster” for this asset" in html
    assert "web-png" in html
    assert not AssetDownload.objects.exists()


def test_a_document_has_only_its_original(employee_client):
    asset = DocumentAssetFactory()
    response = employee_client.get(download_url(asset, "web-png"))
    assert response.status_code == 404
    assert "Choose one of: original." in response.content.decode()


def test_an_unknown_asset_is_a_404(employee_client):
    assert employee_client.get("/brand/assets/424242/download/original/").status_code == 404


def test_an_expired_asset_answers_410_with_a_human_page(employee_client):
    asset = BrandAssetFactory(title="Spring campaign", expires_on=yesterday())
    response = employee_client.get(download_url(asset, "web-png"))
    assert response.status_code == 410
    html = response.content.decode()
    assert "“Spring campaign” expired on" in html
    assert "may no longer be used" in html and "ask communications" in html
    assert not AssetDownload.objects.exists()


def test_an_asset_is_usable_on_its_expiry_date(employee_client):
    from django.utils import timezone

    asset = BrandAssetFactory(expires_on=timezone.localdate())
    assert employee_client.get(download_url(asset, "web-jpeg")).status_code == 200


def test_wagtails_own_document_url_refuses_an_expired_brand_document(employee_client, signed_in):
    asset = DocumentAssetFactory(title="Old brand book", expires_on=yesterday())
    assert employee_client.get(download_url(asset)).status_code == 410
    response = employee_client.get(asset.document.url)
    assert response.status_code == 410
    assert "Old brand book" in response.content.decode()
    keeper = UserFactory(username="keeper", roles=["Communications", "Employees"])
    with override_settings(WAGTAILDOCS_SERVE_METHOD="redirect"):
        assert signed_in(keeper).get(asset.document.url).status_code == 302


def test_only_get_is_allowed(employee_client):
    asset = BrandAssetFactory()
    assert employee_client.post(download_url(asset, "web-png")).status_code == 405
    assert not AssetDownload.objects.exists()


# Cost -----------------------------------------------------------------------------------------
def _queries(client, url: str) -> int:
    client.get(url)  # warm: thumbnails rendered once
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_library_costs_the_same_queries_with_few_or_many_assets(
    employee_client, employee, django_assert_num_queries
):
    brand = collection("Brand")
    first = BrandAssetFactory(image=ImageFactory(collection=brand))
    AssetDownload.objects.create(asset=first, user=employee, size="original")
    expected = _queries(employee_client, LIBRARY)
    for n in range(20):
        asset = BrandAssetFactory(image=ImageFactory(collection=collection(f"C{n % 4}")))
        AssetDownload.objects.create(asset=asset, user=employee, size="web-png")
    DocumentAssetFactory.create_batch(3)
    employee_client.get(LIBRARY)
    with django_assert_num_queries(expected):
        employee_client.get(LIBRARY)
    assert expected <= 16
