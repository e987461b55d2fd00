"""The vision hub's and statements' page context (core.page_context providers,
registered by brand's AppConfig.ready)."""

from brand.vision import services as vision
from brand.vision.forms import SCALE, FeedbackForm
from brand.vision.models import StatementPage, VisionHubPage
from brand.vision.suppression import min_group
from core import page_context


@page_context.provides(VisionHubPage)
def hub_context(hub: VisionHubPage, user, params) -> dict:
    statements = list(vision.hub_statements(user, hub))
    return {
        "statement_groups": vision.statements_by_kind(statements),
        "answered_ids": vision.answered_statement_ids(user, hub),
    }


@page_context.provides(StatementPage)
def statement_context(statement: StatementPage, user, params) -> dict:
    answer = vision.latest_answer(user, statement)
    return {
        "feedback_form": FeedbackForm.for_answer(answer),
        "my_answer": answer,
        "overall": vision.employee_overall(user, statement, answered=answer is not None),
        "threshold": min_group(),
        "can_see_results": vision.can_see_results(user, statement),
        "related": list(vision.related_pages(user, statement)),
        "questions": vision.QUESTIONS,
        "scale": SCALE,
    }
