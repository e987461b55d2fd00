"""Editorial workflows: the default workflows, each review path through the admin's own
workflow action URL, the checklist, notifications and mail, the banner and the history."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import (
    GroupApprovalTask,
    Page,
    PageLogEntry,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
)

from brand.models import VisionHubPage
from community.models import Notification, NotificationVerb
from core.models import ChecklistTask, ChecklistTaskState
from core.workflows import (
    BRAND_REVIEW,
    CHECKLIST_ACTION,
    COMMUNICATIONS_REVIEW,
    EXECUTIVE_SIGN_OFF,
    HUB_WORKFLOW,
    REJECT_ACTION,
    SITE_APPROVAL,
    SPACE_OWNER_APPROVAL,
    ChecklistIncomplete,
    ensure_default_workflows,
)
from tests.brand.factories_campaigns import CampaignIndexPageFactory
from tests.brand.factories_vision import StatementPageFactory, VisionHubPageFactory
from tests.factories import (
    KnowledgeIndexPageFactory,
    KnowledgePageFactory,
    SpacePageFactory,
    UserFactory,
    home_page,
    knowledge_space,
    publish,
)

pytestmark = pytest.mark.django_db
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


# Helpers --------------------------------------------------------------------------------
def _space_page(owner, *, owners=None, title="Expenses"):
    space = knowledge_space(f"{title} space", owners=owners or [owner], edit_policy="editors")
    page = KnowledgePageFactory(parent=space, title=title)
    publish(page, owner)
    return page


def _statement(comms):
    hub = VisionHubPage.objects.first() or VisionHubPageFactory(parent=home_page())
    statement = StatementPageFactory(parent=hub, title="We build trust")
    publish(statement, comms)
    return statement


def _submit(page, user, capture, **fields) -> WorkflowState:
    """`user` saves a draft with `fields` changed and submits it, as the editor's
    "Submit for review" does; the notifications' tasks run on commit."""
    page = Page.objects.get(pk=page.pk).specific
    for name, value in fields.items():
        setattr(page, name, value)
    with capture(execute=True):
        page.save_revision(user=user, log_action=True)
        state = page.get_workflow().start(page, user)
    return state


def _act(client, page, action, capture, data=None, **headers):
    state = page.current_workflow_state
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, action, state.current_task_state.pk],
    )
    with capture(execute=True):
        return client.post(url, data or {}, **headers)


def _ticks(count: int) -> dict:
    return {f"item_{i}": "on" for i in range(count)}


def _notes(user, verb):
    return list(Notification.objects.filter(recipient=user, verb=verb))


@pytest.fixture
def owner(db):
    return UserFactory(username="olive", roles=["Employees", "Space owners"])


@pytest.fixture
def editor(db):
    return UserFactory(username="eddie", roles=["Employees", "Editors"])


@pytest.fixture
def comms(db):
    return UserFactory(username="cora", roles=["Employees", "Communications"])


# Default workflows ----------------------------------------------------------------------
def test_default_workflows_are_created_once_and_assigned_to_each_section(db):
    index = KnowledgeIndexPageFactory(parent=home_page())
    hub = VisionHubPageFactory(parent=home_page())
    campaigns = CampaignIndexPageFactory(parent=home_page())
    ensure_default_workflows()
    ensure_default_workflows()

    assigned = dict(WorkflowPage.objects.values_list("page_id", "workflow__name"))
    assert assigned[index.pk] == SPACE_OWNER_APPROVAL
    assert assigned[hub.pk] == HUB_WORKFLOW
    assert assigned[campaigns.pk] == BRAND_REVIEW
    assert Workflow.objects.filter(name=HUB_WORKFLOW).count() == 1
    hub_tasks = [task.name for task in Workflow.objects.get(name=HUB_WORKFLOW).tasks]
    assert hub_tasks == [COMMUNICATIONS_REVIEW, EXECUTIVE_SIGN_OFF]
    review = ChecklistTask.objects.get(name=COMMUNICATIONS_REVIEW)
    assert review.item_list == ["Accurate", "On-brand tone", "No personal data", "Legal checked"]
    # Wagtail's starter workflow no longer lets comment moderators approve pages.
    starter = GroupApprovalTask.objects.get(name=SITE_APPROVAL)
    assert list(starter.groups.values_list("name", flat=True)) == ["Communications"]
    assert WorkflowPage.objects.get(page__depth=1).workflow.name == SITE_APPROVAL


