"""A must-read in real Chromium: read, acknowledge, a material change, the diff, again."""

import pytest
from wagtail.rich_text import RichText

from knowledge import mustread
from knowledge.models import KnowledgePage
from tests.browser.conftest import sign_in
from tests.factories import (
    DepartmentFactory,
    KnowledgePageFactory,
    UserFactory,
    knowledge_space,
    publish,
)


@pytest.fixture
def must_read_page(site_data):
    sales = DepartmentFactory(name="Sales")
    editor = UserFactory(username="eden", roles=["Employees"])
    reader = UserFactory(username="emma", first_name="Emma", roles=["Employees"])
    reader.profile.department = sales
    reader.profile.save()
    space = knowledge_space("Sales", editor)
    page = KnowledgePageFactory(
        parent=space, title="Discount approval policy", content_owner=editor
    )
    publish(
        page,
        editor,
        change_note="First version",
        listing_summary="Discounts above 15 percent need approval.",
        body=[("paragraph", RichText("<p>Ask your manager before you offer a discount.</p>"))],
    )
    mustread.set_must_read(editor, page, everyone=False, departments=[sales])
    return KnowledgePage.objects.get(pk=page.pk)


def test_acknowledge_then_reacknowledge_after_a_material_change(page, new_browser, must_read_page):
    policy = must_read_page
    sign_in(page, "emma")

    page.get_by_test_id("open-must-reads").get_by_role("link", name=policy.title).click()
    page.get_by_test_id("acknowledge").click()
    page.get_by_text("You acknowledged this on").wait_for()

    # The owner publishes a material change in Wagtail's editor, in a browser of their own.
    editor_page = sign_in(new_browser(), "eden")
    editor_page.goto(f"/admin/pages/{policy.pk}/edit/")
    editor_page.locator("#id_listing_summary").fill("Discounts above 10 percent need approval.")
    editor_page.locator("#id_change_note").fill("Threshold lowered to 10 percent")
    editor_page.locator("#id_material_change").check()
    # "Publish" sits in the footer's action menu; press it as the menu would.
    editor_page.locator('button[name="action-publish"]').evaluate("button => button.click()")
    editor_page.wait_for_url(lambda url: "/edit/" not in url)
    editor_page.context.close()
    assert KnowledgePage.objects.get(pk=policy.pk).live_revision.content["material_change"]

    page.goto(policy.url)
    page.get_by_text("This page changed materially since you acknowledged it").wait_for()
    page.get_by_test_id("mustread-compare").click()
    page.get_by_test_id("field-changes").locator("del", has_text="15 percent").wait_for()
    assert page.get_by_test_id("field-changes").locator("ins", has_text="10 percent").is_visible()

    page.goto(policy.url)
    page.get_by_test_id("acknowledge").click()
    page.get_by_text("You acknowledged this on").wait_for()
    assert policy.acknowledgements.filter(user__username="emma").count() == 2
