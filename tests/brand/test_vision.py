"""The vision hub: reading statements and answering their feedback, by role, over HTTP."""

import re

import pytest
from django.urls import reverse

from brand.models import FeedbackAnswer
from insights.models import ActivityEvent
from people.models import Level, Profile
from tests.brand.factories_vision import StatementPageFactory, VisionHubPageFactory, answers
from tests.factories import DepartmentFactory, KnowledgePageFactory, LocationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub(home):
    return VisionHubPageFactory(parent=home)


@pytest.fixture
def sponsor(db):
    return UserFactory(username="ceo", first_name="Ada", last_name="Boss", roles=["Employees"])


@pytest.fixture
def statement(hub, sponsor):
    return StatementPageFactory(
        parent=hub,
        title="Customers first",
        kind="value",
        statement="We start every decision with the customer.",
        sponsor=sponsor,
    )


def feedback_url(statement):
    return reverse("brand:statement_feedback", args=[statement.pk])


def answer(client, statement, **data):
    payload = {"understand": "4", "agree": "5", "contribute": "3", "comment": ""}
    payload.update(data)
    return client.post(feedback_url(statement), payload)


# Reading ----------------------------------------------------------------------------------
def test_hub_lists_statements_grouped_by_kind_with_sponsor(employee_client, hub, sponsor):
    StatementPageFactory(parent=hub, kind="goal", title="Grow", statement="Double in Europe.")
    StatementPageFactory(parent=hub, kind="mission", title="Why", statement="Warm homes.")
    StatementPageFactory(
        parent=hub, kind="value", title="Care", statement="We care.", sponsor=sponsor
    )
    response = employee_client.get(hub.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index('id="kind-mission"') < html.index('id="kind-value"')
    assert html.index('id="kind-value"') < html.index('id="kind-goal"')
    assert "Warm homes." in html and "Double in Europe." in html
    assert "Sponsor: Ada Boss" in html
    # Talking back to management: the hub leads to the questions for leadership.
    assert 'href="/brand/ask-leadership/"' in html


def test_statement_page_shows_statement_sponsor_form_and_discussion(employee_client, statement):
    response = employee_client.get(statement.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "We start every decision with the customer." in html
    assert "Executive sponsor: Ada Boss" in html
    assert 'data-testid="feedback-form"' in html
    for legend in ("I understand this", "I agree with this", "I know how my work contributes"):
        assert f"<legend>{legend}</legend>" in html
    assert html.count('type="radio"') == 15
    assert 'data-testid="results-link"' not in html  # not for an ordinary employee
    assert "discussion" in html  # the community conversation is included


def test_related_knowledge_shows_only_pages_the_reader_may_see(employee_client, statement, home):
    from wagtail.models import PageViewRestriction

    from brand.models import StatementRelatedPage
    from tests.factories import KnowledgeIndexPageFactory, SpacePageFactory

    index = KnowledgeIndexPageFactory(parent=home)
    space = SpacePageFactory(parent=index)
    private_space = SpacePageFactory(parent=index)
    PageViewRestriction.objects.create(
        page=private_space, restriction_type=PageViewRestriction.GROUPS
    )
    visible = KnowledgePageFactory(parent=space, title="How we serve customers")
    hidden = KnowledgePageFactory(parent=private_space, title="Board-only customer plan")
    StatementRelatedPage.objects.create(page=statement, target=visible, sort_order=0)
    StatementRelatedPage.objects.create(page=statement, target=hidden, sort_order=1)

    html = employee_client.get(statement.url).content.decode()
    assert "How we serve customers" in html
    assert "Board-only customer plan" not in html


def test_guests_cannot_see_the_hub_or_statements(signed_in, hub, statement):
    guest_client = signed_in(UserFactory(roles=["Guests"]))
    assert guest_client.get(hub.url).status_code == 404
    assert guest_client.get(statement.url).status_code == 404
    response = answer(guest_client, statement)
    assert response.status_code == 404
    assert not FeedbackAnswer.objects.exists()


# Answering --------------------------------------------------------------------------------
def test_employee_answers_and_the_profile_is_copied(employee, employee_client, statement):
    sales, leeds = DepartmentFactory(name="Sales"), LocationFactory(name="Leeds")
    Profile.objects.filter(user=employee).update(
        department=sales, level=Level.MANAGER, location=leeds
    )
    response = answer(employee_client, statement, comment="Makes sense to me.")
    assert response.status_code == 302
    assert response["Location"].endswith("#feedback")
    saved = FeedbackAnswer.objects.get()
    assert (saved.understand, saved.agree, saved.contribute) == (4, 5, 3)
    assert saved.comment == "Makes sense to me."
    assert (saved.department, saved.level, saved.location) == (sales, "manager", leeds)
    assert saved.is_latest
    event = ActivityEvent.objects.get(verb="gave_feedback")
    assert event.actor == employee

    page = employee_client.get(statement.url).content.decode()
    assert 'data-testid="my-answer"' in page
    assert re.search(r'name="agree" value="5"[^>]*checked', page)  # the form keeps it


def test_changing_an_answer_keeps_history_and_one_latest(employee, employee_client, statement):
    answer(employee_client, statement, agree="2")
    answer(employee_client, statement, agree="4")
    rows = list(FeedbackAnswer.objects.order_by("pk"))
    assert [(row.agree, row.is_latest) for row in rows] == [(2, False), (4, True)]
    html = employee_client.get(statement.url).content.decode()
    assert '<dd data-testid="my-agree">4 / 5</dd>' in html


def test_sending_the_same_answer_again_adds_no_history(employee_client, statement):
    answer(employee_client, statement)
    answer(employee_client, statement)
    assert FeedbackAnswer.objects.count() == 1


def test_overall_result_shown_after_answering_when_enough_people(
    settings, employee_client, statement
):
    settings.HEARTH_FEEDBACK_MIN_GROUP = 5
    settings.HEARTH_FEEDBACK_SHOW_OVERALL = True
    answers(statement, 4, agree=3)
    before = employee_client.get(statement.url).content.decode()
    assert 'data-testid="overall"' not in before  # not before answering
    answer(employee_client, statement, agree="5")
    after = employee_client.get(statement.url).content.decode()
    assert 'data-testid="overall-agree">3.4 / 5' in after  # (4*3 + 5) / 5


def test_overall_result_suppressed_below_threshold(settings, employee_client, statement):
    settings.HEARTH_FEEDBACK_MIN_GROUP = 5
    answers(statement, 2)
    answer(employee_client, statement)
    html = employee_client.get(statement.url).content.decode()
    assert 'data-testid="overall-suppressed"' in html
    assert 'data-testid="overall-agree"' not in html


def test_overall_result_hidden_when_the_setting_is_off(settings, employee_client, statement):
    settings.HEARTH_FEEDBACK_SHOW_OVERALL = False
    answers(statement, 10)
    answer(employee_client, statement)
    assert 'data-testid="overall"' not in employee_client.get(statement.url).content.decode()


# Bad input --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "data",
    [
        {"understand": ""},
        {"agree": "0"},
        {"contribute": "6"},
        {"agree": "three"},
        {"understand": "2.5"},
        {"comment": "x" * 2001},
    ],
)
def test_bad_values_are_a_400_with_a_message_and_nothing_stored(employee_client, statement, data):
    response = answer(employee_client, statement, **data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="feedback-errors"' in html
    assert "Your answer was not saved." in html
    assert not FeedbackAnswer.objects.exists()


def test_missing_field_is_a_400(employee_client, statement):
    response = employee_client.post(feedback_url(statement), {"understand": "3", "agree": "3"})
    assert response.status_code == 400
    assert "Please choose an answer from 1 to 5." in response.content.decode()
    assert not FeedbackAnswer.objects.exists()


def test_unpublished_statement_is_a_404(employee_client, statement):
    statement.unpublish()
    assert answer(employee_client, statement).status_code == 404
    assert not FeedbackAnswer.objects.exists()


def test_statement_the_reader_may_not_see_is_a_404(employee_client, statement):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=statement, restriction_type="groups")
    assert answer(employee_client, statement).status_code == 404
    assert not FeedbackAnswer.objects.exists()


def test_unknown_statement_is_a_404(employee_client, home):
    response = employee_client.post(
        reverse("brand:statement_feedback", args=[999999]), {"understand": "3"}
    )
    assert response.status_code == 404


def test_get_on_the_feedback_endpoint_is_a_405(employee_client, statement):
    assert employee_client.get(feedback_url(statement)).status_code == 405


def test_signed_out_people_are_sent_to_sign_in(client, statement):
    response = client.post(feedback_url(statement), {"understand": "3"})
    assert response.status_code == 302
    assert not FeedbackAnswer.objects.exists()


def test_service_refuses_out_of_range_values(employee, statement):
    from django.core.exceptions import ValidationError

    from brand.vision.services import give_feedback

    with pytest.raises(ValidationError):
        give_feedback(employee, statement, understand=9, agree=3, contribute=3)
    assert not FeedbackAnswer.objects.exists()
