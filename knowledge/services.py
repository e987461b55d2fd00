"""Side effects of the wiki: space permissions and verification. Each checks permission first."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.dispatch import Signal
from wagtail.log_actions import log
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from core.audit import VERIFY
from core.models import User
from core.roles import (
    ADMIN_ACCESS,
    DOCUMENTS_USE,
    IMAGES_USE,
    PAGES_APPROVE,
    PAGES_WRITE,
    Role,
    get_permission,
)
from knowledge.models import EditPolicy, KnowledgePage, SpacePage, Verification

# Sent (sender=KnowledgePage, page=, user=) once a page is verified; the review cycle
# (governance.review) clears "hidden as stale" on it.
page_verified = Signal()


def _grant_pages(group: Group, page: Page, names: list[str]) -> None:
    for name in names:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=get_permission(name)
        )


def _revoke_pages(group: Group, page: Page, names: list[str]) -> None:
    GroupPagePermission.objects.filter(
        group=group, page=page, permission__in=[get_permission(name) for name in names]
    ).delete()


def _space_group(space: SpacePage, current: Group | None, label: str) -> Group:
    # Named by id, not title: group names show across the admin (people's groups, the
    # group list), and a private space's title is for its readers only.
    name = f"Space {space.pk} · {label}"
    if current is None:
        current, _ = Group.objects.get_or_create(name=name)
    elif current.name != name:
        current.name = name
        current.save(update_fields=["name"])
    current.permissions.add(get_permission(ADMIN_ACCESS))
    root = Collection.get_first_root_node()
    for perm in [*IMAGES_USE, *DOCUMENTS_USE]:
        GroupCollectionPermission.objects.get_or_create(
            group=current, collection=root, permission=get_permission(perm)
        )
    return current


@transaction.atomic
def sync_space_permissions(space: SpacePage) -> None:
    """Make the space's Wagtail permissions match its owners, editors and edit policy.

    Owners approve (publish) within the space, editors write; with the wiki policy every
    employee may write too. All of it is Wagtail group page permissions on the space's
    subtree, so the admin, workflows and our views agree on who may do what.
    """
    owners = _space_group(space, space.owners_group, "owners")
    editors = _space_group(space, space.editors_group, "editors")
    owners.user_set.set(space.owners.all())
    editors.user_set.set(space.editors.all())
    _grant_pages(owners, space, PAGES_APPROVE)
    _grant_pages(editors, space, PAGES_WRITE)

    employees = Group.objects.get(name=Role.EMPLOYEES)
    if space.edit_policy == EditPolicy.EVERYONE:
        _grant_pages(employees, space, PAGES_WRITE)
        employees.permissions.add(get_permission(ADMIN_ACCESS))
    else:
        _revoke_pages(employees, space, PAGES_WRITE)
    SpacePage.objects.filter(pk=space.pk).update(owners_group=owners, editors_group=editors)
    space.owners_group, space.editors_group = owners, editors


def is_space_owner(user: User, page: Page) -> bool:
    if isinstance(page, SpacePage):
        space = page
    elif isinstance(page, KnowledgePage):
        space = page.space  # cached on the page: its review status reads it too
    else:
        space = SpacePage.objects.ancestor_of(page).first()
    return space is not None and space.owners.filter(pk=user.pk).exists()


def can_verify(user: User, page: KnowledgePage, owners: frozenset[int] | None = None) -> bool:
    """The content owner, an owner of the page's space, or a superuser. `owners`: the
    space's owners when the caller has them already (the page's cached side panel)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or page.content_owner_id == user.pk:
        return True
    return user.pk in owners if owners is not None else is_space_owner(user, page)


def verify_page(user: User, page: KnowledgePage) -> Verification:
    """The owner (or a space owner) confirms the live version is still right."""
    if not can_verify(user, page):
        raise PermissionDenied("Only the page's owner or a space owner can verify it.")
    if not page.live:
        raise PermissionDenied("Only published pages can be verified.")
    verification = Verification.objects.create(
        page=page, revision=page.live_revision, verified_by=user
    )
    log(instance=page, action=VERIFY, user=user, data={"revision": page.live_revision_id})
    page_verified.send(sender=KnowledgePage, page=page, user=user)
    return verification
