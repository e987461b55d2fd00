"""docs/permissions.md cannot drift: every cell of its table is checked against the running
code (real requests, Wagtail's page permissions and workflow API, Hearth's services).

Each action is probed in two knowledge spaces: A (owned by the space owner, opened to the
guests) and B (someone else's). A cell reads "yes" when the person may act in both, "their
spaces" in A only, "no" in neither; "approve" also probes a vision statement under review,
"govern" a third space C (someone else's, where every employee may edit), "view reports"
the admin reports. Change a cell in the doc and the matching test fails.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from community.annotations import anchoring
from community.annotations import services as annotations
from community.comments import services as comments
from community.moderation import services as moderation
from core.policy import Action, policy
from governance.guests.services import manageable_spaces
from people.models import GuestAccess
from tests.brand.factories_vision import StatementPageFactory, VisionHubPageFactory
from tests.community.factories import CommentFactory
from tests.factories import (
    KnowledgeIndexPageFactory,
    KnowledgePageFactory,
    SpacePageFactory,
    UserFactory,
    publish,
)

DOC = Path(settings.BASE_DIR) / "docs" / "permissions.md"
ROLES = [
    "Employees",
    "Editors",
    "Space owners",
    "Communications",
    "Moderators",
    "Guests (read-only pinhole)",
    "Guests (read-and-comment pinhole)",
    "Administrators",
    "Sponsors",
    "Anonymous visitor",
]
ACTIONS = [
    "read",
    "comment",
    "annotate",
    "edit",
    "publish",
    "approve",
    "govern",
    "moderate",
    "manage guests",
    "view reports",
    "administer",
    "view insights",
]
REPORTS = [
    "top_contributors",
    "brand_vision_report",
    "brand_campaigns_report",
    "idea_report",
    "knowledge_stale_report",
]
OWN_REPORT = "knowledge_stale_report"  # the one report space owners get (their spaces)


def read_tables() -> list[dict[str, dict[str, str]]]:
    """The doc's tables, in order: [{row: {column: cell}}]."""
    tables, block = [], []
    for line in [*DOC.read_text().splitlines(), ""]:
        if line.strip().startswith("|"):
            block.append(
                [cell.strip().strip("*").strip() for cell in line.strip().strip("|").split("|")]
            )
            continue
        if block:
            header, separator, *body = block
            assert all(re.fullmatch(r":?-+:?", cell) for cell in separator)
            tables.append({row[0]: dict(zip(header[1:], row[1:], strict=True)) for row in body})
            block = []
    return tables


def read_matrix() -> dict[str, dict[str, str]]:
    """The doc's first table: {role: {action: cell}} (the second is the admin's, see
    tests/core/test_permission_matrix_admin.py)."""
    return read_tables()[0]


MATRIX = read_matrix()


def test_the_doc_has_every_role_and_action_and_only_known_values():
    assert list(MATRIX) == ROLES
    for role, cells in MATRIX.items():
        assert list(cells) == ACTIONS, role
        for value in cells.values():
            assert value in {"yes", "no", "their spaces", "hubs and campaigns"}, (role, value)


# -- the world -----------------------------------------------------------------------------


class World:
    def __init__(self, home):
        index = KnowledgeIndexPageFactory(parent=home)
        self.owner = UserFactory(username="sol", roles=["Employees", "Space owners"])
        other_owner = UserFactory(username="otis", roles=["Employees", "Space owners"])
        self.space_a = SpacePageFactory(
            parent=index, title="Partners", owners=[self.owner], edit_policy="editors"
        )
        self.space_b = SpacePageFactory(
            parent=index, title="Finance", owners=[other_owner], edit_policy="editors"
        )
        self.page_a = self._page(self.space_a, "Partner onboarding")
        self.page_b = self._page(self.space_b, "Budget rules")
        self.users = {
            "Employees": UserFactory(username="emp", roles=["Employees"]),
            "Editors": UserFactory(username="edi", roles=["Employees", "Editors"]),
            "Space owners": self.owner,
            "Communications": UserFactory(username="com", roles=["Employees", "Communications"]),
            "Moderators": UserFactory(username="mod", roles=["Employees", "Moderators"]),
            "Guests (read-only pinhole)": self._guest("gro", can_comment=False),
            "Guests (read-and-comment pinhole)": self._guest("grc", can_comment=True),
            "Administrators": UserFactory(username="adm", roles=["Employees", "Administrators"]),
            "Sponsors": UserFactory(username="spo", roles=["Employees", "Sponsors"]),
            "Anonymous visitor": AnonymousUser(),
        }

    def _page(self, space, title):
        page = KnowledgePageFactory(parent=space, title=title)
        publish(page)
        return page

    def _guest(self, username, can_comment):
        guest = UserFactory(username=username, roles=["Guests"])
        GuestAccess.objects.create(
            user=guest,
            space=self.space_a,
            can_comment=can_comment,
            expires_at=timezone.now() + timedelta(days=30),
            granted_by=self.owner,
        )
        return guest

    def fresh(self, role):
        """The person as a new request would see them (nothing cached on the object)."""
        user = self.users[role]
        return type(user).objects.get(pk=user.pk) if user.is_authenticated else user

    def client(self, role) -> Client:
        client = Client()
        if self.users[role].is_authenticated:
            client.force_login(self.users[role])
        return client


