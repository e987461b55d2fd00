"""The demo knowledge base. Spaces come from knowledge.yaml; their pages are the Markdown
files under knowledge/<space>/, imported with knowledge.markdown.import_folder (the
importer users have); then the later revisions, review states and must-reads in
knowledge.yaml. A space that exists already is left alone, so seeding again changes
nothing."""

import re
from datetime import timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.models import PageViewRestriction

from core.models import User
from demo.content import CONTENT, DemoContentError, read_yaml
from home.models import HomePage
from knowledge import mustread
from knowledge.markdown import import_folder, markdown_to_blocks
from knowledge.models import KnowledgeIndexPage, KnowledgePage, MustRead, SpacePage, Verification
from people.models import Department, Level

# Links in knowledge.yaml's revisions name their target as "page:SPACE/PAGE".
PAGE_LINK = re.compile(r"page:([\w-]+)/([\w-]+)")
SPACE_OPTIONS = ("edit_policy", "review_interval_days", "stale_policy", "stale_policy_days")
REVIEW_AGES = {"verified": 10, "due": 5, "stale": 60}  # days (due, stale: past the interval)


def seed(log, password: str) -> None:
    data = read_yaml("knowledge.yaml")
    users = {user.username: user for user in User.objects.filter(is_active=True)}
    with transaction.atomic():
        index = _index(data["index"])
        leadership, _ = Group.objects.get_or_create(name="Leadership")
        leadership.user_set.add(
            *User.objects.filter(profile__level__in=[Level.EXECUTIVE, Level.DIRECTOR]),
            users["admin"],
        )
    new_spaces = []
    for spec in data["spaces"]:
        if SpacePage.objects.child_of(index).filter(slug=spec["slug"]).exists():
            continue
        new_spaces.append(add_space(index, spec, users, leadership))
        log(f"space {spec['title']}: {new_spaces[-1].get_descendants().count()} pages")
    pages = {
        (space.slug, page.slug): page
        for space in SpacePage.objects.child_of(index)
        for page in KnowledgePage.objects.descendant_of(space)
    }
    new = {key: page for key, page in pages.items() if key[0] in {s.slug for s in new_spaces}}
    _revise(data.get("revisions", {}), new, pages, users)
    _verify(data.get("reviews", {}), new)
    _seed_must_reads(data.get("must_reads", []), pages, users, log)


def _index(spec: dict) -> KnowledgeIndexPage:
    home = HomePage.objects.get()
    index = KnowledgeIndexPage.objects.child_of(home).first()
    if index is None:
        index = KnowledgeIndexPage(
            title=spec["title"], slug=spec["slug"], intro=spec["intro"], show_in_menus=True
        )
        home.add_child(instance=index)
        index.save_revision().publish(skip_permission_checks=True)
    return index


def add_space(index, spec: dict, users: dict, leadership: Group | None = None) -> SpacePage:
    """A new space as `spec` says, its pages imported from knowledge/<slug>/."""
    with transaction.atomic():
        space = _create_space(index, spec, users, leadership)
    folder = CONTENT / "knowledge" / spec["slug"]
    report = import_folder(folder, space)
    if report.failed:
        reasons = "; ".join(f"{result.path}: {result.reason}" for result in report.failed)
        raise DemoContentError(f"{folder}: {reasons}")
    return space


def ensure_space(spec: dict) -> tuple[SpacePage | None, bool]:
    """The space `spec` describes and whether it is new (made with its Markdown pages);
    (None, False) while there is no knowledge index or no owner to give it."""
    index = KnowledgeIndexPage.objects.first()
    users = {user.username: user for user in User.objects.filter(is_active=True)}
    if index is None or not set(spec["owners"]) <= set(users):
        return None, False
    space = SpacePage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if space is not None:
        return space, False
    return add_space(index, spec, users), True


def _create_space(index, spec: dict, users: dict, leadership: Group | None) -> SpacePage:
    optional = {name: spec[name] for name in SPACE_OPTIONS if name in spec}
    space = SpacePage(
        title=spec["title"],
        slug=spec["slug"],
        listing_summary=spec["summary"],
        description=spec.get("description", ""),
        content_owner=users[spec["owners"][0]],
        **optional,
    )
    index.add_child(instance=space)
    space.owners.set([users[name] for name in spec["owners"]])
    space.editors.set([users[name] for name in spec.get("editors", [])])
    space.save_revision().publish(skip_permission_checks=True)  # grants the permissions
    if spec.get("private_to_group") and leadership is not None:
        restriction = PageViewRestriction.objects.create(
            page=space, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(leadership)
    return space


def _revise(revisions: dict, new: dict, pages: dict, users: dict) -> None:
    """Later versions of new pages, each published by its editor with its change note."""

    def page_id(href: str) -> int | None:
        match = PAGE_LINK.fullmatch(href)
        return pages[(match.group(1), match.group(2))].pk if match else None

    for key, versions in revisions.items():
        page = new.get(tuple(key.split("/")))
        if page is None:
            continue
        with transaction.atomic():
            for version in versions:
                page = KnowledgePage.objects.get(pk=page.pk)
                page.body = markdown_to_blocks(version["body"], page_id)
                page.change_note = version["note"]
                page.material_change = version["material"]
                editor = users[version["editor"]]
                page.save_revision(user=editor, log_action=True).publish(
                    user=editor, skip_permission_checks=True
                )


def _verify(reviews: dict, new: dict) -> None:
    """Verified recently, due for review, or stale: each page as knowledge.yaml says."""
    now = timezone.now()
    for key, state in reviews.items():
        page = new.get(tuple(key.split("/")))
        if page is None:
            continue
        page = KnowledgePage.objects.get(pk=page.pk)
        age = timedelta(days=REVIEW_AGES[state])
        if state != "verified":
            age += timedelta(days=page.review_interval().days)
        Verification.objects.create(
            page=page,
            revision=page.live_revision,
            verified_by=page.content_owner,
            verified_at=now - age,
        )


def _seed_must_reads(specs: list, pages: dict, users: dict, log) -> None:
    """Each must-read acknowledged by about a third of its audience."""
    for spec in specs:
        page = KnowledgePage.objects.get(pk=pages[(spec["space"], spec["page"])].pk)
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
