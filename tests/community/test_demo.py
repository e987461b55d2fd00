"""`seed_demo` adds a realistic conversation: threads, reactions, shared annotations (one
orphaned by a later revision, one a question to the owner), a reported comment in the
moderation queue and notifications for `employee`; a second run adds nothing."""

import pytest
from django.core.management import call_command

from community.models import (
    AnchorState,
    Annotation,
    Comment,
    Flag,
    Notification,
    Reaction,
    Status,
    Visibility,
)
from core.models import User


def _counts():
    return {
        "comments": Comment.objects.count(),
        "annotations": Annotation.objects.count(),
        "reactions": Reaction.objects.count(),
        "flags": Flag.objects.count(),
        "notifications": Notification.objects.count(),
    }


@pytest.fixture
def seeded(demo_module_committed, db):
    """The shared demo seed, its on-commit callbacks run in this module's copy
    (tests/demo_database.py): the seeder runs tasks inline, and in a transaction they run
    when those callbacks do."""


def test_the_demo_has_a_conversation_and_seeding_twice_adds_nothing(
    seeded, signed_in, django_capture_on_commit_callbacks
):
    comments = Comment.objects.filter(status=Status.VISIBLE)
    assert comments.values("page").distinct().count() >= 8
    assert comments.filter(depth=2).exists()  # three levels
    assert Reaction.objects.count() >= 200
    assert Reaction.objects.filter(comment__isnull=False).exists()

    shared = Annotation.objects.filter(visibility=Visibility.SHARED)
    assert shared.values("page").distinct().count() >= 4
    orphan = shared.get(anchor_state=AnchorState.ORPHANED)
    assert orphan.revision_id != orphan.anchored_revision_id
    assert shared.filter(is_question=True, resolved_at__isnull=True).exists()

    reported = Comment.objects.filter(flag_count__gt=0).get()
    assert reported.flag_count == 2
    assert reported.status == Status.VISIBLE  # below the threshold: in the queue, not hidden
    moderator = signed_in(User.objects.get(username="moderator"))
    html = moderator.get("/admin/moderation/").content.decode()
    assert f'data-testid="queue-row-comment-{reported.pk}"' in html

    employee = User.objects.get(username="employee")
    notifications = Notification.objects.filter(recipient=employee)
    assert notifications.unread().count() >= 2
    assert notifications.filter(read_at__isnull=False).exists()
    assert {"reply", "mention", "question"} <= set(notifications.values_list("verb", flat=True))
    page = signed_in(employee).get(reported.page.url)
    assert "Selling my old standing desk" in page.content.decode()

    # Seeding is slow; the same test checks that a second run adds nothing.
    first = _counts()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _counts() == first
