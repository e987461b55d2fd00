"""A space out as Markdown (`export_space`): a zip laid out the way the import reads it.

A page with children becomes a folder with its own index.md, images go under `_images/`,
and links between pages of the space become relative .md links, so that import → export →
import gives the same pages. The Markdown itself comes from knowledge.markdown.render.
"""

from __future__ import annotations

import posixpath
import zipfile
from typing import BinaryIO

from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import Page

from knowledge.markdown.frontmatter import format_front_matter
from knowledge.markdown.render import _MarkdownWriter
from knowledge.markdown.reports import ExportReport
from knowledge.models import KnowledgePage, SpacePage

IMAGES_DIR = "_images"


def _safe_filename(name: str) -> str:
    stem, dot, suffix = name.rpartition(".")
    cleaned = slugify(stem if dot else name) or "image"
    return f"{cleaned}.{suffix.lower()}" if dot and suffix.isalnum() else cleaned


def export_space(space: SpacePage, out: BinaryIO) -> ExportReport:
    """Write every page of the space as Markdown into a zip, laid out as the import reads it.

    A page with children is a folder with its own index.md; images go under `_images/`;
    links between pages of the space are relative .md links. Published pages are written
    as readers see them; pages never published, as their latest draft.
    """
    report = ExportReport()
    pages = list(
        KnowledgePage.objects.descendant_of(space).select_related("content_owner").order_by("path")
    )
    folders: dict[str, str] = {space.path: ""}
    files: dict[int, str] = {}
    taken: set[str] = set()
    for page in pages:
        parent_dir = folders.get(page.path[: -Page.steplen])
        if parent_dir is None:  # pragma: no cover - descendants come ordered by path
            continue
        if page.numchild:
            folder = posixpath.join(parent_dir, page.slug)
            folders[page.path] = folder
            name = posixpath.join(folder, "index.md")
        else:
            name = posixpath.join(parent_dir, f"{page.slug}.md")
        if name in taken or (parent_dir and name == posixpath.join(parent_dir, "index.md")):
            unique = posixpath.join(parent_dir, f"{page.slug}-{page.pk}.md")
            report.warnings.append(f"{name} was taken; {page.title!r} is written as {unique}")
            name = unique
        taken.add(name)
        files[page.pk] = name

    image_model = get_image_model()
    image_paths: dict[int, str | None] = {}

    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:

        def image_path(image_id: int) -> str | None:
            if image_id not in image_paths:
                image = image_model.objects.filter(pk=image_id).first()
                path = None
                if image is not None:
                    name = posixpath.basename(image.file.name)
                    path = f"{IMAGES_DIR}/{image.pk}-{_safe_filename(name)}"
                    try:
                        with image.open_file() as handle:
                            archive.writestr(path, handle.read())
                        report.images += 1
                    except Exception:  # a missing file must not stop the export
                        report.warnings.append(f"the file of image {image.pk} could not be read")
                        path = None
                image_paths[image_id] = path
            return image_paths[image_id]

        for page in pages:
            here = files[page.pk]
            content = page if page.live else page.get_latest_revision_as_object()
            base = posixpath.dirname(here) or "."

            def page_link(page_id: int, base: str = base) -> str | None:
                if page_id in files:
                    return posixpath.relpath(files[page_id], base)
                if page_id == space.pk:
                    return posixpath.relpath(".", base) + "/"
                target = Page.objects.filter(pk=page_id).first()
                return target.get_full_url() if target else None

            def image_link(image_id: int, base: str = base) -> str | None:
                path = image_path(image_id)
                return posixpath.relpath(path, base) if path else None

            writer = _MarkdownWriter(page_link, image_link)
            owner = content.content_owner
            meta = {
                "title": content.title,
                "tags": sorted(tag.name for tag in content.tags.all()),
                "owner": owner.get_username() if owner is not None else None,
                "summary": content.listing_summary,
                "kind": content.kind,
            }
            body = writer.stream(content.body.raw_data)
            text = format_front_matter(meta) + ("\n" + body + "\n" if body else "")
            archive.writestr(here, text.encode("utf-8"))
            report.files.append(here)
            report.pages += 1
            report.warnings.extend(
                f"{here}: {warning}" for warning in dict.fromkeys(writer.warnings)
            )
    return report
