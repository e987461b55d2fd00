"""Questions and answers, by each role: an employee asks in a space or a community and the
owners and experts are told; colleagues answer and vote; the asker or an owner accepts
(anyone else gets 403); an owner promotes the accepted answer into a knowledge page draft
(once: again leads to the same page); owners are reminded of unanswered questions once;
the times to the first and to the accepted answer are recorded."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry

from community.models import Access, Comment, Notification, NotificationVerb, Status
from community.questions import answers as qa_api
from community.questions import services as questions
from core.policy import Action, policy
from insights.models import ActivityEvent, Verb
from knowledge.models import AnswerVote, KnowledgePage, QuestionPage, SpacePage
from tests.community.discussion import restrict_to_group
from tests.community.factories import CommentFactory
from tests.community.groups_helpers import communities_index, guest, space, staff, start


@pytest.fixture
def owner(db):
    return staff("olga", first_name="Olga", last_name="Owner")


@pytest.fixture
def it_space(home, owner):
    return space(home, owner, "IT Help")


@pytest.fixture
def asker(db):
    return staff("ash", first_name="Ash", last_name="Asker")


@pytest.fixture
def expert(db):
    person = staff("erin", first_name="Erin", last_name="Expert")
    person.profile.expertise.add("vpn")
    return person


@pytest.fixture
def question(it_space, asker, expert):
    return questions.ask(
        asker, it_space, "How do I reset my VPN token?", "It says *expired*.", "vpn"
    )


def _ask_url(parent):
    return f"/community/groups/questions/ask/{parent.pk}/"


# Ask and route ---------------------------------------------------------------------------


def test_an_employee_asks_and_owners_and_experts_are_told(
    it_space, asker, owner, expert, signed_in, django_capture_on_commit_callbacks
):
    client = signed_in(asker)
    assert 'data-testid="ask-here"' in client.get(it_space.url).content.decode()
    assert client.get(_ask_url(it_space)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _ask_url(it_space),
            {
                "title": "How do I reset my VPN token?",
                "body": "It says <script>alert(1)</script> *expired*.",
                "tags": "VPN, remote work",
            },
        )
    question = QuestionPage.objects.get()
    assert response.status_code == 302 and response["Location"] == question.url
    assert question.live and question.get_parent().pk == it_space.pk
    assert question.asked_by == asker
    assert sorted(question.tags.names()) == ["remote work", "vpn"]
    assert "<script>" not in question.body_html and "<em>expired</em>" in question.body_html
    assert Notification.objects.filter(
        recipient=owner, page=question, verb=NotificationVerb.QUESTION
    ).exists()
    assert Notification.objects.filter(
        recipient=expert, page=question, verb=NotificationVerb.EXPERTISE
    ).exists()
    assert not Notification.objects.filter(recipient=asker, verb=NotificationVerb.EXPERTISE)
    assert ActivityEvent.objects.filter(actor=asker, verb=Verb.ASKED).exists()
    html = signed_in(staff("reader")).get(question.url).content.decode()
    assert "How do I reset my VPN token?" in html and "<em>expired</em>" in html
    assert "&lt;script&gt;" in html or "<script>alert" not in html


def test_bad_questions_are_refused_with_400_and_nothing_stored(it_space, asker, signed_in):
    client = signed_in(asker)
    response = client.post(_ask_url(it_space), {"title": "VPN?", "tags": "x" * 60})
    assert response.status_code == 400
    text = response.content.decode()
    assert "at least 10 characters" in text
    assert not QuestionPage.objects.exists()


def test_guests_cannot_ask(it_space, signed_in):
    from people.models import GuestAccess

    vendor = guest()
    # Even with a pinhole that lets them read the space (and comment), a guest cannot ask.
    GuestAccess.objects.create(
        user=vendor, space=it_space, can_comment=True, expires_at=timezone.now() + timedelta(days=9)
    )
    response = signed_in(vendor).post(_ask_url(it_space), {"title": "Can vendors ask questions?"})
    assert response.status_code == 403
    assert not QuestionPage.objects.exists()


def test_nobody_asks_in_a_space_they_cannot_see(it_space, signed_in):
    restrict_to_group(it_space, "IT staff")
    response = signed_in(staff("out")).post(
        _ask_url(it_space), {"title": "Where is the secret admin page?"}
    )
    assert response.status_code == 404
    assert not QuestionPage.objects.exists()


def test_questions_go_only_under_spaces_and_communities(home, asker, signed_in):
    response = signed_in(asker).post(_ask_url(home), {"title": "Can I ask on the home page?"})
    assert response.status_code == 403


def test_experts_who_cannot_see_the_space_are_not_told(
    it_space, asker, expert, django_capture_on_commit_callbacks
):
    restrict_to_group(it_space, "IT staff").user_set.add(asker)
    with django_capture_on_commit_callbacks(execute=True):
        questions.ask(asker, it_space, "How do I reset my VPN token?", "", "vpn")
    assert not Notification.objects.filter(recipient=expert).exists()


def test_asking_in_an_invite_only_community_tells_its_owners_only(
    home, asker, expert, django_capture_on_commit_callbacks
):
    communities_index(home)
    founder = staff("fran")
    circle = start(founder, "Security circle", Access.INVITE_ONLY)
    circle.members_group.user_set.add(asker)
    with django_capture_on_commit_callbacks(execute=True):
        question = questions.ask(asker, circle, "Who reviews the VPN firewall rules?", "", "vpn")
    assert Notification.objects.filter(
        recipient=founder, page=question, verb=NotificationVerb.QUESTION
    ).exists()
    assert not Notification.objects.filter(recipient=expert).exists()


# Answer and vote ----------------------------------------------------------------------------


def test_a_colleague_answers_and_the_first_answer_time_is_recorded(question, expert, signed_in):
    client = signed_in(expert)
    response = client.post(
        f"/community/groups/questions/{question.pk}/answer/",
        {"text": "Open the **self-service portal** and choose *Reset token*."},
    )
    answer = Comment.objects.get(page=question)
    assert response.status_code == 302
    assert answer.parent_id is None and "<strong>self-service portal</strong>" in answer.body_html
    question.refresh_from_db()
    assert question.first_answer_at == answer.created_at
    assert question.time_to_first_answer is not None
    assert ActivityEvent.objects.filter(actor=expert, verb=Verb.ANSWERED).exists()
    html = client.get(question.url).content.decode()
    assert "self-service portal" in html and f'data-testid="vote-{answer.pk}"' in html


def test_the_askers_own_comment_does_not_count_as_the_first_answer(question, asker):
    questions.answer(asker, question, "Also: I am on a Mac.")
    question.refresh_from_db()
    assert question.first_answer_at is None


def test_an_empty_answer_is_a_400(question, expert, signed_in):
    response = signed_in(expert).post(
        f"/community/groups/questions/{question.pk}/answer/", {"text": "   "}
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_colleagues_vote_for_an_answer_and_can_take_the_vote_back(question, expert, signed_in):
    answer = questions.answer(expert, question, "Use the portal.")
    voter = staff("val")
    client = signed_in(voter)
    assert client.post(f"/community/groups/answers/{answer.pk}/vote/").status_code == 302
    assert AnswerVote.objects.filter(answer=answer, user=voter).exists()
    html = client.get(question.url).content.decode()
    assert f'data-testid="votes-{answer.pk}">1<' in html
    client.post(f"/community/groups/answers/{answer.pk}/vote/")
    assert not AnswerVote.objects.exists()


def test_nobody_votes_for_their_own_answer_or_for_a_plain_comment(
    question, expert, home, signed_in
):
    answer = questions.answer(expert, question, "Use the portal.")
    signed_in(expert).post(f"/community/groups/answers/{answer.pk}/vote/")
    assert not AnswerVote.objects.exists()
    reply = CommentFactory(page=question, parent=answer)
    signed_in(staff("val")).post(f"/community/groups/answers/{reply.pk}/vote/")
    assert not AnswerVote.objects.exists()


# Accept ---------------------------------------------------------------------------------


def test_the_asker_accepts_and_the_answerer_is_told(
    question, asker, expert, signed_in, django_capture_on_commit_callbacks
):
    answer = questions.answer(expert, question, "Use the portal.")
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(asker).post(
            f"/community/groups/questions/{question.pk}/accept/", {"answer": answer.pk}
        )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.accepted_answer == answer and question.accepted_by == asker
    assert question.accepted_at is not None and question.time_to_accepted_answer is not None
    told = Notification.objects.get(recipient=expert, verb=NotificationVerb.ACCEPTED)
    assert told.page_id == question.pk
    assert PageLogEntry.objects.filter(action="hearth.question.accept", page=question).exists()
    html = signed_in(staff("reader")).get(question.url).content.decode()
    assert 'data-testid="accepted-answer"' in html and 'data-testid="question-solved"' in html


def test_a_space_owner_may_accept_too(question, owner, expert, signed_in):
    answer = questions.answer(expert, question, "Use the portal.")
    response = signed_in(owner).post(
        f"/community/groups/questions/{question.pk}/accept/", {"answer": answer.pk}
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.accepted_answer == answer


def test_anyone_else_accepting_gets_403(question, expert, signed_in):
    answer = questions.answer(expert, question, "Use the portal.")
    for person in (expert, staff("val")):
        response = signed_in(person).post(
            f"/community/groups/questions/{question.pk}/accept/", {"answer": answer.pk}
        )
        assert response.status_code == 403
    question.refresh_from_db()
    assert question.accepted_answer is None


def test_accepting_something_that_is_not_an_answer_is_a_400(question, asker, expert, signed_in):
    answer = questions.answer(expert, question, "Use the portal.")
    reply = CommentFactory(page=question, parent=answer)
    client = signed_in(asker)
    for value in (reply.pk, "nonsense", 999999):
        response = client.post(
            f"/community/groups/questions/{question.pk}/accept/", {"answer": value}
        )
        assert response.status_code == 400
    question.refresh_from_db()
    assert question.accepted_answer is None


def test_the_accepted_answer_survives_publishing_an_old_revision(question, asker, expert):
    from tests.factories import publish

    answer = questions.answer(expert, question, "Use the portal.")
    questions.accept(asker, question, answer)
    question = QuestionPage.objects.get(pk=question.pk)
    publish(question, asker, title="How do I reset my VPN token? (Windows)")
    question.refresh_from_db()
    assert question.accepted_answer_id == answer.pk


# Promote --------------------------------------------------------------------------------


def _accepted(question, asker, expert):
    answer = questions.answer(expert, question, "Open the **portal** and choose *Reset*.")
    questions.accept(asker, question, answer)
    question.refresh_from_db()
    return answer


def test_an_owner_promotes_the_accepted_answer_into_a_draft(
    question, asker, expert, owner, signed_in
):
    _accepted(question, asker, expert)
    client = signed_in(owner)
    assert 'data-testid="promote"' in client.get(question.url).content.decode()
    response = client.post(f"/community/groups/questions/{question.pk}/promote/")
    page = KnowledgePage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"
    assert not page.live and page.has_unpublished_changes
    assert page.get_parent().pk == question.get_parent().pk
    assert page.title == question.title
    assert page.content_owner == expert
    assert "Ash Asker" in page.change_note and "Erin Expert" in page.change_note
    revision = page.latest_revision
    assert revision is not None and revision.user == owner
    body = str(page.body)
    assert "portal" in body
    assert f'href="{question.url}"' in body  # the page links back to the question
    assert [link.target_id for link in page.related_links.all()] == [question.pk]
    question.refresh_from_db()
    assert question.promoted_page == page
    assert 'data-testid="promoted-link"' in client.get(question.url).content.decode()
    assert PageLogEntry.objects.filter(action="hearth.question.promote", page=question).exists()


def test_promoting_twice_leads_to_the_same_page(question, asker, expert, owner, signed_in):
    _accepted(question, asker, expert)
    client = signed_in(owner)
    client.post(f"/community/groups/questions/{question.pk}/promote/")
    response = client.post(f"/community/groups/questions/{question.pk}/promote/")
    page = KnowledgePage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"


def test_only_space_owners_and_editors_promote(question, asker, expert, signed_in):
    _accepted(question, asker, expert)
    for person in (asker, expert):
        response = signed_in(person).post(f"/community/groups/questions/{question.pk}/promote/")
        assert response.status_code == 403
    assert not KnowledgePage.objects.exists()


def test_an_unaccepted_question_cannot_be_promoted(question, owner, expert, signed_in):
    questions.answer(expert, question, "Use the portal.")
    response = signed_in(owner).post(f"/community/groups/questions/{question.pk}/promote/")
    assert response.status_code == 400
    assert "Accept an answer first" in response.content.decode()
    assert not KnowledgePage.objects.exists()


def test_a_community_question_is_promoted_into_a_space_the_owner_runs(
    home, it_space, owner, asker, expert, signed_in
):
    communities_index(home)
    club = start(staff("fran"), "Remote workers")
    question = questions.ask(asker, club, "Which VPN client works on Linux?", "", "vpn")
    _accepted(question, asker, expert)
    client = signed_in(owner)
    html = client.get(question.url).content.decode()
    assert 'name="space"' in html
    response = client.post(
        f"/community/groups/questions/{question.pk}/promote/", {"space": it_space.pk}
    )
    assert response.status_code == 302
    assert KnowledgePage.objects.get().get_parent().pk == it_space.pk


# Unanswered --------------------------------------------------------------------------------


def test_owners_are_reminded_of_unanswered_questions_once(
    question, owner, settings, django_capture_on_commit_callbacks
):
    settings.HEARTH_QUESTION_UNANSWERED_DAYS = 3
    fresh = questions.ask(question.asked_by, question.get_parent(), "Is the fresh one too new?")
    QuestionPage.objects.filter(pk=question.pk).update(
        first_published_at=timezone.now() - timedelta(days=4)
    )
    call_command("remind_unanswered", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("remind_unanswered", stdout=open("/dev/null", "w"))  # noqa: SIM115
    reminders = Notification.objects.filter(recipient=owner, verb=NotificationVerb.REMINDER)
    assert [row.page_id for row in reminders] == [question.pk]
    assert fresh.pk not in [row.page_id for row in reminders]


def test_the_space_page_lists_unanswered_questions(question, it_space, settings, signed_in):
    settings.HEARTH_QUESTION_UNANSWERED_DAYS = 3
    QuestionPage.objects.filter(pk=question.pk).update(
        first_published_at=timezone.now() - timedelta(days=5)
    )
    html = signed_in(staff("reader")).get(it_space.url).content.decode()
    assert 'data-testid="unanswered-questions"' in html
    assert "How do I reset my VPN token?" in html
    listing = signed_in(staff("reader")).get(
        f"/community/groups/questions/in/{it_space.pk}/", {"status": "unanswered"}
    )
    assert "How do I reset my VPN token?" in listing.content.decode()


def test_answered_questions_are_not_reminded(question, expert, owner):
    questions.answer(expert, question, "Use the portal.")
    QuestionPage.objects.filter(pk=question.pk).update(
        first_published_at=timezone.now() - timedelta(days=10)
    )
    assert questions.remind_unanswered() == 0


# Privacy --------------------------------------------------------------------------------


def test_questions_in_an_invite_only_community_are_404_for_outsiders(home, asker, signed_in):
    communities_index(home)
    circle = start(staff("fran"), "Security circle", Access.INVITE_ONLY)
    circle.members_group.user_set.add(asker)
    question = questions.ask(asker, circle, "Who reviews the firewall rules?")
    outsider = signed_in(staff("out"))
    assert outsider.get(question.url).status_code == 404
    assert outsider.get(f"/community/groups/questions/in/{circle.pk}/").status_code == 404
    response = outsider.post(f"/community/groups/questions/{question.pk}/answer/", {"text": "Me!"})
    assert response.status_code == 404
    assert signed_in(asker).get(question.url).status_code == 200


# For the profiles and recognition work ----------------------------------------------------


def test_accepted_answers_and_their_counts(question, asker, expert, home):
    answer = _accepted(question, asker, expert)
    assert list(qa_api.accepted_answers_for(expert, asker)) == [answer]
    assert qa_api.accepted_answer_counts([expert.pk, asker.pk]) == {expert.pk: 1}
    assert qa_api.accepted_answer_counts_by_topic(["vpn"]) == {expert.pk: 1}
    restrict_to_group(question.get_parent(), "IT staff")
    outsider = staff("out")
    assert list(qa_api.accepted_answers_for(expert, outsider)) == []
    assert qa_api.accepted_answer_counts_by_topic(["vpn"]) == {}


def test_accepted_answer_counts_is_one_query(question, asker, expert, django_assert_num_queries):
    _accepted(question, asker, expert)
    with django_assert_num_queries(1):
        qa_api.accepted_answer_counts([expert.pk, asker.pk])


def test_accepted_answers_count_in_the_ledger(question, asker, expert):
    from people import contributions

    _accepted(question, asker, expert)
    assert contributions.counts_for([expert.pk])[expert.pk]["answers"] == 1


# Query counts ---------------------------------------------------------------------------


QUESTION_PAGE_MAX_QUERIES = 45


def test_the_question_page_costs_the_same_queries_small_and_large(
    question, asker, expert, signed_in, django_assert_num_queries, django_assert_max_num_queries
):
    client = signed_in(asker)

    def add(count):
        for number in range(count):
            person = staff(f"answerer{count}-{number}")
            answer = questions.answer(person, question, f"Answer {number}")
            questions.vote(staff(f"voter{count}-{number}"), answer)
            CommentFactory(page=question, parent=answer)

    add(1)
    questions.accept(asker, question, Comment.objects.filter(page=question).first())
    client.get(question.url)
    with django_assert_max_num_queries(QUESTION_PAGE_MAX_QUERIES) as small:
        assert client.get(question.url).status_code == 200
    small_count = len(small.captured_queries)
    add(9)
    client.get(question.url)
    with django_assert_num_queries(small_count):
        assert client.get(question.url).status_code == 200


def test_space_owner_type_checks(question, it_space):
    assert isinstance(questions.home_of(question), SpacePage)
    assert questions.home_of(question).pk == it_space.pk
    assert Status.VISIBLE == "visible"
    assert not policy.user_has_permission(guest("gina"), Action.STAFF)


def test_an_accepted_answer_shows_on_the_profile_and_counts_in_the_expert_finder(
    question, asker, expert, signed_in
):
    """The Q&A → people wiring: the answerer's profile lists the question, and the expert
    finder counts the accepted answer as evidence for the question's tag."""
    from search.experts.services import rank_experts

    rival = staff("rik", first_name="Rik", last_name="Rival")
    rival.profile.expertise.add("vpn")
    before = {expert.user.pk: expert.score for expert in rank_experts(["vpn"], viewer=asker)}
    assert before[expert.pk] == before[rival.pk]  # both only declare it

    answer = questions.answer(expert, question, "Use the portal.")
    questions.accept(asker, question, answer)

    profile = signed_in(staff("reader")).get(f"/people/{expert.username}/").content.decode()
    assert 'data-testid="profile-answers"' in profile and question.title in profile
    ranked = rank_experts(["vpn"], viewer=asker)
    assert ranked[0].user == expert
    assert any(evidence.kind == "answers" for evidence in ranked[0].evidence)