@pytest.fixture
def world(home):
    return World(home)


def _allowed(call) -> bool:
    try:
        call()
    except (PermissionDenied, ValidationError):
        return False
    return True


def _in_spaces(in_a: bool, in_b: bool) -> str:
    return {(True, True): "yes", (True, False): "their spaces", (False, False): "no"}.get(
        (in_a, in_b), "only elsewhere"
    )


def _page(page):
    return Page.objects.get(pk=page.pk).specific


# -- one probe per action: what the code lets `role` do, in the doc's words ---------------


def probe_read(world, role):
    client = world.client(role)
    return _in_spaces(*(client.get(page.url).status_code == 200 for page in world.pages))


def probe_comment(world, role):
    user = world.fresh(role)
    return _in_spaces(
        *(
            _allowed(lambda p=p: comments.post_comment(user, _page(p), "Noted."))
            for p in world.pages
        )
    )


def _selection(page) -> anchoring.Selector:
    texts = anchoring.live_texts(page)
    block_id, text = next((key, value) for key, value in texts.items() if "explains" in value)
    start = text.index("explains")
    return anchoring.Selector(
        block_id=block_id,
        exact="explains",
        prefix=text[max(0, start - 32) : start],
        suffix=text[start + 8 : start + 40],
        start=start,
        end=start + 8,
    )


def probe_annotate(world, role):
    user = world.fresh(role)

    def annotate(page):
        page = _page(page)
        return _allowed(lambda: annotations.create_annotation(user, page, _selection(page), "?"))

    return _in_spaces(*(annotate(page) for page in world.pages))


def probe_edit(world, role):
    user = world.fresh(role)
    return _in_spaces(*(p.permissions_for_user(user).can_edit() for p in world.pages))


def probe_publish(world, role):
    user = world.fresh(role)
    return _in_spaces(*(p.permissions_for_user(user).can_publish() for p in world.pages))


def _under_review(world):
    """Pages A and B and a vision statement, each at the first step of its workflow."""
    from core.workflows import ensure_default_workflows

    if not hasattr(world, "under_review"):
        hub = VisionHubPageFactory(parent=world.space_a.get_parent().get_parent())
        statement = StatementPageFactory(parent=hub, title="We build trust")
        publish(statement)
        ensure_default_workflows()
        world.under_review = []
        for page in [*world.pages, statement]:
            page = _page(page)
            page.save_revision(user=world.owner)
            page.get_workflow().start(page, world.owner)
            world.under_review.append(_page(page))
    return world.under_review


def _approve_cell(in_a: bool, in_b: bool, hub: bool) -> str:
    if hub and not (in_a or in_b):
        return "hubs and campaigns"
    return _in_spaces(in_a, in_b) if hub == in_b else "mixed"


def probe_approve(world, role):
    user = world.fresh(role)

    def may_approve(page):
        actions = page.current_workflow_task.specific.get_actions(page, user)
        return "approve" in [action[0] for action in actions]

    return _approve_cell(*(may_approve(page) for page in _under_review(world)))


def _wiki_page(world):
    """A page in space C: someone else's, where every employee may edit."""
    if not hasattr(world, "wiki_page"):
        other_owner = world.space_b.owners.get()
        world.space_c = SpacePageFactory(
            parent=world.space_a.get_parent(),
            title="Handbook",
            owners=[other_owner],
            edit_policy="everyone",
        )
        world.wiki_page = world._page(world.space_c, "Holiday rules")
    return world.wiki_page


