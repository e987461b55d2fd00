"""A guest's attack on the search page's deferred discussions (/search/discussions/): a
comment or shared annotation on a page outside the guest's spaces never appears, whatever
the query (words, a phrase, an excluded word, the outside page's own words) and whatever
filters are sent with it (the search page's facets, its sort and paging, htmx or not).
The guest's own space is searched in the same requests, so the answer is never empty."""

import itertools

from search.engine import FACET_PARAMS, SORTS
from tests.community.factories import AnnotationFactory, CommentFactory

QUERIES = (
    "quokka",
    '"quokka remark"',
    "quokka -laptop",
    "quokka vacation",
    "quokka zorblatt compensation",
    "vacation",
    "zorblatt",
)


def _filters(wiki) -> list[dict]:
    """No filter, each facet alone pointed at an outside space or page's values, all of
    them at once, and the sorts and a far page."""
    outside = {
        "space": str(wiki["hr"].pk),
        "type": "policy",
        "tag": "leave",
        "owner": str(wiki["owner"].pk),
        "updated": "year",
        "verified": "1",
    }
    assert set(outside) == set(FACET_PARAMS), "a new facet: add it here"
    combos = [{}]
    combos += [{name: outside[name]} for name in FACET_PARAMS]
    combos += [{"space": str(wiki["secret"].pk)}, dict(outside)]
    combos += [{"sort": sort} for sort in SORTS] + [{"page": "2"}, {"page": "x"}]
    return combos


def test_a_guest_never_sees_discussions_outside_their_spaces(signed_in, wiki, guest):
    for page, where in ((wiki["vacation"], "hr"), (wiki["bands"], "secret")):
        CommentFactory(page=page, body=f"quokka remark from {where} comment")
        AnnotationFactory(
            page=page, body=f"quokka remark from {where} note", exact=page.title.split()[0]
        )
    CommentFactory(page=wiki["laptop"], body="quokka remark from it comment")
    AnnotationFactory(page=wiki["laptop"], body="quokka remark from it note", exact="Laptop")
    client = signed_in(guest)

    seen_inside = 0
    for query, filters, htmx in itertools.product(QUERIES, _filters(wiki), (False, True)):
        response = client.get(
            "/search/discussions/",
            {"q": query, **filters},
            headers={"HX-Request": "true"} if htmx else {},
        )
        assert response.status_code == 200, (query, filters, htmx)
        html = response.content.decode()
        for outside in ("from hr", "from secret", "Vacation policy", "Compensation bands"):
            assert outside not in html, (outside, query, filters, htmx)
        seen_inside += "from it comment" in html and "from it note" in html
    # The guest's own space answers the queries that can match it.
    assert seen_inside >= len(_filters(wiki)) * 2 * 2


def test_an_employee_sees_the_open_space_discussions_the_guest_may_not(employee_client, wiki):
    """The same rows are found for someone who may read HR: the guest's test above is
    not empty because of the search."""
    CommentFactory(page=wiki["vacation"], body="quokka remark from hr comment")
    html = employee_client.get("/search/discussions/", {"q": "quokka"}).content.decode()
    assert "from hr comment" in html
