"""A must-read in real Chromium: read, acknowledge, a material change, the diff, again."""

import pytest
from wagtail.rich_text import RichText

from knowledge import mustread
from knowledge.models import KnowledgePage
from tests.factories import (
    PASSWORD,
    DepartmentFactory,
    KnowledgeIndexPageFactory,
    KnowledgePageFactory,
    SpacePageFactory,
    UserFactory,
    home_page,
    publish,
)


@pytest.fixture
def must_read_page(site_data):
    sales = DepartmentFactory(name="Sales")
    editor = UserFactory(username="eden", roles=["Employees"])
    reader = UserFactory(username="emma", first_name="Emma", roles=["Employees"])
    reader.profile.department = sales
    reader.profile.save()
    index = KnowledgeIndexPageFactory(parent=home_page())
    space = SpacePageFactory(parent=index, title="Sales", owners=[editor])
    page = KnowledgePageFactory(
        parent=space, title="Discount approval policy", content_owner=editor
    )
    publish(
        page,
        editor,
        change_note="First version",
        body=[("paragraph", RichText("<p>Discounts above 15 percent need approval.</p>"))],
    )
    mustread.set_must_read(editor, page, everyone=False, departments=[sales])
    return KnowledgePage.objects.get(pk=page.pk), editor


def _sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id("home-heading").wait_for()


def test_acknowledge_then_reacknowledge_after_a_material_change(page, must_read_page):
    policy, editor = must_read_page
    _sign_in(page, "emma")

    page.get_by_test_id("open-must-reads").get_by_role("link", name=policy.title).click()
    page.get_by_test_id("acknowledge").click()
    page.get_by_text("You acknowledged this on").wait_for()

    # The owner publishes a material change (the admin's publish, recorded with its note).
    publish(
        policy,
        editor,
        change_note="Threshold lowered to 10 percent",
        material_change=True,
        body=[("paragraph", RichText("<p>Discounts above 10 percent need approval.</p>"))],
    )

    page.goto(policy.url)
    page.get_by_text("This page changed materially since you acknowledged it").wait_for()
    page.get_by_test_id("mustread-compare").click()
    page.locator("del", has_text="15").wait_for()
    assert page.locator("ins", has_text="10").is_visible()

    page.goto(policy.url)
    page.get_by_test_id("acknowledge").click()
    page.get_by_text("You acknowledged this on").wait_for()
    assert policy.acknowledgements.filter(user__username="emma").count() == 2
