"""Demo wiki for `manage.py seed_demo`: spaces, pages with history, review states,
must-reads and a private space. Idempotent: existing spaces and pages are left alone."""

import json
import re
from datetime import timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

LINK_PLACEHOLDER = re.compile(r'href="page:([\w-]+)/([\w-]+)"')


def _raw_body(blocks: list) -> str:
    """The spec's (type, value) tuples in StreamField's stored JSON form."""
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def _walk(pages: list, parent_slug: str | None = None):
    for spec in pages:
        yield spec, parent_slug
        yield from _walk(spec.get("children", []), spec["slug"])


def seed(log, password: str) -> None:
    from core.models import User
    from home.models import HomePage
    from demo.seeders import knowledge_content as content
    from knowledge.models import KnowledgeIndexPage, KnowledgePage, SpacePage, Verification
    from people.models import Level

    users = {user.username: user for user in User.objects.filter(is_active=True)}
    home = HomePage.objects.get()

    with transaction.atomic():
        index = KnowledgeIndexPage.objects.child_of(home).first()
        if index is None:
            spec = content.KNOWLEDGE_INDEX
            index = KnowledgeIndexPage(
                title=spec["title"], slug=spec["slug"], intro=spec["intro"], show_in_menus=True
            )
            home.add_child(instance=index)
            index.save_revision().publish(skip_permission_checks=True)

        leadership, _ = Group.objects.get_or_create(name="Leadership")
        leadership.user_set.add(
            *User.objects.filter(profile__level__in=[Level.EXECUTIVE, Level.DIRECTOR]),
            users["admin"],
        )

    created_pages: dict[tuple[str, str], KnowledgePage] = {}
    new_specs = []
    for space_spec in content.SPACES:
        with transaction.atomic():
            space = SpacePage.objects.child_of(index).filter(slug=space_spec["slug"]).first()
            if space is None:
                space = _create_space(index, space_spec, users, leadership)
            for spec, parent_slug in _walk(space_spec["pages"]):
                page = KnowledgePage.objects.filter(slug=spec["slug"]).descendant_of(space).first()
                if page is None:
                    parent = (
                        space if parent_slug is None else created_pages[(space.slug, parent_slug)]
                    )
                    page = KnowledgePage(
                        title=spec["title"], slug=spec["slug"], live=False, kind=spec["kind"]
                    )
                    parent.add_child(instance=page)
                    new_specs.append((spec, page))
                created_pages[(space.slug, spec["slug"])] = page
        log(f"space {space_spec['title']}: {sum(1 for _ in _walk(space_spec['pages']))} pages")

    def resolve(blocks: list) -> str:
        raw = _raw_body(blocks)
        return LINK_PLACEHOLDER.sub(
            lambda m: f'linktype="page" id="{created_pages[(m.group(1), m.group(2))].pk}"', raw
        )

    now = timezone.now()
    for number, (spec, page) in enumerate(new_specs, start=1):
        with transaction.atomic():
            owner = users[spec["owner"]]
            page.content_owner = owner
            page.listing_summary = spec["summary"]
            page.kind = spec["kind"]
            page.body = resolve(spec["body"])
            page.tags.set(spec["tags"])
            page.change_note = "First version"
            page.material_change = False
            page.save_revision(user=owner, log_action=True).publish(
                user=owner, skip_permission_checks=True
            )
            for version in spec.get("revisions", []):
                page = KnowledgePage.objects.get(pk=page.pk)
                page.body = resolve(version["body"])
                page.change_note = version["note"]
                page.material_change = version["material"]
                editor = users[version["editor"]]
                page.save_revision(user=editor, log_action=True).publish(
                    user=editor, skip_permission_checks=True
                )
            page = KnowledgePage.objects.get(pk=page.pk)
            interval = timedelta(days=page.review_interval().days)
            age = {
                "verified": timedelta(days=10),
                "due": interval + timedelta(days=5),
                "stale": interval + timedelta(days=60),
            }[spec["review"]]
            Verification.objects.create(
                page=page,
                revision=page.live_revision,
                verified_by=owner,
                verified_at=now - age,
            )
        if number % 10 == 0 or number == len(new_specs):
            log(f"pages: {number}/{len(new_specs)}")
    _seed_must_reads(content, created_pages, users, log)


def _create_space(index, spec: dict, users: dict, leadership: Group):
    from wagtail.models import PageViewRestriction

    from knowledge.models import SpacePage

    space = SpacePage(
        title=spec["title"],
        slug=spec["slug"],
        listing_summary=spec["summary"],
        description=spec["description"],
        edit_policy=spec["edit_policy"],
        review_interval_days=spec["review_interval_days"],
        content_owner=users[spec["owners"][0]],
    )
    index.add_child(instance=space)
    space.owners.set([users[name] for name in spec["owners"]])
    space.editors.set([users[name] for name in spec["editors"]])
    space.save_revision().publish(skip_permission_checks=True)  # grants the permissions
    if spec.get("private_to_group"):
        restriction = PageViewRestriction.objects.create(
            page=space, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(leadership)
    return space


def _seed_must_reads(content, created_pages: dict, users: dict, log) -> None:
    """Two must-reads, each acknowledged by about a third of its audience."""
    from core.models import User
    from knowledge import mustread
    from knowledge.models import KnowledgePage, MustRead
    from people.models import Department

    for spec in content.MUST_READS:
        page = KnowledgePage.objects.get(pk=created_pages[(spec["space"], spec["page"])].pk)
        if MustRead.objects.filter(page=page).exists():
            continue
        audience = spec["audience"]
        must_read = mustread.set_must_read(
            users["admin"],
            page,
            everyone=audience.get("everyone", False),
            groups=[],
            departments=list(Department.objects.filter(name__in=audience.get("departments", []))),
            locations=[],
            levels=[],
        )
        readers = [
            user
            for user in User.objects.select_related("profile").order_by("username")
            if mustread.in_audience(user, must_read)
        ]
        for reader in readers[::3]:
            mustread.acknowledge(reader, page)
        log(f"must-read {page.title}: {len(readers[::3])} of {len(readers)} acknowledged")
