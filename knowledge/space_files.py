"""A private space's pages show only files kept in the space's collection.

Wagtail's choosers offer every collection, and their upload lands in the root collection,
which every employee may fetch. So when a page inside a restricted space is published,
each image and document it references from a more public collection is copied into the
space's collection (`core.files.copy_file_into`) and the page is pointed at the copy: the
page row, the published revision and the latest revision (else the next edit, which
starts from the latest revision, would bring the public file back).

Copying, not moving: the original may be shown by public pages too, and it stays where
it is. Copying, not refusing to publish: an editor would otherwise have to re-upload each
file into the right collection by hand, which is the mistake this prevents.

It runs in the `page_published` signal, so a published private page never points at a
public file once publishing returns; a copy already in the collection (same content) is
reused, so publishing again copies nothing.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from wagtail.log_actions import get_active_log_context, log
from wagtail.models import Collection, Page, Revision

from core import audit, files, privacy
from knowledge.history import snapshot_cache_key
from knowledge.models import SpacePage


def space_of(page: Page) -> SpacePage | None:
    """The nearest space at or above `page`."""
    step = Page.steplen
    paths = [page.path[:end] for end in range(step, len(page.path) + 1, step)]
    return SpacePage.objects.filter(path__in=paths).order_by("-depth").first()


def _publisher(revision: Revision | None):
    user = get_active_log_context().user
    if user is None and revision is not None:
        user = revision.user
    return user


def keep_files_in_space(page: Page, revision: Revision | None = None, user=None) -> list:
    """Copy the files `page` references from collections more public than its space's
    into the space's collection and point the page at the copies. Returns the files
    copied (empty when the space is public or every file is already private enough)."""
    space = space_of(page)
    if space is None:
        return []
    collection = privacy.sync_space_collection(space)
    wanted = privacy.collection_restrictions(collection)
    if not wanted:
        return []  # a public space: any collection is private enough
    user = user if user is not None else _publisher(revision)
    with transaction.atomic():
        mapping, copies = _copy_public_files(page, collection, wanted, user)
        if mapping:
            _point_at_copies(page, revision, files.as_swap(mapping))
    return copies


def _copy_public_files(page: Page, collection: Collection, wanted, user):
    held_by: dict[int, list] = {}
    mapping: dict[tuple[type, int], int] = {}
    copies = []
    for model, ids in files.referenced_files(page).items():
        if not ids:
            continue
        for original in model.objects.filter(pk__in=ids).select_related("collection"):
            source = original.collection
            if source.pk not in held_by:
                held_by[source.pk] = privacy.collection_restrictions(source)
            if not privacy.more_public_than(held_by[source.pk], wanted):
                continue  # already in the space's collection, or one as private
            copy = files.find_copy(original, collection)
            if copy is None:
                copy = files.copy_file_into(original, collection, user=user)
                copies.append(copy)
                log(
                    instance=copy,
                    action=audit.FILE_COPY_TO_SPACE,
                    user=user,
                    data={
                        "original_id": original.pk,
                        "from": audit.collection_data(source),
                        "to": audit.collection_data(collection),
                        "page_id": page.pk,
                        "page": page.title,
                    },
                )
            mapping[(model, original.pk)] = copy.pk
    return mapping, copies


def _point_at_copies(page: Page, revision: Revision | None, swap: files.Swap) -> None:
    files.rewrite_object(page, swap)
    revision_ids = {page.latest_revision_id} - {None, getattr(revision, "pk", None)}
    rewritten = [revision] if revision is not None else []
    rewritten += list(Revision.objects.filter(pk__in=revision_ids))
    for each in rewritten:
        # In place, as Wagtail does when it autosaves over the latest revision: the
        # published revision object is the one Wagtail goes on to copy to aliases.
        if isinstance(each.content, dict) and files.rewrite_serialized(
            type(page), each.content, swap
        ):
            each.save(update_fields=["content"])
            _forget_rendering(each)


def _forget_rendering(revision: Revision) -> None:
    """The reader-facing history caches each revision's rendering by id."""
    cache.delete(snapshot_cache_key(revision))