# Space owner approval -------------------------------------------------------------------
def test_owner_approves_a_change_and_the_page_goes_live(
    owner, editor, signed_in, django_capture_on_commit_callbacks
):
    page = _space_page(owner)
    mail.outbox.clear()
    _submit(page, editor, django_capture_on_commit_callbacks, title="Expenses, 2026 rules")

    # The space's owner is asked, in the notification centre and by one email.
    (asked,) = _notes(owner, NotificationVerb.REVIEW)
    assert asked.subject == "Expenses" and asked.detail == SPACE_OWNER_APPROVAL
    assert asked.link == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert [message.to for message in mail.outbox] == [[owner.email]]
    page.refresh_from_db()
    assert page.title == "Expenses"  # nothing is live before approval

    mail.outbox.clear()
    response = _act(signed_in(owner), page, "approve", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "Expenses, 2026 rules" and not page.has_unpublished_changes
    assert page.current_workflow_state is None
    (approved,) = _notes(editor, NotificationVerb.APPROVED)
    assert approved.actor == owner
    # One email to the editor: ours; Wagtail's own workflow email is not sent as well.
    assert [message.to for message in mail.outbox].count([editor.email]) == 1


def test_someone_not_assigned_gets_403_and_nothing_changes(
    owner, editor, signed_in, django_capture_on_commit_callbacks
):
    page = _space_page(owner)
    other_owner = UserFactory(username="otto", roles=["Employees", "Space owners"])
    SpacePageFactory(parent=page.get_parent().get_parent(), owners=[other_owner])
    state = _submit(page, editor, django_capture_on_commit_callbacks, title="Changed")

    for person in (editor, other_owner):
        task = state.current_task_state.task.specific
        assert task.get_actions(page, person) == []
        client = signed_in(person)
        # The admin's modal (XHR) answers 403; a plain POST gets Wagtail's "no permission"
        # redirect with a message. Neither acts.
        response = _act(client, page, "approve", django_capture_on_commit_callbacks, **XHR)
        assert response.status_code == 403
        response = _act(client, page, "approve", django_capture_on_commit_callbacks)
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert Page.objects.get(pk=page.pk).title == "Expenses"


def test_a_space_without_owners_is_reviewed_by_administrators(
    editor, django_capture_on_commit_callbacks
):
    admin = UserFactory(username="ada", roles=["Employees", "Administrators"])
    page = _space_page(admin, owners=[admin])
    space = page.get_parent().specific
    space.owners.clear()
    state = _submit(page, editor, django_capture_on_commit_callbacks, title="Changed")
    task = state.current_task_state.task.specific
    assert [name for name, *_ in task.get_actions(page, admin)] == [
        "reject",
        "decline",
        "approve",
        "approve",
    ]


def test_request_changes_needs_a_comment_and_tells_the_editor(
    owner, editor, signed_in, django_capture_on_commit_callbacks
):
    page = _space_page(owner)
    state = _submit(page, editor, django_capture_on_commit_callbacks, title="Changed")
    client = signed_in(owner)

    response = _act(client, page, "reject", django_capture_on_commit_callbacks, {}, **XHR)
    assert response.status_code == 200
    assert "Say what should change" in response.json()["html"]
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    comment = {"comment": "Please cite the policy."}
    _act(client, page, "reject", django_capture_on_commit_callbacks, comment)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    (changes,) = _notes(editor, NotificationVerb.CHANGES)
    assert changes.detail == "Please cite the policy." and changes.actor == owner
    assert Page.objects.get(pk=page.pk).title == "Expenses"


def test_reject_ends_the_workflow_and_keeps_the_live_page(
    owner, editor, signed_in, django_capture_on_commit_callbacks
):
    page = _space_page(owner)
    state = _submit(page, editor, django_capture_on_commit_callbacks, title="Changed")
    comment = {"comment": "This belongs in the HR space."}
    _act(signed_in(owner), page, "decline", django_capture_on_commit_callbacks, comment)

    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_CANCELLED
    assert state.current_task_state.status == TaskState.STATUS_REJECTED
    page.refresh_from_db()
    assert page.title == "Expenses" and page.live
    (rejected,) = _notes(editor, NotificationVerb.REJECTED)
    assert rejected.detail == "This belongs in the HR space."
    entry = PageLogEntry.objects.get(page=page, action=REJECT_ACTION)
    assert entry.user == owner and entry.data["comment"] == "This belongs in the HR space."


# Checklist review -----------------------------------------------------------------------
def test_checklist_refuses_approval_until_every_item_is_ticked(
    comms, editor, signed_in, django_capture_on_commit_callbacks
):
    executive = UserFactory(username="exa", roles=["Employees", "Executives"])
    statement = _statement(comms)
    state = _submit(
        statement, editor, django_capture_on_commit_callbacks, statement="Trust is earned."
    )
    assert [n.detail for n in _notes(comms, NotificationVerb.REVIEW)] == [COMMUNICATIONS_REVIEW]
    client = signed_in(comms)

    # The modal shows one checkbox per item.
    task_state = state.current_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[statement.pk, "approve", task_state.pk]
    )
    form = client.get(url, **XHR).json()["html"]
    assert all(item in form for item in ("Accurate", "No personal data", "Legal checked"))

    # Three of four ticks: a form error, and nothing moves.
    response = _act(
        client, statement, "approve", django_capture_on_commit_callbacks, _ticks(3), **XHR
    )
    assert "Tick every item of the checklist before approving." in response.json()["html"]
    task_state = ChecklistTaskState.objects.get(pk=task_state.pk)
    assert task_state.status == TaskState.STATUS_IN_PROGRESS and task_state.ticked == []
    # A crafted call that skips the form is refused as well.
    with pytest.raises(ChecklistIncomplete):
        task_state.task.specific.on_action(task_state, comms, "approve", comment="")

    response = _act(client, statement, "approve", django_capture_on_commit_callbacks, _ticks(4))
    assert response.status_code == 302
    task_state = ChecklistTaskState.objects.get(pk=task_state.pk)
    assert task_state.status == TaskState.STATUS_APPROVED
    assert task_state.ticked == ["Accurate", "On-brand tone", "No personal data", "Legal checked"]
    entry = PageLogEntry.objects.get(page=statement, action=CHECKLIST_ACTION)
    assert entry.user == comms and entry.data["ticked"] == task_state.ticked

    # On to the executive sign-off; the page is not live yet.
    state.refresh_from_db()
    assert state.current_task_state.task.name == EXECUTIVE_SIGN_OFF
    assert [n.detail for n in _notes(executive, NotificationVerb.REVIEW)] == [EXECUTIVE_SIGN_OFF]
    assert state.current_task_state.task.specific.get_actions(statement, comms) == []
    _act(signed_in(executive), statement, "approve", django_capture_on_commit_callbacks, _ticks(2))
    statement.refresh_from_db()
    assert statement.specific.statement == "Trust is earned."
    assert _notes(editor, NotificationVerb.APPROVED)


