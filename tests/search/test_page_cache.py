"""What the search page keeps between requests (issue 19) and what it loads on demand:
promotions and "Did you mean" are cached until they change, privacy is checked per reader
on every request; with pages found, the discussions come by a link (htmx or plain)."""

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from community.models import Visibility
from tests.community.factories import AnnotationFactory, CommentFactory
from tests.factories import StandardPageFactory, publish


def _html(client, path="/search/", status=200, **params) -> str:
    response = client.get(path, params)
    assert response.status_code == status
    return response.content.decode()


def test_with_pages_found_the_discussions_come_by_link(employee_client, wiki):
    CommentFactory(page=wiki["vacation"], body="My vacation booking broke twice")
    CommentFactory(page=wiki["bands"], body="Vacation bonus for executives")  # private page
    AnnotationFactory(
        page=wiki["vacation"], body="Private vacation thought", visibility=Visibility.PRIVATE
    )
    html = _html(employee_client, q="vacation")
    assert "Vacation policy" in html  # a page was found
    assert 'data-testid="search-discussions-link"' in html
    assert "/search/discussions/?q=vacation" in html
    assert "booking broke" not in html
    # Without JavaScript: the link opens a page with them.
    page = _html(employee_client, "/search/discussions/", q="vacation")
    assert "<mark>vacation</mark> booking broke twice" in page
    assert "Back to the search results" in page
    assert "bonus" not in page and "Private" not in page
    # With htmx: the section alone, swapped in place of the link.
    part = employee_client.get(
        "/search/discussions/", {"q": "vacation"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert part.lstrip().startswith("<section") and "<html" not in part
    assert 'data-testid="search-discussions"' in part and "booking broke" in part
    assert "bonus" not in part


def test_the_discussions_page_refuses_an_empty_search(employee_client, wiki):
    html = _html(employee_client, "/search/discussions/", status=400, q="  ")
    assert "Say what to look for" in html


def test_without_pages_found_the_discussions_come_at_once(employee_client, wiki):
    CommentFactory(page=wiki["laptop"], body="My zeppelin keyboard broke twice")
    html = _html(employee_client, q="zeppelin")
    assert 'data-testid="search-discussions"' in html
    assert "<mark>zeppelin</mark> keyboard" in html


def test_a_promotion_takes_effect_on_the_next_search(employee_client, wiki):
    assert 'data-testid="search-promoted"' not in _html(employee_client, q="benefits")  # cached
    pick = SearchPromotion.objects.create(
        query=Query.get("benefits"), page=wiki["laptop"], description="Start here"
    )
    assert "Start here" in _html(employee_client, q="benefits")
    pick.description = "Begin here"
    pick.save()
    assert "Begin here" in _html(employee_client, q="benefits")
    pick.delete()
    assert "Begin here" not in _html(employee_client, q="benefits")


def test_a_promotion_cached_for_a_leader_is_not_shown_to_an_employee(
    employee_client, signed_in, wiki, leader
):
    SearchPromotion.objects.create(
        query=Query.get("benefits"), page=wiki["bands"], description="Secret pick"
    )
    assert "Secret pick" in _html(signed_in(leader), q="benefits")  # cached by the leader
    assert "Secret pick" not in _html(employee_client, q="benefits")


def test_did_you_mean_follows_the_vocabulary(employee_client, wiki, home, indexing):
    with indexing():
        publish(StandardPageFactory(parent=home, title="Zorbatrn bag (sic)"))
    assert 'data-testid="search-suggestion"' not in _html(employee_client, q="zorbatrn")
    with indexing():
        publish(StandardPageFactory(parent=home, title="Zorbatron stand"))
        publish(StandardPageFactory(parent=home, title="Zorbatron lock"))
    html = _html(employee_client, q="zorbatrn")
    assert 'data-testid="search-suggestion"' in html and "?q=zorbatron" in html
