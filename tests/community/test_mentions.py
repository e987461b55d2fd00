"""@mentions in comments: highlighted, stored for notification, only for people who may see
the page; and the autocomplete that suggests them."""

import pytest

from community.models import Comment
from tests.community.discussion import HTMX, knowledge_page, restrict_to_group
from tests.factories import UserFactory


@pytest.fixture
def page(home):
    return knowledge_page(home)


def _post(client, page, text, headers=None, follow=False, **fields):
    url = f"/community/pages/{page.pk}/comments/"
    return client.post(url, {"text": text, **fields}, follow=follow, **(headers or {}))


def test_a_mention_is_highlighted_and_stored(employee_client, page):
    sam = UserFactory(username="sam.lee", first_name="Sam", last_name="Lee", roles=["Employees"])
    sam.profile.display_name = "Sammy"
    sam.profile.save()
    response = _post(employee_client, page, "Thanks @Sam.Lee, and @nobody!")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert list(comment.mentioned.all()) == [sam]
    assert (
        '<p>Thanks <span class="mention" title="@Sam.Lee">@Sammy</span>, and @nobody!</p>'
        in comment.body_html
    )
    assert '<span class="mention" title="@Sam.Lee">@Sammy</span>' in (
        employee_client.get(page.url).content.decode()
    )


def test_someone_who_cannot_see_the_page_is_not_mentioned_and_the_writer_is_told(signed_in, page):
    members = restrict_to_group(page)
    author = UserFactory(username="ann", roles=["Employees"])
    insider = UserFactory(username="ines", first_name="Ines", last_name="In", roles=["Employees"])
    members.user_set.add(author, insider)
    UserFactory(username="otto", first_name="Otto", last_name="Out", roles=["Employees"])
    client = signed_in(author)

    response = _post(client, page, "cc @ines @otto", headers=HTMX)
    assert response.status_code == 200
    assert "Otto Out cannot see this page, so was not notified." in response.content.decode()
    comment = Comment.objects.get()
    assert [person.username for person in comment.mentioned.all()] == ["ines"]
    assert "@Otto" not in comment.body_html and "@otto" in comment.body_html

    response = _post(client, page, "again @otto", follow=True)
    assert "Otto Out cannot see this page, so was not notified." in response.content.decode()


def test_mentions_in_code_and_links_stay_text_and_names_are_escaped(employee_client, page):
    evil = UserFactory(username="evil", roles=["Employees"])
    evil.profile.display_name = '<img src=x onerror="alert(1)">'
    evil.profile.save()
    _post(employee_client, page, "`@evil` and [@evil](https://example.com/@evil) and @evil")
    html = Comment.objects.get().body_html
    assert "<code>@evil</code>" in html
    assert 'href="https://example.com/@evil"' in html
    assert "<img" not in html
    assert "@&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</span>" in html
    assert html.count('class="mention"') == 2  # the link text and the plain one


def test_editing_updates_the_mentions(employee_client, employee, page):
    UserFactory(username="sam", roles=["Employees"])
    bob = UserFactory(username="bob", roles=["Employees"])
    _post(employee_client, page, "Hi @sam")
    comment = Comment.objects.get()
    employee_client.post(f"/community/comments/{comment.pk}/edit/", {"text": "Hi @bob"})
    assert list(comment.mentioned.all()) == [bob]


def test_autocomplete_suggests_people_who_can_see_the_page(signed_in, page):
    members = restrict_to_group(page)
    # Every name is given: a random surname ("Whitehill") would match the queries below.
    reader = UserFactory(
        username="reader", first_name="Rita", last_name="Reader", roles=["Employees"]
    )
    sara = UserFactory(username="sara", first_name="Sara", last_name="Hill", roles=["Employees"])
    sandra = UserFactory(
        username="sandra", first_name="Sandra", last_name="Outside", roles=["Employees"]
    )
    saul = UserFactory(username="x123", first_name="Q", last_name="Zed", roles=["Employees"])
    saul.profile.display_name = "Saul the Great"
    saul.profile.save()
    members.user_set.add(reader, sara, saul)
    client = signed_in(reader)
    url = f"/community/pages/{page.pk}/people/"

    response = client.get(url, {"q": "sa"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert {"username": "sara", "name": "Sara Hill"} in results
    assert {"username": "x123", "name": "Saul the Great"} in results
    assert "sandra" not in [person["username"] for person in results]  # cannot see the page
    assert sandra.username not in response.content.decode()
    assert client.get(url, {"q": "@hil"}).json()["results"] == [
        {"username": "sara", "name": "Sara Hill"}
    ]
    assert client.get(url, {"q": ""}).json() == {"results": []}
    assert client.get(url, {"q": "%_'\"\x00" * 40}).status_code == 200


def test_autocomplete_returns_at_most_eight(employee_client, page):
    for n in range(12):
        UserFactory(username=f"team{n}", roles=["Employees"])
    assert (
        len(employee_client.get(f"/community/pages/{page.pk}/people/?q=team").json()["results"])
        == 8
    )


def test_autocomplete_is_404_for_outsiders_and_unknown_pages(signed_in, page):
    restrict_to_group(page)
    outsider = signed_in(UserFactory(username="out", roles=["Employees"]))
    assert outsider.get(f"/community/pages/{page.pk}/people/?q=a").status_code == 404
    assert outsider.get("/community/pages/987654/people/?q=a").status_code == 404
