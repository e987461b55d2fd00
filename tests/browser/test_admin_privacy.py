"""The Wagtail admin in real Chromium: an editor outside the Leadership group browses the
explorer and the page chooser and finds no Leadership space; a Leadership member does, and
the editor typing the private page's address gets Wagtail's "not found"."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from tests.browser.conftest import sign_in_in_a_new_tab
from tests.factories import KnowledgePageFactory, UserFactory, knowledge_space, publish


@pytest.fixture
def spaces(site_data):
    leadership = Group.objects.create(name="Leadership")
    UserFactory(username="eddie", roles=["Employees", "Editors"])
    member = UserFactory(username="lena", roles=["Employees", "Editors"])
    member.groups.add(leadership)
    handbook = knowledge_space("Handbook")
    publish(handbook)
    private = knowledge_space("Leadership")
    restriction = PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(leadership)
    publish(private)
    plan = KnowledgePageFactory(parent=private, title="Reorganisation plan")
    publish(plan)
    return handbook.get_parent(), plan


def _explorer_titles(admin, index) -> list[str]:
    admin.goto(f"/admin/pages/{index.pk}/")
    titles = admin.locator("table.listing .title-wrapper a, table.listing td.title a")
    titles.first.wait_for()
    return [text.strip() for text in titles.all_inner_texts()]


def test_an_editor_outside_the_group_sees_no_leadership_space_a_member_does(page, spaces):
    index, plan = spaces

    editor = sign_in_in_a_new_tab(page.context, "eddie")
    titles = _explorer_titles(editor, index)
    assert any("Handbook" in title for title in titles)
    assert not any("Leadership" in title for title in titles)
    editor.goto(f"/admin/pages/{plan.pk}/edit/")
    assert "Reorganisation plan" not in editor.content()
    assert editor.locator("h1").first.inner_text().strip() != "Reorganisation plan"
    editor.goto("/admin/pages/search/?q=Reorganisation")
    assert "Reorganisation plan" not in editor.content()
    editor.context.clear_cookies()

    member = sign_in_in_a_new_tab(page.context, "lena")
    titles = _explorer_titles(member, index)
    assert any("Leadership" in title for title in titles)
    member.goto(f"/admin/pages/{plan.pk}/edit/")
    assert member.locator("#id_title").input_value() == "Reorganisation plan"
