"""StreamField blocks shared by every Hearth page type.

Display logic sits in StructValue methods so templates only print values.
"""

from django.utils.html import format_html_join
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "code", "h3", "h4"]


class SettingChoiceBlock(blocks.ChoiceBlock):
    """A choice that sets how a block looks (a heading's level, a callout's tone, a code
    sample's language), not what it says: its label ("Section (H2)") stays out of the
    search index and so out of search snippets. It deconstructs as Wagtail's ChoiceBlock,
    so migrations do not see it."""

    def get_searchable_content(self, value):
        return []


class HeadingValue(blocks.StructValue):
    def anchor(self) -> str:
        return slugify(self.get("text")) or "section"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = SettingChoiceBlock(
        choices=[("h2", _("Section (H2)")), ("h3", _("Subsection (H3)"))], default="h2"
    )

    class Meta:
        icon = "title"
        template = "core/blocks/heading.html"
        value_class = HeadingValue


class CalloutValue(blocks.StructValue):
    def role(self) -> str:
        """Warnings and dangers are announced to screen readers; notes are not."""
        return "note" if self.get("tone") == "info" else "alert"


class CalloutBlock(blocks.StructBlock):
    tone = SettingChoiceBlock(
        choices=[("info", _("Information")), ("warning", _("Warning")), ("danger", _("Danger"))],
        default="info",
    )
    title = blocks.CharBlock(required=False, max_length=120)
    body = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul", "code"])

    class Meta:
        icon = "warning"
        template = "core/blocks/callout.html"
        value_class = CalloutValue


class ImageValue(blocks.StructValue):
    def alt(self) -> str:
        image = self.get("image")
        return self.get("alt_text") or (image.description if image else "") or ""


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False,
        max_length=250,
        help_text=_("Describe the image for people who cannot see it; blank uses its description."),
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "core/blocks/image.html"
        value_class = ImageValue


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "core/blocks/quote.html"


class BaseStreamBlock(blocks.StreamBlock):
    """Each top-level block renders inside `<div data-block-id="...">`: the block's stable
    id is what annotations anchor to (community.annotations.anchoring), and its text (the element's
    textContent) is what their offsets count in."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, icon="pilcrow")
    callout = CalloutBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    document = DocumentChooserBlock(icon="doc-full")
    embed = EmbedBlock(icon="media", help_text=_("A link to a video or other embeddable page."))

    def render_basic(self, value, context=None):
        return format_html_join(
            "\n",
            '<div class="w-block-{1} block-{1}" data-block-id="{2}">{0}</div>',
            [(child.render(context=context), child.block_type, child.id or "") for child in value],
        )
