import pytest

from core.colour import contrast_ratio, readable_text_colour


def test_black_on_white_is_21_to_1():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)


def test_same_colour_is_1_to_1():
    assert contrast_ratio("#1f5f8b", "#1f5f8b") == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("background", "text"),
    [
        ("#1f5f8b", "#ffffff"),
        ("#ffd166", "#000000"),
        ("#000000", "#ffffff"),
        ("#f4f5f7", "#000000"),
    ],
)
def test_readable_text_colour_picks_the_better_contrast(background, text):
    assert readable_text_colour(background) == text
