"""Statement feedback in real Chromium: an employee answers, sees the answer kept and the
overall result, then changes it."""

import pytest
from django.test import override_settings

from brand.models import FeedbackAnswer
from tests.brand.factories_vision import StatementPageFactory, VisionHubPageFactory, answers
from tests.browser.conftest import open_as
from tests.factories import UserFactory, home_page


@pytest.fixture
def statement(site_data):
    UserFactory(username="emma", first_name="Emma", roles=["Employees"])
    sponsor = UserFactory(username="ceo", first_name="Ada", last_name="Boss")
    hub = VisionHubPageFactory(parent=home_page())
    statement = StatementPageFactory(
        parent=hub,
        title="Customers first",
        kind="value",
        statement="We start every decision with the customer's problem.",
        sponsor=sponsor,
    )
    answers(statement, 5, agree=3)  # five colleagues answered before
    return statement


@override_settings(HEARTH_FEEDBACK_SHOW_OVERALL=True, HEARTH_FEEDBACK_MIN_GROUP=5)
def test_employee_answers_a_statement_and_sees_the_overall_result(page, statement):
    open_as(page, "emma", "/vision/")
    page.get_by_test_id("statement-card").get_by_role("link", name="Customers first").click()
    page.get_by_test_id("statement-text").wait_for()
    assert page.get_by_test_id("overall").count() == 0  # nothing before answering

    form = page.get_by_test_id("feedback-form")
    form.locator('input[name="understand"][value="5"]').check()
    form.locator('input[name="agree"][value="4"]').check()
    # keyboard works too: focus a radio and move with the arrow keys
    form.locator('input[name="contribute"][value="2"]').focus()
    page.keyboard.press("ArrowRight")
    form.get_by_test_id("feedback-comment").fill("Clear to me; show us examples.")
    form.get_by_test_id("feedback-submit").click()

    page.get_by_text("Thank you: your answer is saved.").wait_for()
    assert page.get_by_test_id("my-understand").inner_text() == "5 / 5"
    assert page.get_by_test_id("my-agree").inner_text() == "4 / 5"
    assert page.get_by_test_id("my-contribute").inner_text() == "3 / 5"
    assert form.locator('input[name="agree"][value="4"]').is_checked()
    assert page.get_by_test_id("overall-agree").inner_text() == "3.2 / 5"  # (5*3 + 4) / 6

    # change the answer: the latest counts, the history stays
    page.get_by_test_id("feedback-form").locator('input[name="agree"][value="1"]').check()
    page.get_by_test_id("feedback-submit").click()
    page.get_by_text("Thank you: your answer is saved.").wait_for()
    assert page.get_by_test_id("my-agree").inner_text() == "1 / 5"
    assert page.get_by_test_id("overall-agree").inner_text() == "2.7 / 5"  # (15 + 1) / 6
    mine = FeedbackAnswer.objects.filter(user__username="emma").order_by("pk")
    assert [(row.agree, row.is_latest) for row in mine] == [(4, False), (1, True)]
