"""Editorial workflows: Hearth's review steps on top of Wagtail's workflows and tasks.

Wagtail runs the workflow (states, revisions, the admin's action menu and modals, the
page's history, publishing on the last approval); Hearth adds who reviews and what a
reviewer must confirm:

- `ChecklistReview` (the behaviour of `core.models.ChecklistTask`): members of the task's
  groups review; approving needs every item of the task's checklist ticked. The ticks are
  kept on the task state (`ChecklistTaskState.ticked`) and in the audit log
  (`hearth.workflow.checklist`).
- `SpaceOwnerReview` (`core.models.SpaceOwnerApprovalTask`): the owners of the page's
  knowledge space review, resolved when asked, so one workflow serves every space. A
  space without owners falls back to the Administrators.

Every reviewer may approve, request changes (Wagtail's "reject": the workflow waits for
the editor, who edits and resubmits) or reject outright ("decline": the workflow ends and
the draft stays a draft). Requesting changes and rejecting need a comment.

`ensure_default_workflows` creates and assigns the default workflows (the data migration
calls it; tests call it after flushing the database); `connect_signals` (called in
`CoreConfig.ready`) keeps newly created sections assigned and keeps Wagtail's own
workflow emails out: governance.workflows sends Hearth's notifications in their place.

This module is imported by `core.models` (the task models mix these classes in), so it
reaches the user model through `get_user_model()` when called, and finds a space's owners
through the page models that declare `governors_field`, naming no domain app.
"""

from __future__ import annotations

from django import forms
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import CharField, Exists, Q, QuerySet
from django.db.models.functions import Cast
from django.db.models.signals import post_save
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm
from wagtail.log_actions import log
from wagtail.models import (
    AbstractGroupApprovalTask,
    LockableMixin,
    Page,
    PageLogEntry,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
    get_page_models,
)
from wagtail.signals import (
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

from core.memo import per_request

CHECKLIST_ACTION = "hearth.workflow.checklist"
REJECT_ACTION = "hearth.workflow.reject"
DECLINE = "decline"  # the action name of an outright rejection
# Sent (instance=the WorkflowState, user=) when a reviewer rejects outright (`decline`),
# which ends the workflow without Wagtail's workflow_rejected; governance.workflows tells
# the editor.
workflow_declined = Signal()

SPACE_OWNER_APPROVAL = "Space owner approval"
COMMUNICATIONS_REVIEW = "Communications review"
EXECUTIVE_SIGN_OFF = "Executive sign-off"
BRAND_REVIEW = "Brand review"
HUB_WORKFLOW = "Communications review and executive sign-off"
SITE_APPROVAL = "Communications approval"
EXECUTIVES = "Executives"

# name → (reviewer groups, checklist items)
CHECKLISTS: dict[str, tuple[list[str], list[str]]] = {
    COMMUNICATIONS_REVIEW: (
        ["Communications"],
        ["Accurate", "On-brand tone", "No personal data", "Legal checked"],
    ),
    EXECUTIVE_SIGN_OFF: (
        [EXECUTIVES],
        ["Consistent with our strategy", "Ready to be shown to every employee"],
    ),
    BRAND_REVIEW: (
        ["Communications"],
        [
            "On-brand tone and visuals",
            "Right audience",
            "Dates and links checked",
            "No personal data",
        ],
    ),
}
# workflow name → its tasks in order
WORKFLOWS: dict[str, list[str]] = {
    SPACE_OWNER_APPROVAL: [SPACE_OWNER_APPROVAL],
    HUB_WORKFLOW: [COMMUNICATIONS_REVIEW, EXECUTIVE_SIGN_OFF],
    BRAND_REVIEW: [BRAND_REVIEW],
}
# "app_label.model" of the section pages a workflow is assigned to (it covers their subtree)
ASSIGNMENTS: dict[str, str] = {
    "knowledge.knowledgeindexpage": SPACE_OWNER_APPROVAL,
    "brand.visionhubpage": HUB_WORKFLOW,
    "brand.brandhubpage": HUB_WORKFLOW,
    "brand.campaignindexpage": BRAND_REVIEW,
}


class ChecklistIncomplete(PermissionDenied):
    """Approving a checklist review without every item ticked (a crafted request: the
    admin's modal form refuses it first)."""


# Forms ----------------------------------------------------------------------------------
class RequiredCommentForm(TaskStateCommentForm):
    """Requesting changes or rejecting: the editor needs to know why."""

    comment = forms.CharField(
        label=_("Comment"),
        required=True,
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": _("Say what should change, so the editor knows.")},
    )


def tick_field(index: int) -> str:
    return f"item_{index}"


class ChecklistFormBase(TaskStateCommentForm):
    items: list[str] = []

    def clean(self):
        data = super().clean()
        if not all(data.get(tick_field(i)) for i in range(len(self.items))):
            raise forms.ValidationError(_("Tick every item of the checklist before approving."))
        return data


def checklist_form(items: list[str]) -> type[forms.Form]:
    """The approval form of a checklist: one required checkbox per item, then a comment."""
    fields = {
        tick_field(i): forms.BooleanField(
            label=item,
            required=True,
            error_messages={"required": _("Tick this item to approve.")},
        )
        for i, item in enumerate(items)
    }
    fields["comment"] = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea({"rows": 2})
    )
    form = type("ChecklistApprovalForm", (ChecklistFormBase,), fields)
    form.items = list(items)
    return form


