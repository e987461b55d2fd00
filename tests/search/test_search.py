"""The header search box's results page: real full-text search, privacy-safe, paginated."""

from wagtail.models import PageViewRestriction

from tests.factories import StandardPageFactory


def _publish(page):
    page.save_revision().publish(skip_permission_checks=True)
    return page


def test_search_finds_a_published_page_by_its_words(employee_client, home):
    _publish(
        StandardPageFactory(
            parent=home, title="Parental leave", listing_summary="How to plan parental leave."
        )
    )
    _publish(StandardPageFactory(parent=home, title="Expense claims"))
    response = employee_client.get("/search/", {"q": "parental"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Parental leave" in html
    assert "Expense claims" not in html
    assert "1 result for" in html


def test_search_never_shows_restricted_pages(employee_client, home):
    secret = _publish(StandardPageFactory(parent=home, title="Parental leave for executives"))
    PageViewRestriction.objects.create(page=secret, restriction_type="groups")
    html = employee_client.get("/search/", {"q": "parental"}).content.decode()
    assert "executives" not in html
    assert "0 results for" in html


def test_search_never_shows_drafts(employee_client, home):
    StandardPageFactory(parent=home, title="Unannounced reorganisation", live=False)
    html = employee_client.get("/search/", {"q": "reorganisation"}).content.decode()
    assert "Unannounced" not in html


def test_empty_odd_and_huge_queries_are_answered_calmly(employee_client, home):
    assert employee_client.get("/search/").status_code == 200
    assert employee_client.get("/search/", {"q": '"unbalanced -( AND OR'}).status_code == 200
    assert employee_client.get("/search/", {"q": "x" * 10_000}).status_code == 200
    assert employee_client.get("/search/", {"q": "leave", "page": "nope"}).status_code == 200


def test_search_results_are_paginated(employee_client, home):
    for number in range(13):
        _publish(StandardPageFactory(parent=home, title=f"Onboarding checklist {number}"))
    first = employee_client.get("/search/", {"q": "onboarding"}).content.decode()
    second = employee_client.get("/search/", {"q": "onboarding", "page": 2}).content.decode()
    assert first.count('class="card"') == 10
    assert second.count('class="card"') == 3
    assert "q=onboarding&amp;page=2" in first
