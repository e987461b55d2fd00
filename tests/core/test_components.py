"""The shared template components (templates/components/) and the pages built on them draw
the same markup wherever they are used: the breadcrumb trail, a paged list or table with its
empty state, and a refusal page that gives back what the person wrote."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from pytest_django.asserts import assertTemplateUsed

from tests.community.discussion import knowledge_page
from tests.community.factories import CommentFactory


def test_breadcrumbs_link_each_ancestor_below_the_root_and_mark_the_page(home):
    page = knowledge_page(home)
    html = render_to_string("components/breadcrumbs.html", {"page": page, "testid": "trail"})
    assert 'aria-label="Breadcrumb"' in html and 'data-testid="trail"' in html
    assert '<a href="/knowledge/it-help/">IT Help</a>' in html.replace("http://localhost", "")
    assert '<li aria-current="page">Reset your VPN token</li>' in html

    html = render_to_string(
        "components/breadcrumbs.html", {"page": page, "current_label": "Question"}
    )
    assert '<li aria-current="page">Question</li>' in html and "data-testid" not in html


def test_a_paged_list_draws_each_item_or_the_empty_state():
    page_obj = Paginator(["first", "second"], 1).get_page(1)
    context = {
        "items": page_obj.object_list,
        "page_obj": page_obj,
        "item_template": "components/footer.html",
        "list_class": "cards",
        "testid": "things",
    }
    html = render_to_string("components/paged_list.html", context)
    assert '<ul class="cards" data-testid="things" data-component="paged_list">' in html
    assert 'rel="next"' in html and "Page 1 of 2" in html

    html = render_to_string(
        "components/paged_list.html",
        {"items": [], "empty": "Nothing yet.", "empty_testid": "none", "ordered": True},
    )
    assert html.strip() == (
        '<p class="empty" data-component="empty_state" data-testid="none">Nothing yet.</p>'
    )


def test_a_paged_table_draws_heads_and_rows_or_the_empty_state(db):
    page_obj = Paginator([], 10).get_page(1)
    context = {
        "items": page_obj.object_list,
        "page_obj": page_obj,
        "head_template": "home/onboarding/team_head.html",
        "row_template": "home/onboarding/team_row.html",
        "empty": "Nobody yet.",
    }
    html = render_to_string("components/paged_table.html", context)
    assert html.strip() == '<p class="empty" data-component="empty_state">Nobody yet.</p>'

    context["items"] = [None]
    context["caption"] = "Who got how far"
    html = render_to_string("components/paged_table.html", context)
    assert '<caption class="visually-hidden">Who got how far</caption>' in html
    assert '<th scope="col">Person</th>' in html and 'data-testid="team-row"' in html
    assert "pagination" not in html


# A refusal is drawn by the shared refusal page and retry form (one markup for every
# refusal that gives back what someone wrote), not by markup of its own.
REFUSAL_COMPONENTS = ("refusal_page.html", "community/includes/retry_form.html")


def _assert_drawn_by_the_refusal_components(response) -> None:
    for template in REFUSAL_COMPONENTS:
        assertTemplateUsed(response, template)


def test_a_refused_comment_comes_back_in_a_form_to_send_again(employee_client, home):
    page = knowledge_page(home)
    response = employee_client.post(f"/community/pages/{page.pk}/comments/", {"text": "x" * 20000})
    html = response.content.decode()
    assert response.status_code == 400
    _assert_drawn_by_the_refusal_components(response)
    assert "<h1>That was not saved</h1>" in html and 'data-testid="form-error"' in html
    assert f'action="/community/pages/{page.pk}/comments/"' in html
    assert '<label for="retry-text">Your text, to change and send again</label>' in html
    assert ">" + "x" * 20000 + "</textarea>" in html
    assert f'href="{page.url}#discussion"' in html


def test_a_refused_edit_comes_back_in_a_form_that_saves_the_same_comment(
    employee_client, employee, home
):
    comment = CommentFactory(page=knowledge_page(home), author=employee, body="First words")
    url = f"/community/comments/{comment.pk}/edit/"
    response = employee_client.post(url, {"text": "y" * 20000})
    _assert_drawn_by_the_refusal_components(response)
    html = response.content.decode()
    assert f'<form method="post" action="{url}" class="comment-form">' in html
    assert 'name="parent"' not in html and "Save changes</button>" in html
