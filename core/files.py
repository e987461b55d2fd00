"""Copies of images and documents, and the references of a page's content to them.

A private space keeps the files its pages show in its own collection (see
`knowledge.space_files`). When a page chose a file from a more public collection, the
file is copied into the space's collection and the page's content is pointed at the copy.
That content lives in two shapes: the page row and the revisions (`Revision.content`, the
page's `serializable_data()`). Rewriting the serialised shape serves both, so this module
works on it: foreign keys hold a primary key, a StreamField holds its raw JSON (a string
in revisions), rich text holds `<embed embedtype="image" id="N"/>` and
`<a linktype="document" id="N">`.

What a page references is read from Wagtail's `ReferenceIndex`; only the rewriting walks
the block definitions, because Wagtail offers no way to replace a reference in place.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import File
from django.db import models
from modelcluster.models import get_all_child_relations
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Collection, ReferenceIndex

# (model, old primary key) -> new primary key, or None to keep the reference.
Swap = Callable[[type[models.Model], int], int | None]

_TAG = re.compile(r"<(?:a|embed)\b[^>]*>")
_ID = re.compile(r'(?<![\w-])id="(\d+)"')


def file_models() -> tuple[type[models.Model], type[models.Model]]:
    return get_image_model(), get_document_model()


def referenced_files(obj: models.Model) -> dict[type[models.Model], set[int]]:
    """The images and documents `obj` references, from the reference index brought up to
    date first (in production it is refreshed by a background task, possibly not yet run).
    Call inside a transaction."""
    ReferenceIndex.create_or_update_for_object(obj)
    found: dict[type[models.Model], set[int]] = {}
    references = ReferenceIndex.get_references_for_object(obj)
    for model in file_models():
        content_type = ContentType.objects.get_for_model(model)
        ids = references.filter(to_content_type=content_type).values_list("to_object_id", flat=True)
        found[model] = {int(pk) for pk in ids if pk.isdigit()}
    return found


# Copying -------------------------------------------------------------------------------------
_NOT_COPIED = {"id", "file", "collection", "created_at", "uploaded_by_user"}


def copy_file_into(original, collection: Collection, user=None):
    """A new image or document in `collection` with the original's content (a new file
    in storage, not a shared name: deleting one must not delete the other), title, tags
    and other fields. The person publishing becomes its uploader: the original's
    uploader may be outside the collection's groups and must not own the private copy."""
    model = type(original)
    copy = model()
    for field in model._meta.concrete_fields:
        if field.name not in _NOT_COPIED and not field.primary_key:
            setattr(copy, field.attname, getattr(original, field.attname))
    copy.collection = collection
    copy.uploaded_by_user = user if user is not None and user.is_authenticated else None
    with original.open_file() as handle:
        copy.file.save(os.path.basename(original.file.name), File(handle), save=False)
    copy.save()
    tag_names = [tag.name for tag in original.tags.all()]
    if tag_names:
        copy.tags.set(tag_names)
    return copy


def find_copy(original, collection: Collection):
    """A file in `collection` with the same content as `original` (an earlier copy, or
    the same upload made there), so publishing again or another page of the space reuses
    it instead of copying once more."""
    file_hash = original.get_file_hash()
    if not file_hash:
        return None
    return type(original).objects.filter(collection=collection, file_hash=file_hash).first()


# Rewriting -----------------------------------------------------------------------------------
def rewrite_rich_text(html: str, swap: Swap) -> str:
    image, document = file_models()

    def replace(match: re.Match) -> str:
        tag = match.group(0)
        if 'embedtype="image"' in tag:
            model = image
        elif 'linktype="document"' in tag:
            model = document
        else:
            return tag
        found = _ID.search(tag)
        new = swap(model, int(found.group(1))) if found else None
        return tag if new is None else _ID.sub(f'id="{new}"', tag, count=1)

    return _TAG.sub(replace, html)


