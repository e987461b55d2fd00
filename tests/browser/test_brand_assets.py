"""An employee finds a logo in the asset library and downloads a web size, in Chromium."""

from brand.models import AssetDownload
from tests.brand.factories_hub import BrandAssetFactory, yesterday
from tests.browser.conftest import submit_sign_in
from tests.factories import UserFactory


def test_employee_searches_the_library_and_downloads_a_size(page, live_server):
    emma = UserFactory(username="emma", roles=["Employees"])
    logo = BrandAssetFactory(title="Logo, full colour", usage_rights="Everyone, everywhere.")
    BrandAssetFactory(title="Colour tile")
    BrandAssetFactory(title="Logo 2019", expires_on=yesterday())

    page.goto("/brand/assets/")
    submit_sign_in(page, "emma")

    page.get_by_test_id("asset-list").wait_for()
    page.get_by_test_id("asset-search").fill("logo")
    page.get_by_test_id("asset-search").press("Enter")
    page.wait_for_url("**/brand/assets/?q=logo*")
    cards = page.get_by_test_id("asset-card")
    assert cards.count() == 1  # the expired 2019 logo is not offered
    card = cards.first
    assert "Everyone, everywhere." in card.inner_text()

    card.get_by_test_id("download-menu").click()
    with page.expect_download() as info:
        card.get_by_test_id("download-web-png").click()
    assert info.value.suggested_filename == "logo-full-colour-web-png.png"
    assert AssetDownload.objects.filter(asset=logo, user=emma, size="web-png").count() == 1

    page.reload()
    assert page.get_by_test_id("download-count").first.inner_text() == "1"
