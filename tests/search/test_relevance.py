"""The relevance table: realistic queries against the demo content, each with the page (or
person) that must be among the first three. Runs on whichever database the suite uses
(SQLite FTS5 by default, PostgreSQL with DATABASE_URL)."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

from core.models import User
from search import vocabulary
from search.models import Synonym

pytestmark = pytest.mark.django_db

SYNONYMS = [
    "pto, vacation, holiday, time off, annual leave",
    "laptop, computer, notebook",
    "sick, ill, illness",
    "reimbursement, expense claim, refund",
]

PAGES = [
    # plain words
    ("vacation", "Vacation and PTO policy"),
    ("parental leave", "Parental leave policy"),
    ("expense claim", "Submit an expense claim"),
    ("vpn token", "Reset your VPN token"),
    ("password manager", "Set up the password manager"),
    ("phishing", "Phishing: how to report it"),
    ("printer berlin", "Printers in the Berlin office"),
    ("discount approval", "Discount approval policy"),
    ("crm hygiene", "CRM hygiene guide"),
    ("security questionnaire", "Answer an enterprise security questionnaire"),
    ("buddy", "Buddy programme"),
    ("deploy production", "Deploy to production"),
    ("severity levels", "Severity levels"),
    ("code review", "Code review guidelines"),
    ("api versioning", "API versioning policy"),
    ("remote work", "Remote work policy"),
    ("performance review", "Performance review cycle"),
    ("sick pay", "Sick leave FAQ"),
    # plural / singular
    ("expenses", "Expense policy"),
    ("laptops", "Laptop replacement"),
    ("renewal", "Renewals playbook"),
    ("printers london", "Printers in the London office"),
    # synonyms
    ("holiday", "Vacation and PTO policy"),
    ("time off", "Vacation and PTO policy"),
    ("computer replacement", "Laptop replacement"),
    ("illness", "Sick leave FAQ"),
    # phrases and exclusions
    ('"first week"', "Your first week checklist"),
    ('"guest wi-fi"', "Wi-Fi for guests"),
    ("printers -berlin", "Printers in the London office"),
    # typos
    ("phising", "Phishing: how to report it"),
    ("expnse policy", "Expense policy"),
    ("vacaton", "Vacation and PTO policy"),
    ("onbording faq", "Onboarding FAQ"),
]

PEOPLE = [
    # (query, what the person must have: an expertise or a name)
    ("kubernetes", "kubernetes"),
    ("payroll", "payroll"),
    ("procurement", "procurement"),
]


@pytest.fixture(scope="module")
def demo(demo_module, django_db_blocker):
    """The demo content, indexed, with synonyms: once for the module (inside
    `demo_module`'s transaction, rolled back with it)."""
    with django_db_blocker.unblock():
        call_command("update_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
        vocabulary.rebuild()
        for terms in SYNONYMS:
            Synonym.objects.create(terms=terms)
        client = Client()
        client.force_login(User.objects.get(username="employee"))
        yield client


def _top_titles(client, query: str) -> list[str]:
    html = client.get("/search/", {"q": query}).content.decode()
    return re.findall(r'<a class="card__title" href="/search/click/[^"]*">([^<]*)</a>', html)[:3]


@pytest.mark.parametrize("query,expected", PAGES, ids=[query for query, _ in PAGES])
def test_the_right_page_is_in_the_top_three(demo, query, expected):
    from django.utils.html import escape

    top = _top_titles(demo, query)
    assert escape(expected) in top, f"{query!r} → {top}"


@pytest.mark.parametrize("query,expertise", PEOPLE)
def test_people_are_found_by_expertise(demo, query, expertise):
    from people.models import Profile

    html = demo.get("/search/", {"q": query}).content.decode()
    names = re.findall(
        r'data-testid="search-person"><span class="card__title">([^<]*)</span>', html
    )[:3]
    experts = {
        profile.name
        for profile in Profile.objects.filter(expertise__name=expertise).select_related("user")
    }
    assert experts and set(names) & experts, f"{query!r} → {names}"


def test_the_private_leadership_space_stays_out(demo):
    assert "Compensation bands process" not in _top_titles(demo, "compensation bands")


def test_the_table_is_long_enough():
    assert len(PAGES) + len(PEOPLE) >= 30
