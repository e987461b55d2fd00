"""Hostile and odd input: results or a clear message, never a 500."""

import pytest
from django.contrib.auth.models import AnonymousUser

from insights.services import record_view
from tests.factories import StandardPageFactory, publish

HOSTILE = [
    '"',
    "'",
    "(",
    ")",
    "*",
    ":",
    "^",
    "-",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "vacation AND",
    "OR vacation",
    "NOT vacation",
    "vacation NEAR policy",
    "NEAR(vacation policy, 2)",
    '"unbalanced vacation',
    'vacation "',
    '""',
    "title:vacation",
    "vacation*",
    "^vacation",
    "(vacation OR",
    "vacation) policy(",
    "{title body}: vacation",
    "vac\x00ation",
    "\x00",
    "😀",
    "vacation 😀🏖️",
    "שלום חופשה",
    "إجازة",
    "\u202evacation\u202c",
    "--vacation",
    "-",
    "- -",
    "' OR 1=1 --",
    "%",
    "_",
    "\\",
    "a" * 300,
]


@pytest.mark.parametrize("query", HOSTILE)
def test_fts_syntax_and_odd_characters_never_break_search(employee_client, wiki, query):
    response = employee_client.get("/search/", {"q": query})
    assert response.status_code == 200
    autocomplete = employee_client.get("/search/autocomplete/", {"q": query})
    assert autocomplete.status_code == 200
    assert isinstance(autocomplete.json()["items"], list)


def test_quotes_and_operators_still_find_the_words(employee_client, wiki):
    for query in ('"vacation policy', "vacation AND", "(vacation OR", "vacation*"):
        html = employee_client.get("/search/", {"q": query}).content.decode()
        assert "Vacation policy" in html, query


def test_a_query_without_letters_gets_a_clear_message(employee_client, wiki):
    for query in ("😀", "\x00", "( ) * :"):
        html = employee_client.get("/search/", {"q": query}).content.decode()
        assert "no letters or digits" in html, query


def test_only_exclusions_asks_for_a_word(employee_client, wiki):
    html = employee_client.get("/search/", {"q": "-vacation"}).content.decode()
    assert "Add a word to look for" in html


def test_a_ten_thousand_character_query_is_trimmed_with_a_notice(employee_client, wiki):
    response = employee_client.get("/search/", {"q": "vacation " + "x" * 10_000})
    html = response.content.decode()
    assert response.status_code == 200
    assert "only its start was used" in html
    assert "Vacation policy" not in html or "result" in html
    assert len(response.content) < 200_000


def test_right_to_left_text_is_searched(employee_client, home, indexing):
    with indexing():
        publish(
            StandardPageFactory(parent=home, title="מדיניות חופשה", listing_summary="חופשה שנתית")
        )
    html = employee_client.get("/search/", {"q": "חופשה"}).content.decode()
    assert "מדיניות חופשה" in html
    assert "<mark>חופשה</mark>" in html


def test_empty_query_shows_popular_and_recent_pages(employee_client, employee, wiki):
    for _ in range(2):
        record_view(employee, wiki["laptop"])
    html = employee_client.get("/search/").content.decode()
    assert 'data-testid="search-popular"' in html
    assert "Laptop replacement" in html
    assert 'data-testid="search-recent"' in html
    assert "Compensation" not in html
    assert employee_client.get("/search/", {"q": "   "}).status_code == 200


def test_popular_pages_never_include_private_ones(employee_client, leader, wiki):
    record_view(leader, wiki["bands"])
    record_view(AnonymousUser(), wiki["vacation"])
    html = employee_client.get("/search/").content.decode()
    assert "Compensation" not in html


def test_bad_page_numbers(employee_client, wiki):
    for page in ("abc", "-1", "0", "99999", "1e9", "\x00"):
        response = employee_client.get("/search/", {"q": "vacation", "page": page})
        assert response.status_code == 200
        assert "Vacation policy" in response.content.decode()


def test_malformed_click_and_feedback_requests_are_refused_calmly(employee_client, wiki):
    assert employee_client.get("/search/click/", {"p": "abc"}).status_code == 400
    assert employee_client.get("/search/click/", {"p": "999999"}).status_code == 404
    assert (
        employee_client.post("/search/feedback/", {"s": "nope", "helpful": "yes"}).status_code
        == 400
    )
    assert employee_client.get("/search/feedback/").status_code == 405


def test_only_very_common_words_ask_for_a_specific_one(employee_client, wiki):
    for query in ("the and of", "AND OR NOT NEAR", "how do I"):
        response = employee_client.get("/search/", {"q": query})
        assert response.status_code == 200
        assert "only has very common words" in response.content.decode(), query
    html = employee_client.get("/search/", {"q": "how do I book vacation"}).content.decode()
    assert "Vacation policy" in html
