"""The living style guide (/styleguide/): staff see every token and every component in
it; guests and anonymous visitors do not; text tokens read at 4.5:1 in every theme."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from core import tokens
from tests.factories import UserFactory

COMPONENTS = Path(settings.BASE_DIR) / "templates" / "components"


def component_names() -> list[str]:
    return sorted(path.stem for path in COMPONENTS.glob("*.html"))


def test_a_staff_member_sees_every_component_in_the_style_guide(home, employee_client):
    response = employee_client.get("/styleguide/")

    assert response.status_code == 200
    html = response.content.decode()
    drawn = set(re.findall(r'data-component="([\w-]+)"', html))
    names = component_names()
    assert len(names) >= 20
    # A component added under templates/components/ without a style guide entry fails here.
    missing = [name for name in names if name not in drawn]
    assert not missing, f"not in the style guide: {missing}"
    # In the light and the dark theme, side by side.
    assert 'data-testid="components-light"' in html and 'data-testid="components-dark"' in html


def test_the_style_guide_shows_every_colour_token_with_its_contrast(home, employee_client):
    html = employee_client.get("/styleguide/").content.decode()

    colours = [t.name for t in tokens.tokens() if tokens.values()[t.name].startswith("#")]
    assert "color-text" in colours and "brand-primary" in colours and "neutral-900" in colours
    for name in colours:
        assert f'data-token="{name}"' in html
    light = tokens.values("light")
    ratio = tokens.contrast_ratio(light["color-text"], light["color-surface"])
    assert f"{ratio:.2f}:1" in html


def test_the_swatches_follow_the_brand_setting(home, employee_client):
    from core.models import BrandSettings

    brand = BrandSettings.for_site(home.get_site())
    brand.primary_colour = "#6b3fa0"
    brand.save()

    html = employee_client.get("/styleguide/").content.decode()

    # The brand's own colour, and the link shade derived from it (80 % of it, 20 % black).
    assert "<code>#6b3fa0</code>" in html
    assert "<code>#563280</code>" in html


def test_a_guest_is_refused_the_style_guide(home, signed_in):
    guest = UserFactory(username="gus", roles=["Guests"])

    response = signed_in(guest).get("/styleguide/")

    assert response.status_code == 403
    assert 'data-testid="swatches"' not in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_sign_in(home, client):
    response = client.get("/styleguide/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("theme", ["light", "dark", "contrast"])
@pytest.mark.parametrize(("text", "surface"), tokens.TEXT_PAIRS)
def test_text_reads_at_four_and_a_half_to_one(theme, text, surface):
    ratio = tokens.contrast(theme, text, surface)
    assert ratio >= 4.5, f"{text} on {surface} in {theme}: {ratio:.2f}:1"


def test_text_reads_on_the_default_brand_and_a_light_one():
    # A pale brand colour: the text on it turns black (core.colour), still 4.5:1.
    pale = {"brand-primary": "#ffd166", "brand-on-primary": "#000000"}
    assert tokens.contrast("light", "color-on-primary", "color-primary", pale) >= 4.5
    assert tokens.contrast("light", "color-link", "color-surface") >= 4.5
    assert tokens.contrast("dark", "color-link", "color-surface") >= 4.5