def _rewrite_block(block: blocks.Block, raw, swap: Swap):
    if raw is None:
        return raw
    if isinstance(block, blocks.StreamBlock) and isinstance(raw, list):
        for item in raw:
            child = block.child_blocks.get(item.get("type")) if isinstance(item, dict) else None
            if child is not None:
                item["value"] = _rewrite_block(child, item.get("value"), swap)
        return raw
    if isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        for index, item in enumerate(raw):
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                item["value"] = _rewrite_block(block.child_block, item["value"], swap)
            else:  # the list format older than Wagtail 2.16
                raw[index] = _rewrite_block(block.child_block, item, swap)
        return raw
    if isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child in block.child_blocks.items():
            if name in raw:
                raw[name] = _rewrite_block(child, raw[name], swap)
        return raw
    if isinstance(block, blocks.RichTextBlock):
        return rewrite_rich_text(raw, swap) if isinstance(raw, str) else raw
    if isinstance(block, blocks.ChooserBlock) and isinstance(raw, int):
        new = swap(block.model_class, raw)
        return raw if new is None else new
    return raw


def rewrite_serialized(model: type[models.Model], data: dict, swap: Swap) -> set[str]:
    """Point the file references in `data` (a `serializable_data()` of a `model`
    instance, or a revision's content) at the files `swap` gives, in place. Returns the
    names of the top-level keys that changed."""
    changed: set[str] = set()
    for field in model._meta.concrete_fields:
        if field.name not in data:
            continue
        before = data[field.name]
        if isinstance(field, StreamField):
            raw = json.loads(before) if isinstance(before, str) else before
            if raw:
                raw = _rewrite_block(field.stream_block, raw, swap)
                after = json.dumps(raw) if isinstance(before, str) else raw
                if after != before:
                    data[field.name] = after
                    changed.add(field.name)
        elif isinstance(field, RichTextField) and isinstance(before, str):
            after = rewrite_rich_text(before, swap)
            if after != before:
                data[field.name] = after
                changed.add(field.name)
        elif isinstance(field, models.ForeignKey) and isinstance(before, int):
            after = swap(field.related_model, before)
            if after is not None:
                data[field.name] = after
                changed.add(field.name)
    for relation in get_all_child_relations(model):
        name = relation.get_accessor_name()
        for child in data.get(name) or []:
            if rewrite_serialized(relation.related_model, child, swap):
                changed.add(name)
    return changed


def rewrite_object(obj: models.Model, swap: Swap) -> set[str]:
    """Point `obj`'s saved row (and its child rows) at the files `swap` gives, and the
    in-memory `obj` too (the caller may save it again). Only the changed columns are
    written: a full save would also write fields the row holds for the page as a whole."""
    data = obj.serializable_data()
    changed = rewrite_serialized(type(obj), data, swap)
    if not changed:
        return changed
    fresh = type(obj).from_serializable_data(data)
    columns = {}
    for name in changed:
        field = obj._meta.get_field(name)
        if field.concrete:
            value = getattr(fresh, field.attname)
            setattr(obj, field.attname, value)
            columns[field.attname] = value
        else:  # a child relation: save the rows whose references changed
            for child in getattr(fresh, name).all():
                child.save()
            setattr(obj, name, list(getattr(fresh, name).all()))
    if columns:
        type(obj).objects.filter(pk=obj.pk).update(**columns)
    ReferenceIndex.create_or_update_for_object(obj)
    return changed


def as_swap(mapping: dict[tuple[type[models.Model], int], int]) -> Swap:
    """A `Swap` from {(model, old pk): new pk}; a subclass of an image or document model
    (a chooser block naming Wagtail's base model) finds the same entries."""

    def swap(model: type[models.Model], pk: int) -> int | None:
        for (known, old), new in mapping.items():
            if old == pk and (issubclass(known, model) or issubclass(model, known)):
                return new
        return None

    return swap
