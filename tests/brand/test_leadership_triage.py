"""Communications triage questions (assign, merge, decline); leaders answer; followers hear."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from brand.models import LeadershipQuestion, QuestionStatus
from community.models import Notification, NotificationVerb
from insights.models import ActivityEvent, Verb
from tests.brand.factories_leadership import (
    LeadershipQuestionFactory,
    LeadershipQuestionVoteFactory,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(django_capture_on_commit_callbacks):
    """`with tasks(): client.post(...)`: run what the request scheduled on commit (the
    notification tasks) before the block ends, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def url(name, question):
    return reverse(f"brand:leadership_{name}", args=[question.pk])


@pytest.fixture
def leader(db):
    return UserFactory(username="ceo", first_name="Cleo", last_name="Chief", roles=["Employees"])


def followers(question, total=3):
    people = UserFactory.create_batch(total, roles=["Employees"])
    for person in people:
        LeadershipQuestionVoteFactory(question=question, user=person)
    return people


# Assign ---------------------------------------------------------------------------------------
def test_communications_assign_a_question_and_the_leader_is_told(
    comms, comms_client, leader, tasks
):
    question = LeadershipQuestionFactory()
    with tasks():
        response = comms_client.post(url("assign", question), {"leader": "CEO"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ASSIGNED
    assert question.assigned_to == leader
    note = Notification.objects.get(recipient=leader)
    assert note.verb == NotificationVerb.ASSIGNED
    assert note.actor == comms
    assert note.link == url("detail", question)
    assert note.subject == question.title
    entry = ModelLogEntry.objects.get(action="hearth.leadership.assign")
    assert entry.user == comms and entry.data["leader_id"] == leader.pk


def test_assign_by_email_and_unknown_person_is_a_form_error(comms_client, leader):
    question = LeadershipQuestionFactory()
    response = comms_client.post(url("assign", question), {"leader": "nobody@example.com"})
    assert response.status_code == 400
    assert "Nobody active has the username or email address" in response.content.decode()
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN and question.assigned_to is None
    comms_client.post(url("assign", question), {"leader": leader.email})
    question.refresh_from_db()
    assert question.assigned_to == leader


def test_employees_cannot_triage(employee_client, leader):
    question = LeadershipQuestionFactory()
    for name, data in [
        ("assign", {"leader": leader.username}),
        ("decline", {"reason": "No"}),
        ("merge", {"target": LeadershipQuestionFactory().pk}),
    ]:
        response = employee_client.post(url(name, question), data)
        assert response.status_code == 403, name
        assert "Only communications" in response.content.decode()
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN
    assert not ModelLogEntry.objects.filter(action__startswith="hearth.leadership").exists()


def test_triage_panel_is_only_shown_to_communications(employee_client, comms_client):
    question = LeadershipQuestionFactory()
    assert 'data-testid="triage"' in comms_client.get(url("detail", question)).content.decode()
    assert (
        'data-testid="triage"' not in employee_client.get(url("detail", question)).content.decode()
    )


# Decline --------------------------------------------------------------------------------------
def test_decline_needs_a_reason(comms_client):
    question = LeadershipQuestionFactory()
    response = comms_client.post(url("decline", question), {"reason": "  "})
    assert response.status_code == 400
    assert 'data-testid="decline-error"' in response.content.decode()
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN


def test_decline_tells_followers_with_the_reason(comms, comms_client, employee_client, tasks):
    question = LeadershipQuestionFactory()
    people = followers(question)
    with tasks():
        response = comms_client.post(
            url("decline", question), {"reason": "Covered by the all-hands."}
        )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.DECLINED
    assert question.decline_reason == "Covered by the all-hands."
    notes = Notification.objects.filter(recipient__in=people)
    assert notes.count() == 3
    assert all("Covered by the all-hands." in note.detail for note in notes)
    assert {note.verb for note in notes} == {NotificationVerb.DECLINED}
    assert all(note.actor == comms for note in notes)
    page = employee_client.get(url("detail", question)).content.decode()
    assert "Covered by the all-hands." in page
    assert ModelLogEntry.objects.get(action="hearth.leadership.decline").user == comms


# Merge ----------------------------------------------------------------------------------------
def test_merge_moves_votes_once_and_tells_the_merged_questions_followers(comms_client, tasks):
    target = LeadershipQuestionFactory(title="Target question?")
    duplicate = LeadershipQuestionFactory(title="Duplicate question?")
    both, only_target = UserFactory.create_batch(2)
    only_duplicate = followers(duplicate, 2)
    LeadershipQuestionVoteFactory(question=target, user=both)
    LeadershipQuestionVoteFactory(question=duplicate, user=both)
    LeadershipQuestionVoteFactory(question=target, user=only_target)
    earlier = LeadershipQuestionFactory(status=QuestionStatus.MERGED, merged_into=duplicate)

    with tasks():
        response = comms_client.post(url("merge", duplicate), {"target": target.pk})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.status == QuestionStatus.MERGED and duplicate.merged_into == target
    assert not duplicate.votes.exists()
    assert set(target.votes.values_list("user_id", flat=True)) == {
        both.pk,
        only_target.pk,
        *(person.pk for person in only_duplicate),
    }
    earlier.refresh_from_db()
    assert earlier.merged_into == target  # no chains
    told = set(Notification.objects.values_list("recipient_id", flat=True))
    assert told == {both.pk, *(person.pk for person in only_duplicate)}
    note = Notification.objects.filter(recipient=both).get()
    assert note.link == url("detail", target)
    assert "Target question?" in note.detail
    assert note.verb == NotificationVerb.MERGED
    assert ModelLogEntry.objects.filter(action="hearth.leadership.merge").count() == 1


@pytest.mark.parametrize("case", ["itself", "merged", "missing"])
def test_merge_refusals_have_a_message(comms_client, case):
    question = LeadershipQuestionFactory()
    target = {
        "itself": question,
        "merged": LeadershipQuestionFactory(
            status=QuestionStatus.MERGED, merged_into=LeadershipQuestionFactory()
        ),
        "missing": None,
    }[case]
    response = comms_client.post(url("merge", question), {"target": target.pk if target else ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-testid="merge-error"' in body
    expected = {
        "itself": "cannot be merged into itself",
        "merged": "is itself merged into another question",
        "missing": "Choose the question to merge this one into",
    }[case]
    assert expected in body
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN


# Answer ---------------------------------------------------------------------------------------
def test_assigned_leader_publishes_the_answer_and_every_follower_is_told(
    comms, comms_client, leader, signed_in, tasks
):
    asker = UserFactory(roles=["Employees"])
    signed_in(asker).post(
        reverse("brand:leadership_ask"), {"title": "Four-day week?", "anonymous": "on"}
    )
    question = LeadershipQuestion.objects.get()
    voters = followers(question, 4)
    comms_client.post(url("assign", question), {"leader": leader.username})
    leader_client = signed_in(leader)
    mail.outbox.clear()

    draft = leader_client.post(
        url("answer", question), {"answer": "Draft *text*", "action": "draft"}
    )
    assert draft.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ASSIGNED and question.answer == "Draft *text*"
    assert "Draft" not in signed_in(voters[0]).get(url("detail", question)).content.decode()
    assert not Notification.objects.filter(verb=NotificationVerb.ANSWER).exists()

    with tasks():
        response = leader_client.post(
            url("answer", question),
            {"answer": "We are **piloting** it in Q3.", "action": "publish"},
        )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert question.answered_by == leader and question.answered_at is not None
    told = Notification.objects.filter(verb=NotificationVerb.ANSWER)
    # Every voter; not the anonymous asker, whom nothing links to the question.
    assert set(told.values_list("recipient_id", flat=True)) == {voter.pk for voter in voters}
    assert {note.actor_id for note in told} == {leader.pk}
    assert {note.link for note in told} == {url("detail", question)}
    assert {note.subject for note in told} == {"Four-day week?"}
    assert len(mail.outbox) == 4
    page = signed_in(voters[0]).get(url("detail", question)).content.decode()
    assert "<strong>piloting</strong>" in page
    assert leader.display_name in page
    assert ModelLogEntry.objects.get(action="hearth.leadership.answer").user == leader
    assert ActivityEvent.objects.filter(actor=leader, verb=Verb.ANSWERED).count() == 1

    # Editing later changes the text without telling everyone again.
    with tasks():
        leader_client.post(
            url("answer", question), {"answer": "Piloting in Q4.", "action": "publish"}
        )
    assert Notification.objects.filter(verb=NotificationVerb.ANSWER).count() == 4


def test_communications_may_answer_an_unassigned_question(comms_client):
    question = LeadershipQuestionFactory()
    comms_client.post(url("answer", question), {"answer": "Yes.", "action": "publish"})
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED


def test_answering_without_permission_is_403(employee_client, leader):
    question = LeadershipQuestionFactory(assigned_to=leader, status=QuestionStatus.ASSIGNED)
    response = employee_client.post(url("answer", question), {"answer": "Me!", "action": "publish"})
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.status == QuestionStatus.ASSIGNED and question.answer == ""


def test_empty_answer_is_a_form_error(leader, signed_in):
    question = LeadershipQuestionFactory(assigned_to=leader, status=QuestionStatus.ASSIGNED)
    response = signed_in(leader).post(url("answer", question), {"answer": " ", "action": "publish"})
    assert response.status_code == 400
    assert "Write the answer first." in response.content.decode()
    question.refresh_from_db()
    assert question.status == QuestionStatus.ASSIGNED


def test_declined_or_merged_questions_cannot_be_answered(comms_client):
    declined = LeadershipQuestionFactory(status=QuestionStatus.DECLINED, decline_reason="No")
    response = comms_client.post(url("answer", declined), {"answer": "Yes", "action": "publish"})
    assert response.status_code == 400
    declined.refresh_from_db()
    assert declined.status == QuestionStatus.DECLINED


def test_new_questions_are_announced_to_communications(comms, employee, employee_client, tasks):
    with tasks():
        employee_client.post(reverse("brand:leadership_ask"), {"title": "Named question?"})
    note = Notification.objects.get(recipient=comms)
    assert note.verb == NotificationVerb.QUESTION
    assert note.actor == employee


def test_admin_log_actions_have_labels(comms):
    from wagtail.log_actions import registry

    for action in ("assign", "merge", "decline", "answer"):
        assert registry.action_exists(f"hearth.leadership.{action}")


def test_admin_listing_is_for_communications_only(comms_client, employee_client):
    LeadershipQuestionFactory(title="Listed in the admin?")
    index = reverse("brand_leadershipquestion:index")
    response = comms_client.get(index)
    assert response.status_code == 200
    assert "Listed in the admin?" in response.content.decode()
    assert employee_client.get(index).status_code in (302, 403)


def test_communications_tidy_the_wording_in_the_admin(comms, comms_client):
    question = LeadershipQuestionFactory(title="Typo questoin?")
    response = comms_client.post(
        reverse("brand_leadershipquestion:edit", args=[question.pk]),
        {"title": "Typo question?", "details": question.details},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.title == "Typo question?"
    assert ModelLogEntry.objects.get(action="wagtail.edit").user == comms


def test_declined_questions_show_their_votes_without_a_button(employee_client):
    question = LeadershipQuestionFactory(
        status=QuestionStatus.DECLINED, decline_reason="Out of scope"
    )
    LeadershipQuestionVoteFactory(question=question)
    body = employee_client.get(
        reverse("brand:leadership_list"), {"tab": "declined"}
    ).content.decode()
    assert question.title in body
    assert 'data-testid="vote-total"' in body and 'data-testid="vote-button"' not in body
