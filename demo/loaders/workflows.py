"""Demo editorial workflows for `manage.py seed_demo`: pages in each workflow state.

The `editor` login submits changes; knowledge pages wait for their space's owners, vision
statements for Communications (a checklist) and then the executives. Idempotent: once the
editor has submitted anything, nothing more is done.
"""

from django.db import transaction
from wagtail.models import WorkflowState

from brand.models import StatementPage
from core.models import User
from core.workflows import ensure_default_workflows
from demo.content import read_yaml
from knowledge.models import KnowledgePage, SpacePage


def _submit(page, user, note: str):
    page = page.specific_class.objects.get(pk=page.pk)
    if hasattr(page, "change_note"):
        page.change_note = note
    page.listing_summary = f"{page.listing_summary} ({note})".strip()[:300]
    page.save_revision(user=user, log_action=True)
    return page.get_workflow().start(page, user)


def _act(state, user, action: str, comment: str = ""):
    task_state = state.current_task_state.specific
    task = task_state.task.specific
    ticks = {f"item_{i}": True for i in range(len(getattr(task, "item_list", [])))}
    task.on_action(task_state, user, action, comment=comment, **ticks)
    state.refresh_from_db()


def _page(path: str) -> KnowledgePage | None:
    """The live knowledge page workflows.yaml names as "space/slug"."""
    space_slug, slug = path.split("/")
    space = SpacePage.objects.filter(slug=space_slug).first()
    if space is None:
        return None
    return KnowledgePage.objects.live().descendant_of(space).filter(slug=slug).first()


def seed(log, password: str) -> None:
    ensure_default_workflows()
    users = {user.username: user for user in User.objects.filter(is_active=True)}
    editor, owner, comms = users.get("editor"), users.get("owner"), users.get("comms")
    if editor is None or owner is None or comms is None:
        log("workflows: demo logins missing; skipped")
        return
    if WorkflowState.objects.filter(requested_by=editor).exists():
        log("workflows: already seeded")
        return

    data = read_yaml("workflows.yaml")
    knowledge = [(_page(spec["page"]), spec) for spec in data["knowledge"]]
    knowledge = [(page, spec) for page, spec in knowledge if page is not None]
    statements = StatementPage.objects.live().order_by("path")[: len(data["statements"])]
    with transaction.atomic():
        for page, spec in knowledge:
            state = _submit(page, editor, f"Demo change, {spec['state']}")
            if spec.get("action"):
                _act(state, owner, spec["action"], spec["comment"])
        for page, spec in zip(statements, data["statements"], strict=False):
            state = _submit(page, editor, f"Demo change, {spec['state']}")
            for action in spec["actions"]:
                _act(state, comms, action)
    log(
        f"workflows: {len(knowledge)} knowledge pages and {len(statements)} statements "
        "in review, changes requested, approved"
    )
