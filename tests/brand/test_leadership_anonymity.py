"""An anonymous question never shows who asked: on the site, in the admin and its exports,
in notifications and emails, in the audit log, in the activity ledger, in search.

The last test runs the whole life of an anonymous question (asked, voted, assigned, a
duplicate merged into it, answered) and then reads every output as the other people see
it, looking for the asker's username, name and email address.
"""

import io
import zipfile

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.search.index import Indexed

from brand.models import LeadershipQuestion, QuestionStatus
from community.models import Notification
from insights.models import ActivityEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(django_capture_on_commit_callbacks):
    """`with tasks(): client.post(...)`: run what the request scheduled on commit (the
    notification tasks) before the block ends, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


ADMIN = "brand_leadershipquestion"
TITLE = "Why did the bonus scheme change without notice?"


@pytest.fixture
def asker(db):
    return UserFactory(
        username="zq.whistle",
        first_name="Zebediah",
        last_name="Quartermaine",
        email="zq-secret@example.org",
        roles=["Employees", "Communications"],  # even a communications asker stays hidden
    )


@pytest.fixture
def secrets(asker):
    return [asker.username, asker.first_name, asker.last_name, asker.email, asker.display_name]


@pytest.fixture
def comms(db):
    return UserFactory(username="cam", roles=["Communications", "Employees"])


@pytest.fixture
def admin_user(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def ask(client, tasks, title=TITLE, anonymous=True):
    data = {"title": title, "details": "Asking for a friend."}
    if anonymous:
        data["anonymous"] = "on"
    with tasks():
        response = client.post(reverse("brand:leadership_ask"), data)
    assert response.status_code == 302
    return LeadershipQuestion.objects.get(title=title)


def assert_hidden(text: str, secrets: list[str], where: str) -> None:
    lowered = text.lower()
    for secret in secrets:
        assert secret.lower() not in lowered, f"{secret!r} leaked in {where}"


def test_anonymous_question_stores_no_author_and_the_database_refuses_one(asker, signed_in, tasks):
    question = ask(signed_in(asker), tasks)
    assert question.anonymous and question.author_id is None
    assert not question.votes.exists()  # not even the asker's: a vote is a link
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        LeadershipQuestion.objects.filter(pk=question.pk).update(author=asker)


def test_site_pages_show_anonymous(asker, secrets, signed_in, tasks, employee_client):
    question = ask(signed_in(asker), tasks)
    listing = employee_client.get(reverse("brand:leadership_list")).content.decode()
    detail = employee_client.get(reverse("brand:leadership_detail", args=[question.pk]))
    for where, body in [("listing", listing), ("detail", detail.content.decode())]:
        assert "Anonymous" in body, where
        assert_hidden(body, secrets, where)


def test_named_questions_show_the_author(employee, employee_client, tasks, admin_user, signed_in):
    question = ask(employee_client, tasks, title="Named one?", anonymous=False)
    assert question.author == employee
    listing = employee_client.get(reverse("brand:leadership_list")).content.decode()
    assert employee.display_name in listing
    export = signed_in(admin_user).get(reverse(f"{ADMIN}:index"), {"export": "csv"})
    assert employee.display_name in b"".join(export.streaming_content).decode()


def test_no_activity_event_for_an_anonymous_ask_or_its_vote(asker, signed_in, tasks):
    ask(signed_in(asker), tasks)
    assert not ActivityEvent.objects.filter(actor=asker).exists()


def test_an_anonymous_ask_writes_no_audit_log_entry(asker, signed_in, tasks):
    """Not even one without a user: its timestamp, and its place between other people's
    entries, would date the ask."""
    question = ask(signed_in(asker), tasks)
    assert not ModelLogEntry.objects.for_instance(question).exists()
    assert not ModelLogEntry.objects.filter(user=asker).exists()


def test_an_anonymous_ask_inside_a_log_context_writes_no_audit_log_entry(asker):
    """Wagtail fills a missing user from the active log context (the admin sets one):
    the service writes no entry for it to fill."""
    from wagtail.log_actions import LogContext

    from brand.leadership import services as leadership

    with LogContext(user=asker):
        question = leadership.ask(asker, title="From inside a context?", anonymous=True)
    assert not ModelLogEntry.objects.for_instance(question).exists()


def test_communications_are_told_the_next_day_without_the_askers_name(
    asker, comms, secrets, signed_in, tasks
):
    """Told by the daily sweep once the day of the ask is over: a notification written
    when the question is asked would date it to the second."""
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from brand.leadership.services import announce_anonymous_questions

    question = ask(signed_in(asker), tasks)
    assert not Notification.objects.exists()
    assert announce_anonymous_questions() == 0  # the day is not over
    assert not Notification.objects.exists()

    tomorrow = timezone.now() + timedelta(days=1)
    assert announce_anonymous_questions(tomorrow) == 1
    note = Notification.objects.get(recipient=comms, subject=question.title)
    assert note.actor_id is None and note.verb == "question"
    assert_hidden(f"{note.detail} {note.subject} {note.link}", secrets, "notification")
    centre = signed_in(comms).get(reverse("community:notifications")).content.decode()
    assert question.title in centre
    assert_hidden(centre, secrets, "notification centre")
    for message in mail.outbox:
        if message.to != [asker.email]:
            bodies = [message.subject, message.body, *(alt[0] for alt in message.alternatives)]
            assert_hidden(" ".join(bodies), secrets, f"email to {message.to}")

    told = Notification.objects.count()
    call_command("announce_questions", stdout=io.StringIO())  # tells nobody twice
    assert announce_anonymous_questions(tomorrow) == 0
    assert Notification.objects.count() == told


def test_leadership_questions_are_not_in_the_search_index(asker, employee_client, signed_in, tasks):
    assert not issubclass(LeadershipQuestion, Indexed)
    ask(signed_in(asker), tasks)
    response = employee_client.get(reverse("search"), {"q": "bonus scheme"})
    assert response.status_code == 200
    assert "zq.whistle" not in response.content.decode()


def _forget_setting_up_people() -> None:
    """Making the test's people logged their roles (core.audit: "role added", with their
    names): true, but not part of a question's life, which is what these tests grep."""
    from core import audit

    ModelLogEntry.objects.filter(action__in=[audit.ROLE_ADD, audit.PERMISSION_GRANT]).delete()


