"""Purpose-built blocks for brand guidelines: palette, typography, tone of voice, logo usage.

Computations (contrast ratios, WCAG ratings, RGB from hex) live in StructValue methods so
the templates only print them.
"""

import re
from dataclasses import dataclass

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from core.blocks import BaseStreamBlock
from core.colour import contrast_ratio, readable_text_colour

hex_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # followed by six hex digits, e.g. #1f5f8b.")
)

WHITE = "#ffffff"
BLACK = "#000000"


@dataclass(frozen=True)
class Contrast:
    """A WCAG 2.x contrast ratio and what it allows (1.4.3 / 1.4.6).

    The ratio is compared unrounded, as WCAG asks: #777777 on white is 4.48:1, which
    passes for large text only, though it would print as 4.5 with one decimal.
    """

    ratio: float

    @property
    def rating(self) -> str:
        if self.ratio >= 7:
            return "AAA"
        if self.ratio >= 4.5:
            return "AA"
        if self.ratio >= 3:
            return "AA-large"
        return "fail"

    @property
    def text(self) -> str:
        return f"{self.ratio:.2f}:1"

    @property
    def label(self) -> str:
        """What the rating means, in words (colour is never the only signal)."""
        return {
            "AAA": _("AAA: passes for all text"),
            "AA": _("AA: passes for body text"),
            "AA-large": _("AA large only: headings and text from 24 px (19 px bold)"),
            "fail": _("Fails: do not use for text"),
        }[self.rating]

    @property
    def passes(self) -> bool:
        """Good enough for body text (AA)."""
        return self.ratio >= 4.5


class ColourValue(blocks.StructValue):
    def hex_code(self) -> str:
        return (self.get("hex") or "").lower()

    def rgb(self) -> tuple[int, int, int]:
        digits = self.hex_code().lstrip("#")
        return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]

    def rgb_text(self) -> str:
        return "{}, {}, {}".format(*self.rgb())

    def on_white(self) -> Contrast:
        return Contrast(contrast_ratio(self.hex_code(), WHITE))

    def on_black(self) -> Contrast:
        return Contrast(contrast_ratio(self.hex_code(), BLACK))

    def text_colour(self) -> str:
        """Black or white, whichever reads better on this colour (for the swatch label)."""
        return readable_text_colour(self.hex_code())


class ColourBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=60)
    hex = blocks.CharBlock(max_length=7, validators=[hex_validator], help_text="#1f5f8b")
    cmyk = blocks.CharBlock(
        max_length=40, required=False, help_text=_("For print, e.g. 78 32 0 45.")
    )
    usage = blocks.CharBlock(max_length=200, required=False)

    class Meta:
        icon = "pick"
        value_class = ColourValue


class PaletteBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False)
    colours = blocks.ListBlock(ColourBlock())

    class Meta:
        icon = "pick"
        template = "brand/blocks/palette.html"


FONT_NAME_UNSAFE = re.compile(r"[^\w \-]")
WEIGHT = re.compile(r"\b([1-9]00)\b")


class TypefaceValue(blocks.StructValue):
    def font_family(self) -> str:
        """A CSS font-family for the sample: the font by name (only letters, digits, spaces
        and hyphens survive, so an editor cannot write CSS here), then a generic fallback."""
        name = FONT_NAME_UNSAFE.sub("", self.get("font") or "").strip()
        return f"'{name}', system-ui, sans-serif" if name else "system-ui, sans-serif"

    def weight_list(self) -> list[int]:
        """The weights named in "400, 600, 700" (CSS weights 100-900), in order, once each."""
        found = [int(weight) for weight in WEIGHT.findall(self.get("weights") or "")]
        return list(dict.fromkeys(found)) or [400]


class TypefaceBlock(blocks.StructBlock):
    font = blocks.CharBlock(max_length=100)
    role = blocks.CharBlock(max_length=100, required=False, help_text=_("e.g. Headings"))
    weights = blocks.CharBlock(max_length=100, required=False, help_text=_("e.g. 400, 600, 700"))
    sample = blocks.CharBlock(
        max_length=200, required=False, default="The quick brown fox jumps over the lazy dog"
    )

    class Meta:
        icon = "bold"
        template = "brand/blocks/typeface.html"
        value_class = TypefaceValue


class ToneExampleBlock(blocks.StructBlock):
    do = blocks.TextBlock(label=_("Do"))
    dont = blocks.TextBlock(label=_("Don't"))


class ToneOfVoiceBlock(blocks.StructBlock):
    principle = blocks.CharBlock(max_length=120)
    explanation = blocks.TextBlock(required=False)
    examples = blocks.ListBlock(ToneExampleBlock())

    class Meta:
        icon = "openquote"
        template = "brand/blocks/tone.html"


def _image_alt(image) -> str:
    return (image.description or image.title) if image else ""


class LogoMisuseValue(blocks.StructValue):
    def alt(self) -> str:
        """The caption says what is wrong, which is what a screen reader user needs."""
        return str(_("Incorrect use: %(caption)s") % {"caption": self.get("caption") or ""})


class LogoMisuseBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(max_length=200)

    class Meta:
        value_class = LogoMisuseValue


class LogoUsageValue(blocks.StructValue):
    def logo_alt(self) -> str:
        return _image_alt(self.get("logo"))


class LogoUsageBlock(blocks.StructBlock):
    logo = ImageChooserBlock()
    clear_space = blocks.CharBlock(
        max_length=200, help_text=_("e.g. The height of the H on every side.")
    )
    minimum_size = blocks.CharBlock(max_length=100, help_text=_("e.g. 24 px / 10 mm wide."))
    misuse = blocks.ListBlock(LogoMisuseBlock(), required=False)

    class Meta:
        icon = "image"
        template = "brand/blocks/logo_usage.html"
        value_class = LogoUsageValue


class GuidelineStreamBlock(BaseStreamBlock):
    palette = PaletteBlock()
    typeface = TypefaceBlock()
    tone = ToneOfVoiceBlock()
    logo_usage = LogoUsageBlock()
