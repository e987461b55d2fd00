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

The space's collection itself is kept here too: created when the space is first
published, and carrying the space's group and login restrictions as
`CollectionViewRestriction`s, kept in step when the space is published or moved, or a
restriction on it (or above it) changes (the receivers below, connected by importing
this module from `knowledge.signals`). `core.privacy` then answers who may fetch a file.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.log_actions import get_active_log_context, log
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    Revision,
)
from wagtail.signals import page_published, post_page_move

from core import audit, files, privacy
from core.permissions import _ancestor_paths
from knowledge.history import snapshot_cache_key
from knowledge.models import SpacePage

# A space's collection ------------------------------------------------------------------------
# Page restrictions a space's collection mirrors (a password is asked for per page).
MIRRORED = (PageViewRestriction.GROUPS, PageViewRestriction.LOGIN)


def _unique_collection_name(parent: Collection, title: str) -> str:
    taken = set(parent.get_children().values_list("name", flat=True))
    name, number = title[:240] or "Space", 2
    while name in taken:
        name = f"{title[:240]} ({number})"
        number += 1
    return name


def ensure_space_collection(space) -> Collection:
    """The space's files collection, created (a child of the root collection, named after
    the space) when missing. It is written to the page row and to its latest and live
    revisions, so the next edit in the admin keeps it instead of making another."""
    if space.collection_id:
        return space.collection
    root = Collection.get_first_root_node()
    collection = root.add_child(name=_unique_collection_name(root, space.title))
    SpacePage.objects.filter(pk=space.pk).update(collection=collection)
    space.collection = collection
    revision_ids = {space.latest_revision_id, space.live_revision_id} - {None}
    for revision in Revision.objects.filter(pk__in=revision_ids):
        if isinstance(revision.content, dict) and not revision.content.get("collection"):
            revision.content["collection"] = collection.pk
            revision.save(update_fields=["content"])
    return collection


def _wanted_restrictions(space) -> list[tuple[str, frozenset[int]]]:
    """The group and login restrictions on the space or any page above it."""
    restrictions = PageViewRestriction.objects.filter(
        page__path__in=_ancestor_paths(space.path), restriction_type__in=MIRRORED
    ).prefetch_related("groups")
    return sorted(
        (restriction.restriction_type, frozenset(group.pk for group in restriction.groups.all()))
        for restriction in restrictions
    )


def private_collection_name(space) -> str:
    return f"Private space {space.pk}"


def _name_collection(space, collection: Collection, private: bool) -> None:
    """A private space's collection is named by the space's id: collection names show in
    the admin to people who may not know the space (the group permission editor lists
    every collection). A public space's collection keeps the space's title."""
    if private:
        name = private_collection_name(space)
    elif collection.name == private_collection_name(space):
        name = _unique_collection_name(collection.get_parent(), space.title)
    else:
        return
    if collection.name != name:
        collection.name = name
        collection.save(update_fields=["name"])
        # Collections are a tree sorted by name (`node_order_by`): a new name, a new place.
        collection.move(collection.get_parent(), pos="sorted-child")


def sync_space_collection(space, create: bool = True) -> Collection | None:
    """Give the space a collection (if missing and `create`) whose view restrictions match
    the space's: one `CollectionViewRestriction` per group (or login) restriction on the
    space or above it, with the same groups. Idempotent; changes nothing when in step."""
    if not create and not space.collection_id:
        return None
    collection = ensure_space_collection(space)
    wanted = _wanted_restrictions(space)
    existing = list(
        CollectionViewRestriction.objects.filter(collection=collection).prefetch_related("groups")
    )
    current = sorted(
        (restriction.restriction_type, frozenset(group.pk for group in restriction.groups.all()))
        for restriction in existing
    )
    _name_collection(space, collection, private=any(kind == MIRRORED[0] for kind, _ in wanted))
    if current == wanted:
        return collection
    CollectionViewRestriction.objects.filter(collection=collection).delete()
    for restriction_type, groups in wanted:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=restriction_type
        )
        restriction.groups.set(groups)
    return collection


def sync_spaces_at_or_below(page: Page) -> None:
    """After a restriction on (or above) `page` changed: bring the collections of the
    spaces at or below it in step (a space gets its collection when published)."""
    spaces = SpacePage.objects.filter(path__startswith=page.path, collection__isnull=False)
    for space in spaces.select_related("collection"):
        sync_space_collection(space, create=False)


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
    collection = sync_space_collection(space)
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


# Keeping a space's collection in step with its privacy ---------------------------------------
def _sync_below(page_id: int | None) -> None:
    page = Page.objects.filter(pk=page_id).only("id", "path").first() if page_id else None
    if page is not None:
        sync_spaces_at_or_below(page)


@receiver(page_published)
def sync_collection_on_publish(sender, instance, **kwargs):
    if isinstance(instance, SpacePage):
        sync_space_collection(instance)


@receiver(post_page_move)
def sync_collections_on_move(sender, instance, **kwargs):
    _sync_below(instance.pk)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def sync_collections_on_restriction(sender, instance, **kwargs):
    _sync_below(instance.page_id)


@receiver(m2m_changed, sender=PageViewRestriction.groups.through)
def sync_collections_on_restriction_groups(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        _sync_below(instance.page_id)
        return
    # A group's restrictions changed from the group's side (rare: the admin edits pages).
    restrictions = PageViewRestriction.objects.filter(pk__in=pk_set or [])
    for page_id in restrictions.values_list("page_id", flat=True):
        _sync_below(page_id)