def _admin_outputs(client, question) -> dict[str, str]:
    pages = {
        "admin listing": client.get(reverse(f"{ADMIN}:index")),
        "admin listing search": client.get(reverse(f"{ADMIN}:index"), {"q": "bonus"}),
        "admin inspect": client.get(reverse(f"{ADMIN}:inspect", args=[question.pk])),
        "admin edit": client.get(reverse(f"{ADMIN}:edit", args=[question.pk])),
        "admin history": client.get(reverse(f"{ADMIN}:history", args=[question.pk])),
        "site history report": client.get(reverse("wagtailadmin_reports:site_history")),
    }
    outputs = {}
    for where, response in pages.items():
        assert response.status_code == 200, where
        outputs[where] = response.content.decode()
    csv = client.get(reverse(f"{ADMIN}:index"), {"export": "csv"})
    outputs["admin CSV export"] = b"".join(csv.streaming_content).decode()
    xlsx = client.get(reverse(f"{ADMIN}:index"), {"export": "xlsx"})
    content = b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        outputs["admin XLSX export"] = " ".join(
            archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml")
        )
    return outputs


def test_admin_views_and_exports_show_anonymous(
    asker, admin_user, comms, secrets, signed_in, tasks
):
    _forget_setting_up_people()
    question = ask(signed_in(asker), tasks)
    for viewer in (admin_user, comms):
        outputs = _admin_outputs(signed_in(viewer), question)
        assert "Anonymous" in outputs["admin listing"]
        assert "Anonymous" in outputs["admin CSV export"]
        assert "Anonymous" in outputs["admin XLSX export"]
        assert "Anonymous" in outputs["admin inspect"]
        for where, text in outputs.items():
            assert_hidden(text, secrets, f"{where} seen by {viewer.username}")


def test_nobody_adds_questions_in_the_admin(admin_user, signed_in):
    response = signed_in(admin_user).get(reverse(f"{ADMIN}:add"))
    assert response.status_code in (302, 403)
    assert not LeadershipQuestion.objects.exists()


