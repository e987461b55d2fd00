"""Guideline blocks compute what they show: RGB, contrast ratios, WCAG ratings, safe fonts."""

import pytest
from django.core.exceptions import ValidationError

from brand.blocks import ColourBlock, Contrast, GuidelineStreamBlock, TypefaceBlock


def colour_value(hex_value: str):
    block = ColourBlock()
    return block.to_python({"name": "Test", "hex": hex_value, "cmyk": "", "usage": ""})


@pytest.mark.parametrize(
    ("ratio", "rating"),
    [(21.0, "AAA"), (7.0, "AAA"), (6.99, "AA"), (4.5, "AA"), (4.49, "AA-large"), (3.0, "AA-large")],
)
def test_wcag_rating_thresholds(ratio, rating):
    assert Contrast(ratio).rating == rating


def test_below_three_to_one_fails_and_says_so_in_words():
    contrast = Contrast(2.5)
    assert contrast.rating == "fail"
    assert "Fails" in str(contrast.label)
    assert not contrast.passes


def test_grey_777_on_white_is_aa_large_only_although_it_rounds_to_4_5():
    value = colour_value("#777777")
    on_white = value.on_white()
    assert on_white.ratio == pytest.approx(4.48, abs=0.005)
    assert on_white.text == "4.48:1"
    assert on_white.rating == "AA-large"
    assert "large" in str(on_white.label)


def test_black_on_white_is_21_to_1_aaa_and_1_to_1_on_black():
    value = colour_value("#000000")
    assert value.on_white().ratio == pytest.approx(21.0)
    assert value.on_white().rating == "AAA"
    assert value.on_black().ratio == pytest.approx(1.0)
    assert value.on_black().rating == "fail"


def test_rgb_comes_from_the_hex_code_in_any_case():
    value = colour_value("#1F5F8B")
    assert value.hex_code() == "#1f5f8b"
    assert value.rgb() == (31, 95, 139)
    assert value.rgb_text() == "31, 95, 139"
    assert value.text_colour() == "#ffffff"


@pytest.mark.parametrize("bad", ["1f5f8b", "#1f5f8", "#ggg000", "red", "#1f5f8bb"])
def test_the_colour_block_refuses_a_bad_hex(bad):
    block = ColourBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"name": "Bad", "hex": bad, "cmyk": "", "usage": ""}))


def test_the_stream_accepts_a_good_palette():
    stream = GuidelineStreamBlock()
    value = stream.to_python(
        [
            {
                "type": "palette",
                "value": {
                    "heading": "",
                    "colours": [{"name": "Ink", "hex": "#1b1f23", "cmyk": "", "usage": ""}],
                },
            }
        ]
    )
    assert stream.clean(value)[0].value["colours"][0].rgb() == (27, 31, 35)


def test_font_family_cannot_carry_css():
    block = TypefaceBlock()
    value = block.to_python(
        {"font": "Inter; background:url(x)", "role": "", "weights": "", "sample": ""}
    )
    assert value.font_family() == "'Inter backgroundurlx', system-ui, sans-serif"


def test_weights_are_parsed_once_each_and_default_to_regular():
    block = TypefaceBlock()
    parsed = block.to_python({"font": "Inter", "role": "", "weights": "700, 400 and 700, 950"})
    assert parsed.weight_list() == [700, 400]
    empty = block.to_python({"font": "Inter", "role": "", "weights": ""})
    assert empty.weight_list() == [400]