# What readers and editors see -----------------------------------------------------------
def test_readers_see_update_under_review_but_never_the_draft(
    owner, editor, employee_client, signed_in, django_capture_on_commit_callbacks
):
    page = _space_page(owner)
    html = employee_client.get(page.url).content.decode()
    assert 'data-testid="review-banner"' not in html

    _submit(page, editor, django_capture_on_commit_callbacks, title="Secret new title")
    html = employee_client.get(page.url).content.decode()
    assert 'data-testid="review-banner"' in html and "Update under review" in html
    assert "Secret new title" not in html
    assert 'data-testid="workflow-status"' not in html  # readers: no step, no reviewers

    html = signed_in(editor).get(page.url).content.decode()
    assert "Step 1 of 1: Space owner approval." in html
    assert owner.display_name in html


def test_the_banner_costs_the_same_queries_however_many_reviewers(
    owner, editor, signed_in, django_capture_on_commit_callbacks
):
    few = _space_page(owner, title="Few")
    many = _space_page(owner, title="Many")
    many.get_parent().specific.owners.add(*(UserFactory(roles=["Employees"]) for _ in range(4)))
    for page in (few, many):
        _submit(page, editor, django_capture_on_commit_callbacks, title=f"{page.title}!")
    client = signed_in(editor)

    def queries(page):
        client.get(page.url)  # warm the per-process caches
        with CaptureQueriesContext(connection) as captured:
            assert "Step 1 of 1" in client.get(page.url).content.decode()
        return len(captured)

    assert queries(few) == queries(many)


def test_workflow_actions_are_in_the_history_for_editors_only(
    owner, editor, employee_client, signed_in, django_capture_on_commit_callbacks
):
    page = _space_page(owner)
    _submit(page, editor, django_capture_on_commit_callbacks, title="Changed")
    _act(
        signed_in(owner),
        page,
        "reject",
        django_capture_on_commit_callbacks,
        {"comment": "Cite it."},
    )
    url = reverse("knowledge:history", kwargs={"page_id": page.pk})

    html = signed_in(editor).get(url).content.decode()
    assert 'data-testid="workflow-history"' in html
    assert 'data-action="wagtail.workflow.start"' in html
    assert 'data-action="wagtail.workflow.reject"' in html and "Cite it." in html
    assert 'data-testid="workflow-history"' not in employee_client.get(url).content.decode()
