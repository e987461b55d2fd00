"""Purpose-built blocks for brand guidelines: palette, typography, tone of voice, logo usage.

Computations (contrast ratios, WCAG ratings, RGB from hex) live in StructValue methods so
the templates only print them.
"""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from core.blocks import BaseStreamBlock

hex_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # followed by six hex digits, e.g. #1f5f8b.")
)


class ColourBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=60)
    hex = blocks.CharBlock(max_length=7, validators=[hex_validator], help_text="#1f5f8b")
    cmyk = blocks.CharBlock(
        max_length=40, required=False, help_text=_("For print, e.g. 78 32 0 45.")
    )
    usage = blocks.CharBlock(max_length=200, required=False)

    class Meta:
        icon = "pick"


class PaletteBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False)
    colours = blocks.ListBlock(ColourBlock())

    class Meta:
        icon = "pick"
        template = "brand/blocks/palette.html"


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


class LogoMisuseBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(max_length=200)


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


class GuidelineStreamBlock(BaseStreamBlock):
    palette = PaletteBlock()
    typeface = TypefaceBlock()
    tone = ToneOfVoiceBlock()
    logo_usage = LogoUsageBlock()
