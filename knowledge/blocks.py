"""Blocks for knowledge pages, on top of the shared ones in core.blocks."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock

from core.blocks import BaseStreamBlock, SettingChoiceBlock

CODE_LANGUAGES = [
    ("text", _("Plain text")),
    ("bash", "Shell"),
    ("python", "Python"),
    ("javascript", "JavaScript"),
    ("sql", "SQL"),
    ("yaml", "YAML"),
    ("json", "JSON"),
    ("html", "HTML"),
]


class CodeBlock(blocks.StructBlock):
    language = SettingChoiceBlock(choices=CODE_LANGUAGES, default="text")
    code = blocks.TextBlock()
    caption = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "code"
        template = "knowledge/blocks/code.html"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200)
    detail = blocks.RichTextBlock(required=False, features=["bold", "italic", "link", "code", "ul"])


class StepsBlock(blocks.StructBlock):
    steps = blocks.ListBlock(StepBlock(), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "knowledge/blocks/steps.html"


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=300)
    answer = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul", "code"])

    class Meta:
        icon = "help"
        template = "knowledge/blocks/faq_item.html"


class KnowledgeStreamBlock(BaseStreamBlock):
    steps = StepsBlock()
    code = CodeBlock()
    table = TableBlock(icon="table", template="knowledge/blocks/table.html")
    faq = FAQItemBlock()
