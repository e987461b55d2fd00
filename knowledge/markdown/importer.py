"""Writing a planned import (`import_folder`): every page first, then the content, file by
file.

Every new page is first created as an unpublished shell, so that by the time a file's
content is saved every page it links to has an id; then each file's content is saved and
published in its own transaction, so a new page gets exactly one revision, and a file that
fails leaves no page (and no image file) behind while the others carry on. A file whose
page already says the same gets no new revision: the blocks are compared as Wagtail
stores them.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.signal_handlers import disable_reference_index_auto_update

from knowledge.markdown.common import TITLE_MAX
from knowledge.markdown.convert import _PAGE_LINK, _ImageSource, humanise
from knowledge.markdown.planner import FolderPlan, _Doc, _Node, plan_folder
from knowledge.markdown.reports import FileResult, ImportReport, Status
from knowledge.models import KnowledgePage, SpacePage

CHANGE_NOTE = "Imported from Markdown"


Log = Callable[[str], None]


class _Writer:
    def __init__(self, plan: FolderPlan, space: SpacePage, log: Log) -> None:
        self.plan = plan
        self.space = space
        self.log = log
        self.image_model = get_image_model()
        self.image_ids: dict[str, int] = {}
        self._new_images: list[Any] = []
        self.stream_block = KnowledgePage._meta.get_field("body").stream_block

    def run(self) -> ImportReport:
        self.plan.space_node.page = self.space
        for node in self.plan.nodes:
            self._prepare(node)
        total = len(self.plan.nodes)
        for number, node in enumerate(self.plan.nodes, start=1):
            self.log(f"[{number}/{total}] {node.label}")
            if not node.error:
                self._save(node)
        return ImportReport(
            [
                FileResult(
                    path=node.label,
                    status=Status.ERROR if node.error else (node.status or Status.UNCHANGED),
                    reason=node.error,
                    warnings=node.warnings,
                    page_id=node.page.pk if node.page is not None else None,
                )
                for node in self.plan.nodes
            ]
        )

    # Pass 1: every page exists ------------------------------------------------------------
    def _children(self, parent: _Node) -> dict[str, KnowledgePage]:
        cached = getattr(parent, "_existing", None)
        if cached is None:
            cached = {page.slug: page for page in KnowledgePage.objects.child_of(parent.page)}
            parent._existing = cached  # type: ignore[attr-defined]
        return cached

    def _prepare(self, node: _Node) -> None:
        parent = node.parent
        if parent is None or parent.page is None:
            if not node.error:
                node.error = f"its folder {parent.label} could not be imported"
            return
        if node.slug:
            node.page = self._children(parent).get(node.slug)
        if node.page is not None or node.error:
            return
        title = node.doc.title if node.doc else humanise(Path(node.key).name)
        owner = node.doc.meta.owner if node.doc else None
        shell = KnowledgePage(
            title=title, slug=node.slug, live=False, owner=owner, content_owner=owner
        )
        try:
            # A shell has no body to index references for; publishing it will.
            with transaction.atomic(), disable_reference_index_auto_update():
                parent.page.add_child(instance=shell)
        except Exception as error:  # one bad file must not stop the others
            node.error = f"could not create the page: {error}"
            return
        node.page, node.created = shell, True

    # Pass 2: content, one transaction per file --------------------------------------------
    def _save(self, node: _Node) -> None:
        self._new_images = []
        try:
            with transaction.atomic():
                node.status = self._apply(node)
        except Exception as error:  # one bad file must not stop the others
            node.error = f"could not save: {error}"
            self._forget_new_images()
            if node.created:
                self._discard(node)
            return
        for image in self._new_images:
            self.image_ids[image.file_hash] = image.pk

    def _apply(self, node: _Node) -> Status:
        page = node.page
        if not isinstance(page, KnowledgePage):  # pragma: no cover - pass 1 made sure
            raise TypeError(f"{node.label} is not a knowledge page")
        if node.doc is None:  # a folder without index.md: only new ones need content
            if not node.created:
                return Status.UNCHANGED
            page.body = []
            self._publish(page, None)
            return Status.IMPORTED
        doc = node.doc
        body = self._finalise(node, doc)
        if not node.created:
            page = page.get_latest_revision_as_object()
            if self._state(page) == self._desired(doc, body):
                return Status.UNCHANGED
        page.title = doc.title
        page.kind = doc.meta.kind
        page.listing_summary = doc.meta.summary
        page.content_owner = doc.meta.owner
        page.body = body
        page.tags.set(doc.meta.tags)
        self._publish(page, doc.meta.owner)
        return Status.IMPORTED if node.created else Status.UPDATED

    def _publish(self, page: KnowledgePage, owner: Any) -> None:
        page.change_note = CHANGE_NOTE
        page.material_change = False
        # Validating here would only repeat what publishing does next (a full clean of the
        # live page, in the same transaction); skipping it saves about a tenth of the import time.
        revision = page.save_revision(user=owner, log_action=True, clean=False)
        revision.publish(user=owner, skip_permission_checks=True)

    def _finalise(self, node: _Node, doc: _Doc) -> list[dict[str, Any]]:
        """Put the real page and image ids in place of the placeholders."""

        def page_link(match: re.Match[str]) -> str:
            target = doc.page_refs[int(match.group(1))]
            if target.page is None:
                node.warnings.append(
                    f"the link to {target.label} is plain text: that page was not imported"
                )
                return match.group(2)
            return f'<a linktype="page" id="{target.page.pk}">{match.group(2)}</a>'

        body = []
        for block in doc.blocks:
            value = block["value"]
            if block["type"] == "paragraph":
                value = _PAGE_LINK.sub(page_link, value)
            elif block["type"] == "image":
                image_id = self._image_id(doc.image_refs[value["image"]], doc.meta.owner)
                value = {**value, "image": image_id}
            body.append({"type": block["type"], "value": value})
        return body

    def _image_id(self, source: _ImageSource, owner: Any) -> int:
        """Images are matched on their content hash, so importing again reuses them."""
        if source.sha1 in self.image_ids:
            return self.image_ids[source.sha1]
        for image in self._new_images:
            if image.file_hash == source.sha1:
                return image.pk
        existing = (
            self.image_model.objects.filter(file_hash=source.sha1)
            .values_list("pk", flat=True)
            .first()
        )
        if existing is not None:
            self.image_ids[source.sha1] = existing
            return existing
        with source.path.open("rb") as handle:
            image = self.image_model(title=source.title[:TITLE_MAX], uploaded_by_user=owner)
            image.file = ImageFile(handle, name=source.path.name)
            image._set_image_file_metadata()
            image.save()
        self._new_images.append(image)
        return image.pk

    def _forget_new_images(self) -> None:
        """The rows went with the rollback; their files are in storage and must go too."""
        for image in self._new_images:
            # Best effort: an orphan file is harmless, a crash here would hide the real error.
            with contextlib.suppress(Exception):
                image.file.storage.delete(image.file.name)
        self._new_images = []

    def _discard(self, node: _Node) -> None:
        """A new page whose content failed must not stay behind as an empty shell."""
        with contextlib.suppress(Page.DoesNotExist):
            Page.objects.get(pk=node.page.pk).delete()
        node.page, node.created = None, False
        for child in node.descendants():
            if child.created:
                child.page, child.created = None, False
                if not child.error:
                    child.error = f"its folder {node.label} could not be imported"

    # Change detection --------------------------------------------------------------------
    def _canonical(self, raw: list[dict[str, Any]]) -> list[tuple[str, Any]]:
        """Blocks as Wagtail stores them, without their ids, so values compare equal."""
        value = self.stream_block.to_python(raw)
        return [
            (block["type"], block["value"]) for block in self.stream_block.get_prep_value(value)
        ]

    def _state(self, page: KnowledgePage) -> tuple[Any, ...]:
        tags = sorted(tag.name for tag in page.tags.all())
        return (
            page.title,
            page.kind,
            page.listing_summary,
            page.content_owner_id,
            tags,
            self._canonical(list(page.body.raw_data)),
        )

    def _desired(self, doc: _Doc, body: list[dict[str, Any]]) -> tuple[Any, ...]:
        owner = doc.meta.owner
        return (
            doc.title,
            doc.meta.kind,
            doc.meta.summary,
            owner.pk if owner is not None else None,
            sorted(doc.meta.tags),
            self._canonical(body),
        )


def import_folder(folder: Path, space: SpacePage, *, log: Log = lambda _line: None) -> ImportReport:
    """Import (or re-import) a folder of Markdown into `space`; see the package docstring.

    Meant for trusted operators (it runs from manage.py): it checks no permissions, and
    publishes as the files' owners.
    """
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder} is not a folder")
    plan = plan_folder(folder)
    return _Writer(plan, space, log).run()
