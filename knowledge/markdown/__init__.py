"""Markdown in and out of a knowledge space: `import_folder` and `export_space`.

Teams arrive with wikis kept as folders of Markdown files and want to leave with the same.
The import turns each file into a KnowledgePage (front matter → fields, Markdown → the
body's StreamField blocks, folders → page hierarchy); the export writes the pages back as
Markdown in a zip laid out the same way, so import → export → import gives the same pages.

Design choices worth knowing before changing anything here:

- Re-importing must update rather than duplicate, and the models have no field for "where
  this came from", so the page slug is the key: slugify(file stem) among the children of the
  folder's page. Renaming a file therefore makes a new page; that is the price of not
  changing the models.
- Links between files become Wagtail page links (`<a linktype="page" id="N">`) so the
  reference index and the editor see them. A link may point at a file imported later, so
  everything is planned first (parse, resolve, validate: no writes), then every new page is
  created as an unpublished shell, and only then is each file's content saved and published
  in its own transaction, when every page id is known. A new page thus gets exactly one
  revision, and a file that fails at any step leaves no page behind.
- Everything that can be checked without writing (front matter, owner, links, images) is
  checked while planning, so a bad file is reported and skipped without touching the
  database, and the rest are still imported.
- Raw HTML in the Markdown is never trusted: markdown-it runs with html disabled, so tags
  arrive as text, and the rich text is generated in `convert` from the token tree, only
  ever with the tags Wagtail's rich text uses.

The package, in the order the data flows through it:

- `frontmatter`: the `---` block at the top of a file, read and written, and its keys
  checked as a page's fields.
- `convert`: Markdown → the body's StreamField blocks, links and images as placeholders.
- `planner`: the folder read, checked and converted into a tree of future pages, with no
  writes (`plan_folder`).
- `importer`: the plan written, shells first, then each file in its own transaction
  (`import_folder`).
- `render`: Wagtail's stored rich text and blocks → Markdown.
- `exporter`: the space as a zip of Markdown files (`export_space`).
- `reports` and `common`: what the commands get back, and the limits and the per-file error
  the import's steps share.

Code outside the package imports from here; the names below are its public face.
"""

from knowledge.markdown.common import (
    HEADING_MAX,
    IMAGE_TEXT_MAX,
    SUMMARY_MAX,
    TAG_MAX,
    TITLE_MAX,
)
from knowledge.markdown.convert import code_language, humanise, markdown_to_blocks
from knowledge.markdown.exporter import IMAGES_DIR, export_space
from knowledge.markdown.frontmatter import (
    FRONT_MATTER_KEYS,
    FrontMatterError,
    format_front_matter,
    split_front_matter,
)
from knowledge.markdown.importer import CHANGE_NOTE, Log, import_folder
from knowledge.markdown.planner import MARKDOWN_SUFFIXES, FolderPlan, plan_folder
from knowledge.markdown.render import md_escape
from knowledge.markdown.reports import (
    ExportReport,
    FileResult,
    ImportReport,
    SpaceNotFound,
    Status,
    get_space,
)

__all__ = [
    "CHANGE_NOTE",
    "FRONT_MATTER_KEYS",
    "HEADING_MAX",
    "IMAGES_DIR",
    "IMAGE_TEXT_MAX",
    "MARKDOWN_SUFFIXES",
    "SUMMARY_MAX",
    "TAG_MAX",
    "TITLE_MAX",
    "ExportReport",
    "FileResult",
    "FolderPlan",
    "FrontMatterError",
    "ImportReport",
    "Log",
    "SpaceNotFound",
    "Status",
    "code_language",
    "export_space",
    "format_front_matter",
    "get_space",
    "humanise",
    "import_folder",
    "markdown_to_blocks",
    "md_escape",
    "plan_folder",
    "split_front_matter",
]