def test_every_output_of_an_anonymous_questions_life_hides_the_asker(
    asker, comms, admin_user, secrets, signed_in, tasks
):
    leader = UserFactory(username="ceo", first_name="Cleo", last_name="Chief", roles=["Employees"])
    voters = UserFactory.create_batch(3, roles=["Employees"])
    _forget_setting_up_people()
    question = ask(signed_in(asker), tasks)
    duplicate = ask(signed_in(voters[2]), tasks, title="Bonus changes: why?", anonymous=False)
    with tasks():
        for voter in voters[:2]:
            signed_in(voter).post(
                reverse("brand:leadership_vote", args=[question.pk]), {"state": "on"}
            )
        comms_client = signed_in(comms)
        comms_client.post(
            reverse("brand:leadership_merge", args=[duplicate.pk]), {"target": question.pk}
        )
        comms_client.post(
            reverse("brand:leadership_assign", args=[question.pk]), {"leader": leader.username}
        )
        signed_in(leader).post(
            reverse("brand:leadership_answer", args=[question.pk]),
            {"answer": "The scheme now rewards teams.", "action": "publish"},
        )
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    # Nothing links the asker to their anonymous question, so they are not told of the answer.
    assert not Notification.objects.filter(recipient=asker, subject=TITLE).exists()

    outputs: dict[str, str] = {}
    for viewer in (comms, leader, *voters, admin_user):
        client = signed_in(viewer)
        name = viewer.username
        for tab in ("open", "answered", "declined"):
            response = client.get(reverse("brand:leadership_list"), {"tab": tab})
            outputs[f"{tab} tab for {name}"] = response.content.decode()
        for shown in (question, duplicate):
            response = client.get(reverse("brand:leadership_detail", args=[shown.pk]))
            outputs[f"question {shown.pk} for {name}"] = response.content.decode()
        outputs[f"notification centre of {name}"] = client.get(
            reverse("community:notifications")
        ).content.decode()
    for where, text in _admin_outputs(signed_in(admin_user), question).items():
        outputs[where] = text
    for number, message in enumerate(mail.outbox):
        if message.to != [asker.email]:
            alternatives = " ".join(alt[0] for alt in message.alternatives)
            outputs[f"email {number}"] = f"{message.subject} {message.body} {alternatives}"
    for note in Notification.objects.exclude(recipient=asker).select_related("actor"):
        assert note.actor_id != asker.pk
        outputs[f"notification {note.pk}"] = f"{note.detail} {note.subject} {note.link}"
    for entry in ModelLogEntry.objects.all():
        assert entry.user_id != asker.pk, entry.action
        outputs[f"log {entry.pk}"] = f"{entry.label} {entry.data}"
    assert not ActivityEvent.objects.filter(actor=asker).exists()

    assert "Anonymous" in outputs[f"question {question.pk} for {comms.username}"]
    for where, text in outputs.items():
        assert_hidden(text, secrets, where)


def test_an_anonymous_question_keeps_only_its_day_and_a_named_one_its_time(
    asker, comms, signed_in, tasks, employee_client
):
    from django.utils import timezone

    named = ask(employee_client, tasks, title="Named, this morning?", anonymous=False)
    anonymous = ask(signed_in(asker), tasks)
    local = timezone.localtime(anonymous.created_at)
    assert (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)
    assert local.date() == timezone.localdate()
    assert abs((timezone.now() - named.created_at).total_seconds()) < 60
    # A named question is still announced at once, with its asker.
    note = Notification.objects.get(recipient=comms, subject=named.title)
    assert note.actor_id == named.author_id
    # Newest first is by day, then by order of asking: the later anonymous question first.
    from brand.leadership import services as leadership

    newest = [question.pk for question in leadership.listing(asker, "open", "newest")]
    assert newest == [anonymous.pk, named.pk]


def test_the_asker_lands_on_their_question_told_to_bookmark_it(asker, signed_in, tasks):
    client = signed_in(asker)
    with tasks():
        response = client.post(
            reverse("brand:leadership_ask"), {"title": TITLE, "anonymous": "on"}, follow=True
        )
    question = LeadershipQuestion.objects.get(title=TITLE)
    assert response.redirect_chain == [
        (reverse("brand:leadership_detail", args=[question.pk]) + "?asked=anonymously", 302)
    ]
    page = response.content.decode()
    assert 'data-testid="asked-anonymously"' in page
    assert "Bookmark this page" in page
    assert 'class="messages"' not in page  # no message: it could be kept in the session
    # Only that landing says so; the question's own address does not.
    plain = client.get(reverse("brand:leadership_detail", args=[question.pk])).content.decode()
    assert 'data-testid="asked-anonymously"' not in plain


def test_the_form_says_what_is_kept_and_what_is_not(employee_client):
    page = employee_client.get(reverse("brand:leadership_ask")).content.decode()
    assert 'data-testid="anonymity-note"' in page
    for said in (
        "Kept: the question, its details and the day you ask it",
        "Not kept, anywhere in Hearth",
        "you are not told when it is answered",
        "the day after it is asked",
    ):
        assert said in page, said
