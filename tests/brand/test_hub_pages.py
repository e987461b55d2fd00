"""The brand hub and its guideline pages, as staff, communications and guests see them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from brand.models import BrandGuidelinePage, BrandHubPage
from core.models import FONT_STACKS, BrandSettings
from tests.brand.factories_hub import (
    BrandGuidelinePageFactory,
    BrandHubPageFactory,
    ImageFactory,
    colour,
    logo_block,
    palette_block,
    tone_block,
    typeface_block,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub(home):
    return BrandHubPageFactory(parent=home, intro="<p>Our brand, in one place.</p>")


@pytest.fixture
def guest_client(signed_in):
    return signed_in(UserFactory(username="gus", roles=["Guests"]))


def full_body(blocks: int = 1) -> list[dict]:
    logo = ImageFactory(title="Logo", description="The Fernway logo: a flame in a circle")
    body = []
    for n in range(blocks):
        body += [
            palette_block(
                colour("Harbour blue", "#1f5f8b", "78 32 0 45", "Links and buttons"),
                colour("Slate grey", "#777777", "0 0 0 53", "Secondary text"),
                colour("Ink", "#000000"),
                heading=f"Palette {n}",
            ),
            typeface_block(font="Inter", weights="400, 600, 700"),
            tone_block(
                "Warm, not woolly",
                [("Say what happens next.", "Leverage synergies going forward.")],
            ),
            logo_block(
                logo,
                [(ImageFactory(title=f"Stretched {n}"), "Never stretch the logo")],
            ),
        ]
    return body


def test_page_rules():
    assert BrandHubPage.subpage_types == ["brand.BrandGuidelinePage"]
    assert BrandGuidelinePage.parent_page_types == ["brand.BrandHubPage"]


def test_the_hub_lists_its_guidelines_and_links_the_library(employee_client, hub):
    BrandGuidelinePageFactory(parent=hub, title="Colour", listing_summary="Our palette.")
    BrandGuidelinePageFactory(parent=hub, title="Tone of voice")
    response = employee_client.get(hub.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Our brand, in one place." in html
    assert "Colour" in html and "Our palette." in html
    assert "Tone of voice" in html
    assert 'href="/brand/assets/"' in html
    assert 'data-testid="asset-library-link"' in html


def test_the_hub_hides_a_guideline_the_reader_may_not_see(employee_client, hub):
    from django.contrib.auth.models import Group

    secret = BrandGuidelinePageFactory(parent=hub, title="Launch plans (secret)")
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Administrators")])
    BrandGuidelinePageFactory(parent=hub, title="Typography")
    html = employee_client.get(hub.url).content.decode()
    assert "Typography" in html
    assert "Launch plans" not in html


def test_a_guideline_shows_swatches_with_codes_contrast_and_ratings(employee_client, hub):
    page = BrandGuidelinePageFactory(parent=hub, title="Colour", body=full_body())
    response = employee_client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    # Hex, RGB, CMYK
    assert "#1f5f8b" in html and "31, 95, 139" in html and "78 32 0 45" in html
    # #777777 on white: 4.48:1, AA large only, said in words
    assert "4.48:1" in html
    assert "AA-large" in html and "AA large only" in html
    # black on white 21:1 AAA; black on black fails
    assert "21.00:1" in html and "AAA" in html
    assert "Fails: do not use for text" in html


def test_a_guideline_shows_type_tone_and_logo_rules_with_alt_text(employee_client, hub):
    page = BrandGuidelinePageFactory(parent=hub, title="Identity", body=full_body())
    html = employee_client.get(page.url).content.decode()
    # Applied by hearth.js: the content security policy refuses style="" attributes.
    assert 'data-style-font-family="&#x27;Inter&#x27;, system-ui, sans-serif"' in html
    assert 'data-style-font-weight="600"' in html
    assert "Warm words, clear type" in html
    assert "Say what happens next." in html and "Leverage synergies going forward." in html
    assert 'alt="The Fernway logo: a flame in a circle"' in html
    assert 'alt="Incorrect use: Never stretch the logo"' in html
    assert "The height of the H on every side." in html
    assert "24 px wide on screen" in html


def test_communications_read_the_hub_too(comms_client, hub):
    page = BrandGuidelinePageFactory(parent=hub)
    assert comms_client.get(hub.url).status_code == 200
    assert comms_client.get(page.url).status_code == 200


def test_guests_get_404_on_the_hub_and_its_guidelines(guest_client, hub):
    page = BrandGuidelinePageFactory(parent=hub)
    assert guest_client.get(hub.url).status_code == 404
    assert guest_client.get(page.url).status_code == 404


def test_a_guest_who_is_also_an_employee_is_staff(signed_in, hub):
    client = signed_in(UserFactory(username="both", roles=["Guests", "Employees"]))
    assert client.get(hub.url).status_code == 200


def test_signed_out_readers_are_sent_to_sign_in(client, hub):
    response = client.get(hub.url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def _queries(client, url: str) -> int:
    client.get(url)  # warm: renditions made, view counted, caches filled
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_a_guideline_page_costs_the_same_queries_with_one_or_many_blocks(
    employee_client, hub, django_assert_num_queries
):
    small = BrandGuidelinePageFactory(parent=hub, title="Small", body=full_body(1))
    large = BrandGuidelinePageFactory(parent=hub, title="Large", body=full_body(8))
    expected = _queries(employee_client, small.url)
    employee_client.get(large.url)
    with django_assert_num_queries(expected):
        employee_client.get(large.url)


def test_the_hub_costs_the_same_queries_with_few_or_many_guidelines(
    employee_client, home, django_assert_num_queries
):
    hub = BrandHubPageFactory(parent=home)
    BrandGuidelinePageFactory(parent=hub)
    expected = _queries(employee_client, hub.url)
    BrandGuidelinePageFactory.create_batch(12, parent=hub)
    employee_client.get(hub.url)  # warm: the new content moved the tree version (issue 19)
    with django_assert_num_queries(expected):
        employee_client.get(hub.url)


def test_the_theme_reads_colours_and_fonts_from_the_brand_setting(employee_client, hub):
    brand = BrandSettings.for_site(hub.get_site())
    brand.primary_colour, brand.secondary_colour = "#2e7d4f", "#b5482b"
    brand.heading_font, brand.body_font = "serif", "humanist"
    brand.save()
    html = employee_client.get(hub.url).content.decode()
    assert "--brand-primary: #2e7d4f;" in html
    assert "--brand-secondary: #b5482b;" in html
    assert f"--font-heading: {FONT_STACKS['serif']};" in html
    assert f"--font-body: {FONT_STACKS['humanist']};" in html
