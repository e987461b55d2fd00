"""The brand hub demo: four guidelines, a generated asset library, the theme; idempotent."""

import pytest
from wagtail.models import Collection

from brand.blocks import Contrast
from brand.models import BrandAsset, BrandGuidelinePage, BrandHubPage
from core.colour import contrast_ratio
from core.models import BrandSettings
from demo.loaders import brand_hub as demo
from home.models import HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    messages: list[str] = []
    demo.seed(messages.append, "demo-password")
    return messages


def test_the_demo_brand_hub(seeded, employee_client):
    """One seeding, several checks: generating the images is the slow part."""
    check_hub()
    check_library()
    check_theme()
    check_it_renders(employee_client)


def check_hub():
    hub = BrandHubPage.objects.get()
    assert hub.live and hub.get_parent().specific_class is HomePage
    guidelines = BrandGuidelinePage.objects.child_of(hub).live()
    assert guidelines.count() == 4
    blocks = {block.block_type: block.value for page in guidelines for block in page.body}
    colours = blocks["palette"]["colours"]
    assert len(colours) == 6
    assert any(colour.on_white().rating == "fail" for colour in colours)
    assert len(blocks["tone"]["examples"]) == 4
    assert len(blocks["logo_usage"]["misuse"]) == 4
    assert all(item["image"] is not None for item in blocks["logo_usage"]["misuse"])
    assert blocks["typeface"].weight_list()


def check_library():
    brand = Collection.objects.get(name=demo.COLLECTION)
    assets = BrandAsset.objects.all()
    assert assets.count() >= 12
    assert assets.filter(image__isnull=False).count() >= 10
    assert assets.filter(document__isnull=False).count() == 2
    assert assets.expired().count() == 1
    assert assets.expiring_within(14).count() == 1
    assert assets.in_collection(brand.pk).count() >= 10
    logo = assets.get(title="Logo, full colour").image
    assert logo.width == 1600 and logo.description


def check_theme():
    settings = BrandSettings.for_site(HomePage.objects.get().get_site())
    assert (settings.primary_colour, settings.secondary_colour) == (demo.PRIMARY, demo.SECONDARY)
    assert Contrast(contrast_ratio(settings.primary_colour, "#ffffff")).passes


def test_seeding_again_changes_nothing(seeded):
    counts = (
        BrandHubPage.objects.count(),
        BrandGuidelinePage.objects.count(),
        BrandAsset.objects.count(),
        Collection.objects.count(),
    )
    demo.seed(lambda message: None, "demo-password")
    assert counts == (
        BrandHubPage.objects.count(),
        BrandGuidelinePage.objects.count(),
        BrandAsset.objects.count(),
        Collection.objects.count(),
    )
    assert "4 guidelines" in seeded[0]


def check_it_renders(employee_client):
    hub = BrandHubPage.objects.get()
    assert employee_client.get(hub.url).status_code == 200
    for page in BrandGuidelinePage.objects.child_of(hub):
        assert employee_client.get(page.url).status_code == 200
    html = employee_client.get("/brand/assets/").content.decode()
    assert "Logo, full colour" in html
    assert "Pattern, dots (2025 summer party)" not in html  # expired
