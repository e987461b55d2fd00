"""The search page: results across page types with snippets, facets, sorting, phrases,
exclusions, people, discussions, promotions, synonyms and "Did you mean"."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page

from community.models import Status, Visibility
from knowledge.models.governance import Verification
from people.models import Department, Profile
from search.models import SearchTerm, Synonym
from tests.community.factories import AnnotationFactory, CommentFactory
from tests.factories import KnowledgePageFactory, StandardPageFactory, UserFactory, publish


def _html(client, **params) -> str:
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def _titles(html: str) -> list[str]:
    return re.findall(r'<a class="card__title" href="/search/click/[^"]*">([^<]*)</a>', html)


def test_a_result_shows_title_snippet_space_type_owner_date_and_verified_badge(
    employee_client, wiki
):
    Verification.objects.create(page=wiki["vacation"], verified_by=wiki["owner"])
    html = _html(employee_client, q="vacation")
    assert _titles(html) == ["Vacation policy"]
    assert "How many <mark>vacation</mark> days" in html
    assert "Knowledge page · People and HR · owner Olga Owner · updated" in html
    assert 'data-testid="verified-badge"' in html


def test_snippets_escape_page_text_before_marking_words(employee_client, home, indexing):
    with indexing():
        publish(
            StandardPageFactory(
                parent=home,
                title="Markup test",
                listing_summary='Beware <script>alert("x")</script> of the vacation trap',
            )
        )
    html = _html(employee_client, q="vacation")
    assert "<script>alert" not in html
    assert "of the <mark>vacation</mark> trap" in html


def test_results_span_page_types(employee_client, wiki, home, indexing):
    with indexing():
        publish(StandardPageFactory(parent=home, title="Vacation calendar"))
    html = _html(employee_client, q="vacation")
    assert sorted(_titles(html)) == ["Vacation calendar", "Vacation policy"]
    assert 'data-testid="facet-type-home.standardpage"' in html
    assert 'data-testid="facet-type-knowledge.knowledgepage"' in html


def test_facets_count_and_narrow(employee_client, wiki, home, indexing):
    with indexing():
        publish(StandardPageFactory(parent=home, title="Laptop stickers"))
    html = _html(employee_client, q="laptop")
    assert "2 results" in html
    assert re.search(rf'facet-space-{wiki["it"].pk}">IT Help <span[^>]*>\(1\)', html)
    assert re.search(r'facet-tag-hardware">hardware <span[^>]*>\(1\)', html)
    narrowed = _html(employee_client, q="laptop", space=wiki["it"].pk)
    assert _titles(narrowed) == ["Laptop replacement"]
    assert _titles(_html(employee_client, q="laptop", tag="hardware")) == ["Laptop replacement"]
    assert _titles(_html(employee_client, q="laptop", type="home.standardpage")) == [
        "Laptop stickers"
    ]
    assert _titles(_html(employee_client, q="vacation", owner=wiki["owner"].pk)) == [
        "Vacation policy"
    ]


def test_updated_within_and_verified_only(employee_client, wiki):
    Verification.objects.create(page=wiki["laptop"], verified_by=wiki["owner"])
    old = timezone.now() - datetime.timedelta(days=100)
    type(wiki["vacation"]).objects.filter(pk=wiki["vacation"].pk).update(last_published_at=old)
    kind = "knowledge.knowledgepage"
    assert _titles(_html(employee_client, type=kind, updated="30")) == ["Laptop replacement"]
    assert sorted(_titles(_html(employee_client, type=kind, updated="365"))) == [
        "Laptop replacement",
        "Vacation policy",
    ]
    assert _titles(_html(employee_client, type=kind, verified="1")) == ["Laptop replacement"]
    # Verified once, long ago: due for review again, so no longer "verified".
    Verification.objects.create(
        page=wiki["vacation"],
        verified_by=wiki["owner"],
        verified_at=timezone.now() - datetime.timedelta(days=400),
    )
    assert _titles(_html(employee_client, type=kind, verified="1")) == ["Laptop replacement"]
    Verification.objects.create(page=wiki["vacation"], verified_by=wiki["owner"])
    assert sorted(_titles(_html(employee_client, type=kind, verified="1"))) == [
        "Laptop replacement",
        "Vacation policy",
    ]


def test_sort_by_recently_updated(employee_client, home, indexing):
    with indexing():
        older = StandardPageFactory(parent=home, title="Travel travel travel guide")
        publish(older)
        publish(StandardPageFactory(parent=home, title="Travel insurance"))
    old = timezone.now() - datetime.timedelta(days=100)
    Page.objects.filter(pk=older.pk).update(last_published_at=old)
    assert _titles(_html(employee_client, q="travel", sort="updated")) == [
        "Travel insurance",
        "Travel travel travel guide",
    ]


def test_unknown_facet_values_are_ignored_with_a_notice(employee_client, wiki):
    for params in ({"space": "nope"}, {"space": wiki["secret"].pk}, {"updated": "2"}):
        html = _html(employee_client, q="vacation", **params)
        assert _titles(html) == ["Vacation policy"]
        assert "was ignored" in html


def test_phrase_and_exclusion(employee_client, home, indexing):
    with indexing():
        publish(StandardPageFactory(parent=home, title="Expense claim deadline"))
        publish(StandardPageFactory(parent=home, title="Claim your expense budget"))
    assert sorted(_titles(_html(employee_client, q="expense claim"))) == [
        "Claim your expense budget",
        "Expense claim deadline",
    ]
    assert _titles(_html(employee_client, q='"expense claim"')) == ["Expense claim deadline"]
    assert _titles(_html(employee_client, q="expense -deadline")) == ["Claim your expense budget"]


def test_pagination_clamps_bad_page_numbers(employee_client, home, indexing):
    with indexing():
        for number in range(13):
            publish(StandardPageFactory(parent=home, title=f"Onboarding checklist {number}"))
    first = _html(employee_client, q="onboarding")
    assert len(_titles(first)) == 10
    assert "q=onboarding&amp;page=2" in first
    assert len(_titles(_html(employee_client, q="onboarding", page="abc"))) == 10
    assert len(_titles(_html(employee_client, q="onboarding", page="99999"))) == 3


def test_people_by_name_job_title_and_expertise(employee_client, wiki):
    hr = Department.objects.create(name="People Ops")
    person = UserFactory(username="kemi", first_name="Kemi", last_name="Okafor")
    profile = Profile.objects.get(user=person)
    profile.job_title, profile.department = "Payroll specialist", hr
    profile.save()
    profile.expertise.add("parental leave", "kubernetes")
    for query in ("Okafor", "payroll", "kubernetes", "parental leave"):
        html = _html(employee_client, q=query)
        assert 'data-testid="search-people"' in html, query
        assert "Kemi Okafor" in html


def test_guests_see_no_people(signed_in, wiki, guest):
    person = UserFactory(username="kemi", first_name="Kemi", last_name="Okafor")
    Profile.objects.filter(user=person).update(job_title="Payroll specialist")
    html = _html(signed_in(guest), q="payroll")
    assert "Kemi Okafor" not in html


def test_discussions_show_visible_comments_and_shared_annotations_with_their_page(
    employee_client, wiki
):
    CommentFactory(page=wiki["laptop"], body="My zeppelin keyboard broke twice")
    CommentFactory(page=wiki["laptop"], body="Hidden zeppelin rant", status=Status.HIDDEN)
    CommentFactory(page=wiki["bands"], body="Zeppelin bonus for executives")
    AnnotationFactory(page=wiki["laptop"], body="Shared zeppelin note", exact="replaced")
    AnnotationFactory(
        page=wiki["laptop"],
        body="Private zeppelin thought",
        exact="order",
        visibility=Visibility.PRIVATE,
    )
    html = _html(employee_client, q="zeppelin")
    assert 'data-testid="search-discussions"' in html
    assert "<mark>zeppelin</mark> keyboard" in html
    assert "Shared <mark>zeppelin</mark> note" in html
    assert "Laptop replacement</a>" in html
    assert "rant" not in html
    assert "bonus" not in html
    assert "Private" not in html


def test_promoted_results_come_first_and_respect_privacy(employee_client, signed_in, wiki, leader):
    query = Query.get("benefits")
    SearchPromotion.objects.create(query=query, page=wiki["laptop"], description="Start here")
    SearchPromotion.objects.create(query=query, page=wiki["bands"], description="Secret pick")
    html = _html(employee_client, q="benefits")
    assert 'data-testid="search-promoted"' in html
    assert "Start here" in html
    assert "Secret pick" not in html
    assert "Secret pick" in _html(signed_in(leader), q="benefits")


def test_synonyms_expand_the_query(employee_client, wiki):
    assert _titles(_html(employee_client, q="pto")) == []
    Synonym.objects.create(terms="pto, vacation, time off")
    assert _titles(_html(employee_client, q="pto")) == ["Vacation policy"]
    assert _titles(_html(employee_client, q='"time off"')) == ["Vacation policy"]


def test_plural_and_singular_find_each_other(employee_client, wiki):
    assert _titles(_html(employee_client, q="laptops")) == ["Laptop replacement"]
    assert _titles(_html(employee_client, q="replacements")) == ["Laptop replacement"]


def test_a_misspelling_shows_results_for_the_correction(employee_client, wiki):
    assert SearchTerm.objects.filter(term="vacation").exists()
    html = _html(employee_client, q="vacaton")
    assert 'data-testid="search-corrected"' in html
    assert _titles(html) == ["Vacation policy"]


def test_did_you_mean_is_offered_when_a_correction_finds_more(
    employee_client, wiki, home, indexing
):
    with indexing():
        publish(StandardPageFactory(parent=home, title="Laptp bag (sic)"))
        publish(StandardPageFactory(parent=home, title="Laptop stand"))
    html = _html(employee_client, q="laptp")
    assert _titles(html) == ["Laptp bag (sic)"]
    assert 'data-testid="search-suggestion"' in html
    assert "?q=laptop" in html
    assert "Did you mean" not in _html(employee_client, q="laptop")


def test_knowledge_pages_below_other_pages_are_found(employee_client, wiki, indexing):
    with indexing():
        child = KnowledgePageFactory(parent=wiki["vacation"], title="Booking vacation days")
        publish(child)
    assert "Booking vacation days" in _titles(_html(employee_client, q="booking"))


def test_a_search_costs_the_same_queries_for_one_result_or_many(
    employee_client, wiki, home, indexing
):
    with indexing():
        publish(StandardPageFactory(parent=home, title="Vacation tip"))
    employee_client.get("/search/", {"q": "vacation"})  # warm caches (content types)
    with CaptureQueriesContext(connection) as few:
        employee_client.get("/search/", {"q": "vacation"})
    with indexing():
        for number in range(12):
            publish(StandardPageFactory(parent=home, title=f"Vacation tip {number}"))
            page = KnowledgePageFactory(parent=wiki["hr"], title=f"Vacation rule {number}")
            page.tags.add(f"t{number}")
            publish(page)
    employee_client.get("/search/", {"q": "vacation"})
    with CaptureQueriesContext(connection) as many:
        html = employee_client.get("/search/", {"q": "vacation"}).content.decode()
    assert "26 results" in html
    assert len(few.captured_queries) < 40
    assert len(many.captured_queries) == len(few.captured_queries)


def test_snippets_and_the_index_hold_what_blocks_say_not_their_settings(
    employee_client, wiki, indexing
):
    """A heading's level ("Section (H2)"), a callout's tone ("Warning") and a code
    sample's language are how a block looks: neither indexed nor shown in a snippet."""
    from wagtail.rich_text import RichText

    with indexing():
        page = KnowledgePageFactory(parent=wiki["vacation"].get_parent(), title="Carry over")
        publish(
            page,
            body=[
                ("heading", {"text": "Booking ahead", "level": "h2"}),
                ("heading", {"text": "Approvals", "level": "h3"}),
                (
                    "callout",
                    {"tone": "warning", "title": "Deadline", "body": RichText("<p>By March</p>")},
                ),
                ("paragraph", RichText("<p>Unused sabbatical days carry over once.</p>")),
            ],
        )
    html = _html(employee_client, q="sabbatical")
    assert _titles(html) == ["Carry over"]
    assert "Booking ahead" in html and "<mark>sabbatical</mark>" in html
    for label in ("Section (H2)", "Subsection (H3)", "Warning"):
        assert label not in html
    assert _titles(_html(employee_client, q="subsection")) == []