def _govern_cell(in_a, in_b, in_wiki) -> str:
    if None in (in_a, in_b, in_wiki):
        return "the screens disagree"
    return _in_spaces(in_a, in_b) if in_wiki == in_b else "wiki space differs"


def probe_govern(world, role):
    """The must-read form and report answer, and the page editor offers the review
    settings (to those who may open it), in A, B, and C: a space of someone else's where
    every employee may edit. Editing C must not make anyone its governor."""
    wiki_page = _wiki_page(world)
    client, user = world.client(role), world.fresh(role)

    def governs(page):
        surfaces = [
            client.get(reverse(name, args=[page.pk])).status_code == 200
            for name in ("knowledge:must_read", "knowledge:acknowledgements")
        ]
        if _page(page).permissions_for_user(user).can_edit():
            editor = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
            surfaces.append("review_interval_days" in editor.context["form"].fields)
        return all(surfaces) if len(set(surfaces)) == 1 else None

    return _govern_cell(*(governs(page) for page in [*world.pages, wiki_page]))


def probe_moderate(world, role):
    user = world.fresh(role)
    return _in_spaces(
        *(
            _allowed(lambda p=p: moderation.hide(user, CommentFactory(page=p), "Spam"))
            for p in world.pages
        )
    )


def probe_manage_guests(world, role):
    """Who sees the guests screen's spaces (the invite form offers no others)."""
    user = world.fresh(role)
    return _in_spaces(*(manageable_spaces(user).filter(pk=s.pk).exists() for s in world.spaces))


def probe_view_reports(world, role):
    client = world.client(role)
    shown = {name for name in REPORTS if client.get(reverse(name)).status_code == 200}
    if shown == set(REPORTS):
        return "yes"
    if shown == {OWN_REPORT}:
        return "their spaces"
    return "no" if not shown else f"only {sorted(shown)}"


def probe_administer(world, role):
    client = world.client(role)
    urls = [reverse("wagtailusers_users:index"), reverse("wagtailusers_groups:index")]
    urls += [reverse("hearth_audit_log"), reverse("search_analytics")]
    urls += [reverse("hearth_scheduled_jobs")]
    allowed = [client.get(url).status_code == 200 for url in urls]
    return "yes" if all(allowed) else "no" if not any(allowed) else "partly"


def probe_view_insights(world, role):
    client = world.client(role)
    urls = [reverse("insights:dashboard"), reverse("insights:table", args=["comments"])]
    allowed = [client.get(url, {"format": "csv"}).status_code == 200 for url in urls]
    return "yes" if all(allowed) else "no" if not any(allowed) else "partly"


World.pages = property(lambda world: [world.page_a, world.page_b])
World.spaces = property(lambda world: [world.space_a, world.space_b])
PROBES = {action: globals()[f"probe_{action.replace(' ', '_')}"] for action in ACTIONS}


# -- the same cells, as the permission policy answers them ---------------------------------
POLICY_ACTIONS = {"read": Action.VIEW, **{a: Action(a.replace(" ", "_")) for a in ACTIONS[1:]}}


def policy_cell(world, role, action) -> str:
    """What `core.policy` answers for `role` and `action`, in the doc's words: asked page
    by page (`user_has_permission_for_instance`) on the objects the probes use."""
    user = world.fresh(role)
    name = POLICY_ACTIONS[action]
    if name is Action.ADMINISTER:
        return "yes" if policy.user_has_permission(user, name) else "no"

    def may(target):
        return policy.user_has_permission_for_instance(user, name, _page(target))

    if name is Action.APPROVE:
        return _approve_cell(*(may(page) for page in _under_review(world)))
    if name is Action.GOVERN:
        return _govern_cell(*(may(page) for page in [*world.pages, _wiki_page(world)]))
    targets = world.spaces if name in (Action.MANAGE_GUESTS, Action.VIEW_REPORTS) else world.pages
    return _in_spaces(*(may(target) for target in targets))


@pytest.mark.parametrize("action", ACTIONS)
def test_every_cell_of_the_permission_matrix_holds(world, action):
    wrong = []
    for role in ROLES:
        expected = MATRIX[role][action]
        found = PROBES[action](world, role)
        if found != expected:
            wrong.append(f"{role}, {action}: docs/permissions.md says {expected!r}, code {found!r}")
        answered = policy_cell(world, role, action)
        if answered != expected:
            wrong.append(
                f"{role}, {action}: docs/permissions.md says {expected!r}, policy {answered!r}"
            )
    assert not wrong, "\n".join(wrong)