# Reviewing ------------------------------------------------------------------------------
def _users():
    return get_user_model().objects.filter(is_active=True)


class ReviewTask:
    """What Hearth's review tasks share; a subclass says who reviews (`reviewers`)."""

    def reviewers(self, obj) -> QuerySet:
        """Active people who may act on `obj` at this step (superusers always may)."""
        raise NotImplementedError

    def user_is_reviewer(self, obj, user) -> bool:
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if user.is_superuser:
            return True
        # One query per task and object and request (core.memo).
        return per_request(
            user,
            ("reviewer", self.pk, getattr(obj, "pk", None)),
            lambda: self.reviewers(obj).filter(pk=user.pk).exists(),
        )

    def start(self, workflow_state, user=None):
        obj = workflow_state.content_object
        # As Wagtail's group approval: a lock held by someone who cannot review is lifted.
        locked_by = obj.locked_by if isinstance(obj, LockableMixin) else None
        if locked_by is not None and not self.user_is_reviewer(obj, locked_by):
            obj.locked, obj.locked_by, obj.locked_at = False, None, None
            obj.save(update_fields=["locked", "locked_by", "locked_at"])
        return super().start(workflow_state, user=user)

    def user_can_access_editor(self, obj, user):
        return self.user_is_reviewer(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_is_reviewer(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_is_reviewer(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def approve_actions(self) -> list[tuple[str, str, bool]]:
        return [("approve", _("Approve"), False), ("approve", _("Approve with comment"), True)]

    def get_actions(self, obj, user):
        if not self.user_is_reviewer(obj, user):
            return []
        return [
            ("reject", _("Request changes"), True),
            (DECLINE, _("Reject"), True),
            *self.approve_actions(),
        ]

    def get_form_for_action(self, action):
        if action in ("reject", DECLINE):
            return RequiredCommentForm
        return TaskStateCommentForm

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        """Approve, request changes or reject, after checking `user` reviews this step."""
        task_state = task_state.specific
        page = task_state.workflow_state.content_object
        if not self.user_is_reviewer(page, user):
            raise PermissionDenied(_("You are not a reviewer of this step."))
        comment = str(kwargs.get("comment") or "")
        if action_name == "approve":
            self.before_approval(task_state, user, kwargs)
            task_state.approve(user=user, comment=comment)
        elif action_name == "reject":
            task_state.reject(user=user, comment=comment)
        elif action_name == DECLINE:
            decline(task_state, user, comment)

    def before_approval(self, task_state, user, data: dict) -> None:
        """Check and record what approving needs (a checklist's ticks)."""

    @classmethod
    def get_description(cls):
        return cls.description


class ChecklistReview(ReviewTask):
    """Members of the task's groups review; approving needs every checklist item ticked."""

    description = _("Members of the chosen groups approve after ticking every checklist item")

    def reviewers(self, obj) -> QuerySet:
        return _users().filter(groups__in=self.groups.all()).distinct()

    def user_is_reviewer(self, obj, user) -> bool:
        # Reviewing depends on the groups only, not on the object: one check per task.
        return super().user_is_reviewer(None, user)

    def approve_actions(self):
        if not self.item_list:
            return super().approve_actions()
        return [("approve", _("Approve"), True)]

    def get_form_for_action(self, action):
        if action == "approve" and self.item_list:
            return checklist_form(self.item_list)
        return super().get_form_for_action(action)

    def before_approval(self, task_state, user, data: dict) -> None:
        items = self.item_list
        missing = [item for i, item in enumerate(items) if data.get(tick_field(i)) is not True]
        if missing:
            raise ChecklistIncomplete(_("Tick every item of the checklist before approving."))
        task_state.ticked = list(items)
        task_state.save(update_fields=["ticked"])
        log(
            instance=task_state.workflow_state.content_object.specific,
            action=CHECKLIST_ACTION,
            user=user,
            revision=task_state.revision,
            data={
                "task": {"id": self.pk, "title": self.name},
                "task_state_id": task_state.pk,
                "ticked": list(items),
            },
        )

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if self.user_is_reviewer(None, user):
            return self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        return TaskState.objects.none()


def _ancestor_paths(path: str) -> list[str]:
    step = Page.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def _governing_models() -> list[type[Page]]:
    """Page models whose governors (`governors_field`, their many-to-many to users: a
    knowledge space's owners) own the pages below them, as `core.permissions.may_govern`
    reads them. Declared on the model, so core names no domain app."""
    return [model for model in get_page_models() if getattr(model, "governors_field", None)]


def _governor_links(paths: list[str]) -> list[QuerySet]:
    """Per governing model, the ids of the governors of its pages at `paths`: subqueries
    on the many-to-many tables, no query of their own."""
    links = []
    for model in _governing_models():
        field = model._meta.get_field(model.governors_field)
        rows = field.remote_field.through.objects.filter(
            **{f"{field.m2m_field_name()}__path__in": paths}
        )
        links.append(rows.values(field.m2m_reverse_field_name()))
    return links


class SpaceOwnerReview(ReviewTask):
    """The owners of the page's knowledge space review (Administrators when it has none)."""

    description = _("The owners of the page's knowledge space approve")

    def reviewers(self, obj) -> QuerySet:
        paths = _ancestor_paths(obj.path) if obj is not None else []
        # A space without owners (or a page outside any space): the Administrators review.
        owners, nobody = Q(), Q(groups__name="Administrators")
        for governors in _governor_links(paths):
            owners |= Q(pk__in=governors)
            nobody &= ~Exists(governors)
        return _users().filter(owners | nobody).distinct()

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        spaces = Q()
        for model in _governing_models():
            governed = model.objects.filter(**{model.governors_field: user})
            for path in governed.values_list("path", flat=True):
                spaces |= Q(path__startswith=path)
        if not spaces:
            return TaskState.objects.none()
        pages = Page.objects.filter(spaces).annotate(key=Cast("pk", CharField())).values("key")
        return states.filter(workflow_state__object_id__in=pages)


def reviewer_ids(task, obj) -> QuerySet | list[int]:
    """Who reviews `obj` at `task` (Hearth's tasks, and Wagtail's group approval)."""
    if isinstance(task, ReviewTask):
        return task.reviewers(obj).values("pk")
    if isinstance(task, AbstractGroupApprovalTask):
        return _users().filter(groups__in=task.groups.all()).values("pk")
    return []


def decline(task_state, user, comment: str) -> None:
    """Reject outright: the step is rejected, the workflow ends (cancelled), the draft
    stays a draft; the editor is told why."""
    workflow_state = task_state.workflow_state
    task_state.reject(user=user, update=False, comment=comment)
    workflow_state.cancel(user=user)
    page = workflow_state.content_object.specific
    log(
        instance=page,
        action=REJECT_ACTION,
        user=user,
        revision=task_state.revision,
        data={
            "task": {"id": task_state.task_id, "title": task_state.task.name},
            "comment": comment,
        },
    )
    workflow_declined.send(sender=type(workflow_state), instance=workflow_state, user=user)


# Where a page is --------------------------------------------------------------------------
def review_in_progress(page) -> bool:
    """True if `page` has a workflow in progress (one query; none for a page without a
    draft: submitting always saves one)."""
    if not getattr(page, "has_unpublished_changes", False):
        return False
    return WorkflowState.objects.filter(
        base_content_type_id=page.get_base_content_type().pk,
        object_id=str(page.pk),
        status=WorkflowState.STATUS_IN_PROGRESS,
    ).exists()


def review_status(page) -> dict | None:
    """For editors: the workflow in progress on `page`, its current step (with its number)
    and the reviewers' names (at most 5 shown); None when nothing is in progress. A few
    queries, however many reviewers."""
    state = (
        WorkflowState.objects.filter(
            base_content_type_id=page.get_base_content_type().pk,
            object_id=str(page.pk),
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
        .select_related("workflow", "current_task_state__task", "requested_by")
        .first()
    )
    if state is None or state.current_task_state is None:
        return None
    task = state.current_task_state.task.specific
    steps = list(state.workflow.tasks.values_list("pk", flat=True))
    reviewers = reviewer_ids(task, page)
    names = []
    if not isinstance(reviewers, list):
        people = (
            get_user_model().objects.filter(pk__in=reviewers).order_by("first_name", "last_name")
        )
        names = [person.display_name for person in people[:5]]
    return {
        "workflow": state.workflow.name,
        "task": task.name,
        "step": steps.index(task.pk) + 1 if task.pk in steps else None,
        "steps": len(steps),
        "reviewers": names,
        "requested_by": state.requested_by.display_name if state.requested_by else "",
        "since": state.current_task_state.started_at,
    }


WORKFLOW_LOG_PREFIXES = ("wagtail.workflow.", "hearth.workflow.")


def workflow_events(page, limit: int = 20):
    """The newest workflow actions on `page` (Wagtail's and ours), for editors: one query."""
    actions = Q()
    for prefix in WORKFLOW_LOG_PREFIXES:
        actions |= Q(action__startswith=prefix)
    return list(
        PageLogEntry.objects.filter(page_id=page.pk)
        .filter(actions)
        .select_related("user")
        .order_by("-timestamp", "-pk")[:limit]
    )


# Default workflows ----------------------------------------------------------------------
def _content_type(apps, label: str):
    app_label, model = label.split(".")
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def ensure_default_workflows(apps=None) -> None:
    """Create Hearth's default tasks and workflows and assign them; safe to run again.

    Existing tasks and workflows (found by name) are left as an administrator set them;
    a section page already assigned a workflow keeps it. Wagtail's starter workflow
    ("Moderators approval" on the root, approved by the "Moderators" group) becomes
    "Communications approval": Hearth's Moderators moderate comments, not pages.
    Works with the migration's historical models (`apps`) and with the real ones.
    """
    apps = apps or django_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page_ = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ChecklistTask = apps.get_model("core", "ChecklistTask")
    SpaceOwnerApprovalTask = apps.get_model("core", "SpaceOwnerApprovalTask")

    executives, _created = Group.objects.get_or_create(name=EXECUTIVES)
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access is not None:
        executives.permissions.add(access)

    tasks = {}
    found = SpaceOwnerApprovalTask.objects.filter(name=SPACE_OWNER_APPROVAL).first()
    tasks[SPACE_OWNER_APPROVAL] = found or SpaceOwnerApprovalTask.objects.create(
        name=SPACE_OWNER_APPROVAL,
        active=True,
        content_type=_content_type(apps, "core.spaceownerapprovaltask"),
    )
    for name, (group_names, items) in CHECKLISTS.items():
        task = ChecklistTask.objects.filter(name=name).first()
        if task is None:
            task = ChecklistTask.objects.create(
                name=name,
                active=True,
                items="\n".join(items),
                content_type=_content_type(apps, "core.checklisttask"),
            )
            task.groups.set(Group.objects.filter(name__in=group_names))
        tasks[name] = task

    workflows = {}
    for name, task_names in WORKFLOWS.items():
        workflow = Workflow.objects.filter(name=name).first()
        if workflow is None:
            workflow = Workflow.objects.create(name=name, active=True)
            for order, task_name in enumerate(task_names):
                WorkflowTask.objects.create(
                    workflow=workflow, task_id=tasks[task_name].pk, sort_order=order
                )
        workflows[name] = workflow

    for label, workflow_name in ASSIGNMENTS.items():
        content_type = _content_type(apps, label)
        for page in Page_.objects.filter(content_type=content_type):
            if not WorkflowPage.objects.filter(page=page).exists():
                WorkflowPage.objects.create(page=page, workflow=workflows[workflow_name])

    # Wagtail's starter workflow, untouched since: approved by Communications instead.
    moderators = Group.objects.filter(name="Moderators").first()
    communications = Group.objects.filter(name="Communications").first()
    starter = GroupApprovalTask.objects.filter(name="Moderators approval").first()
    if starter is not None and moderators is not None and communications is not None:
        groups = list(starter.groups.values_list("pk", flat=True))
        if groups == [moderators.pk]:
            starter.groups.set([communications])
            starter.name = SITE_APPROVAL
            starter.save(update_fields=["name"])
            Workflow.objects.filter(name="Moderators approval").update(name=SITE_APPROVAL)


def assign_default_workflow(page) -> None:
    """A section page (knowledge index, a hub, the campaigns index) created after the
    data migration gets its default workflow, unless it already has one."""
    label = ContentType.objects.get_for_model(page, for_concrete_model=False)
    workflow_name = ASSIGNMENTS.get(f"{label.app_label}.{label.model}")
    if workflow_name is None:
        return
    workflow = Workflow.objects.filter(name=workflow_name, active=True).first()
    if workflow is not None and not WorkflowPage.objects.filter(page=page).exists():
        WorkflowPage.objects.create(page=page, workflow=workflow)


# Signals --------------------------------------------------------------------------------
def _assign_on_create(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        assign_default_workflow(instance)


def _noop(sender, **kwargs):
    """Holds the place of one of Wagtail's workflow email handlers (see connect_signals)."""


def connect_signals() -> None:
    """Called by CoreConfig.ready, which runs before wagtail.admin's.

    Hearth tells reviewers and editors itself (governance.workflows: a notification and an
    email, from a background task); Wagtail's own workflow emails would double them, and
    are sent inside the request. Wagtail connects them with fixed dispatch_uids, and a
    signal ignores a second receiver with a uid it already has: connecting no-ops under
    those uids first keeps Wagtail's out, whatever the order of later imports.
    """

    task_submitted.connect(
        _noop, sender=TaskState, dispatch_uid="group_approval_task_submitted_email_notification"
    )
    workflow_submitted.connect(
        _noop, sender=WorkflowState, dispatch_uid="workflow_state_submitted_email_notification"
    )
    workflow_rejected.connect(
        _noop, sender=WorkflowState, dispatch_uid="workflow_state_rejected_email_notification"
    )
    workflow_approved.connect(
        _noop, sender=WorkflowState, dispatch_uid="workflow_state_approved_email_notification"
    )
    for label in ASSIGNMENTS:
        model = django_apps.get_model(label)
        post_save.connect(_assign_on_create, sender=model, dispatch_uid=f"hearth_workflow_{label}")
