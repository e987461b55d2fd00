"""Communications keep the brand library in the Wagtail admin; a bad hex in a guideline is
refused by its page form."""

import pytest
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import nested_form_data, streamfield

from brand.models import AssetDownload, BrandAsset, BrandGuidelinePage
from tests.brand.factories_hub import (
    BrandAssetFactory,
    BrandGuidelinePageFactory,
    BrandHubPageFactory,
    DocumentFactory,
    ImageFactory,
    collection,
    in_days,
    yesterday,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INDEX = "/admin/brand_assets/"


def test_communications_see_every_asset_with_expiry_status_and_downloads(comms_client, employee):
    current = BrandAssetFactory(title="Logo")
    BrandAssetFactory(title="Spring campaign", expires_on=yesterday())
    BrandAssetFactory(title="Summer party", expires_on=in_days(3))
    AssetDownload.objects.bulk_create(
        [AssetDownload(asset=current, user=employee, size="web-png") for _ in range(4)]
    )
    response = comms_client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Spring campaign" in html and "Expired on" in html  # still listed, marked
    assert "Summer party" in html and "Expires soon" in html
    assert "No expiry" in html
    rows = {asset.title: asset.download_count for asset in response.context["object_list"]}
    assert rows["Logo"] == 4


def test_filter_expired_and_by_collection(comms_client):
    events = collection("Events")
    BrandAssetFactory(title="Spring campaign", expires_on=yesterday())
    BrandAssetFactory(title="Logo")
    BrandAssetFactory(title="Event banner", image=ImageFactory(collection=events))
    expired = comms_client.get(INDEX, {"status": "expired"}).content.decode()
    assert "Spring campaign" in expired and "Logo" not in expired
    by_collection = comms_client.get(INDEX, {"collection": events.pk}).content.decode()
    assert "Event banner" in by_collection and "Spring campaign" not in by_collection


def test_search_in_the_admin(comms_client):
    BrandAssetFactory(title="Logo on dark")
    BrandAssetFactory(title="Colour tile")
    html = comms_client.get(INDEX, {"q": "dark"}).content.decode()
    assert "Logo on dark" in html and "Colour tile" not in html


def test_communications_add_an_asset_with_the_image_chooser(comms_client, comms):
    image = ImageFactory(title="New logo")
    response = comms_client.get(INDEX + "new/")
    assert response.status_code == 200
    assert "image-chooser" in response.content.decode() or "chooser" in response.content.decode()
    response = comms_client.post(
        INDEX + "new/",
        {
            "title": "New logo, full colour",
            "description": "For slides.",
            "image": image.pk,
            "usage_rights": "Staff only.",
            "expires_on": in_days(90).isoformat(),
        },
    )
    assert response.status_code == 302
    asset = BrandAsset.objects.get(title="New logo, full colour")
    assert asset.image == image and asset.document is None
    assert ModelLogEntry.objects.filter(object_id=str(asset.pk), action="wagtail.create").exists()


@pytest.mark.parametrize("both", [True, False])
def test_an_asset_needs_an_image_or_a_document_not_both(comms_client, both):
    data = {"title": "Confused", "usage_rights": "", "description": ""}
    if both:
        data |= {"image": ImageFactory().pk, "document": DocumentFactory().pk}
    response = comms_client.post(INDEX + "new/", data)
    assert response.status_code == 200
    assert "Choose either an image or a document" in response.content.decode()
    assert not BrandAsset.objects.exists()


def test_communications_edit_and_delete(comms_client):
    asset = BrandAssetFactory(title="Logo")
    response = comms_client.post(
        f"{INDEX}edit/{asset.pk}/",
        {"title": "Logo (2026)", "image": asset.image.pk, "expires_on": in_days(30).isoformat()},
    )
    assert response.status_code == 302
    asset.refresh_from_db()
    assert asset.title == "Logo (2026)"
    assert comms_client.post(f"{INDEX}delete/{asset.pk}/").status_code == 302
    assert not BrandAsset.objects.exists()


def test_employees_and_editors_have_no_brand_library_admin(employee_client, signed_in):
    assert employee_client.get(INDEX).status_code in (302, 403)
    editor = signed_in(UserFactory(username="ed", roles=["Editors", "Employees"]))
    assert editor.get(INDEX).status_code in (302, 403)
    assert "Brand assets" not in editor.get("/admin/").content.decode()


def test_a_bad_hex_in_the_page_form_is_an_error(comms_client, home):
    hub = BrandHubPageFactory(parent=home)
    page = BrandGuidelinePageFactory(parent=hub, title="Colour")
    data = nested_form_data(
        {
            "title": "Colour",
            "slug": page.slug,
            "listing_summary": "",
            "body": streamfield(
                [
                    (
                        "palette",
                        {
                            "heading": "Colours",
                            "colours": streamfield(
                                [
                                    (
                                        "item",
                                        {
                                            "name": "Bad",
                                            "hex": "#12345z",
                                            "cmyk": "",
                                            "usage": "",
                                        },
                                    )
                                ]
                            ),
                        },
                    )
                ]
            ),
        }
    )
    response = comms_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The page could not be saved due to validation errors" in html
    assert "Enter a colour as # followed by six hex digits" in html
    page = BrandGuidelinePage.objects.get(pk=page.pk)
    assert page.body[0].value["colours"][0]["hex"] == "#1f5f8b"
    assert not page.revisions.filter(content__icontains="#12345z").exists()
