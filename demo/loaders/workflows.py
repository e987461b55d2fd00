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

_DATA = read_yaml("workflows.yaml")
KNOWLEDGE_STATES, STATEMENT_STATES = (
    _DATA[key] for key in ("knowledge_states", "statement_states")
)


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

    spaces = SpacePage.objects.filter(owners=owner)
    knowledge = []
    for space in spaces:
        knowledge += list(KnowledgePage.objects.live().descendant_of(space).order_by("path")[:3])
        if len(knowledge) >= len(KNOWLEDGE_STATES):
            break
    statements = list(StatementPage.objects.live().order_by("path")[: len(STATEMENT_STATES)])

    with transaction.atomic():
        for page, (label, action) in zip(knowledge, KNOWLEDGE_STATES, strict=False):
            state = _submit(page, editor, f"Demo change, {label}")
            if action == "reject":
                _act(state, owner, "reject", "Please link the policy this refers to.")
            elif action == "approve":
                _act(state, owner, "approve", "Thanks, looks right.")
        for page, (label, actions) in zip(statements, STATEMENT_STATES, strict=False):
            state = _submit(page, editor, f"Demo change, {label}")
            for action in actions:
                _act(state, comms, action)
    log(
        f"workflows: {len(knowledge)} knowledge pages and {len(statements)} statements "
        "in review, changes requested, approved"
    )
