"""The start page communications curate (issue 21): featured pages with a hero, chosen in
the admin for a while and an audience, never a page the reader may not open; "for you";
latest updates that are new pages or material changes only."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from freezegun import freeze_time

from community.watching.services import watch
from home.models import FeaturedItem
from knowledge.models import QuestionPage
from people.models import GuestAccess, Profile
from tests.factories import (
    KnowledgePageFactory,
    QuestionPageFactory,
    StandardPageFactory,
    UserFactory,
    knowledge_space,
    publish,
    restrict_to_groups,
)

ADD_URL = "/admin/snippets/home/featureditem/add/"


def _home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _part(html: str, testid: str) -> str:
    marker = f'data-testid="{testid}"'
    return html.split(marker, 1)[1].split("</section>", 1)[0] if marker in html else ""


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _feature_form(page, **fields) -> dict:
    data = {
        "page": page.pk,
        "headline": "",
        "teaser": "",
        "image": "",
        "starts_at": _local(timezone.now() - timedelta(minutes=5)),
        "expires_at": "",
        "sort_order": 0,
        "audience_everyone": "on",
        "audience_levels": "[]",
    }
    data.update(fields)
    return data


@pytest.fixture
def comms(db):
    return UserFactory(roles=["Employees", "Communications"])


def test_communications_feature_a_page_with_an_expiry_that_employees_see_until_it_expires(
    home, comms, signed_in, employee_client
):
    story = StandardPageFactory(parent=home, title="Our new office opens")
    response = signed_in(comms).post(
        ADD_URL,
        _feature_form(
            story,
            headline="The new office is open",
            teaser="Come and see the roof garden.",
            hero="on",
            expires_at=_local(timezone.now() + timedelta(days=3)),
        ),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    feature = FeaturedItem.objects.get()
    assert feature.hero and feature.expires_at is not None

    hero = _part(_home(employee_client), "home-hero")
    assert "The new office is open" in hero
    assert "roof garden" in hero
    assert story.url in hero

    # Four days later it has expired: gone, with nobody touching it.
    with freeze_time(timezone.now() + timedelta(days=4), tick=True):
        html = _home(employee_client)
    assert "The new office is open" not in html
    assert 'data-testid="home-hero"' not in html


def test_only_communications_and_administrators_may_feature_pages(home, signed_in):
    story = StandardPageFactory(parent=home, title="Story")
    editor = UserFactory(roles=["Employees", "Editors"])
    response = signed_in(editor).post(ADD_URL, _feature_form(story, headline="Sneaky"))
    assert response.status_code in (302, 403)
    assert not FeaturedItem.objects.exists()
    assert signed_in(editor).get("/admin/snippets/home/featureditem/").status_code in (302, 403)


def test_a_feature_ending_before_it_starts_is_refused_with_a_message(home, comms, signed_in):
    story = StandardPageFactory(parent=home, title="Story")
    now = timezone.now()
    response = signed_in(comms).post(
        ADD_URL,
        _feature_form(
            story,
            starts_at=_local(now + timedelta(days=2)),
            expires_at=_local(now + timedelta(days=1)),
        ),
    )
    assert response.status_code == 200
    assert "Choose a time after the start." in response.content.decode()
    assert not FeaturedItem.objects.exists()


def test_features_not_started_or_expired_never_show(home, employee_client):
    now = timezone.now()
    live = StandardPageFactory(parent=home, title="Showing now")
    later = StandardPageFactory(parent=home, title="Starts in an hour")
    gone = StandardPageFactory(parent=home, title="Ended yesterday")
    FeaturedItem.objects.create(page=live, starts_at=now - timedelta(hours=1))
    FeaturedItem.objects.create(page=later, starts_at=now + timedelta(hours=1))
    FeaturedItem.objects.create(
        page=gone, starts_at=now - timedelta(days=3), expires_at=now - timedelta(days=1)
    )
    featured = _part(_home(employee_client), "home-featured")
    assert "Showing now" in featured
    assert "Starts in an hour" not in featured
    assert "Ended yesterday" not in featured
    # Two hours later it shows, without a bump: the cached list holds it (its window is
    # applied on every request), and the one that ended stays out.
    with freeze_time(now + timedelta(hours=2), tick=True):
        featured = _part(_home(employee_client), "home-featured")
    assert "Starts in an hour" in featured
    assert "Ended yesterday" not in featured


def test_a_feature_of_a_leadership_page_never_reaches_an_employee_outside_leadership(
    home, signed_in
):
    leadership = Group.objects.create(name="Leadership")
    memo = StandardPageFactory(parent=home, title="Board memo")
    restrict_to_groups(memo, leadership)
    FeaturedItem.objects.create(page=memo, headline="Read the board memo", hero=True)
    leader = UserFactory(roles=["Employees"])
    leader.groups.add(leadership)
    assert "Read the board memo" in _home(signed_in(leader))  # fills the leader's cache
    html = _home(signed_in(UserFactory(roles=["Employees"])))
    assert "Read the board memo" not in html
    assert memo.url not in html


def test_a_guest_sees_features_only_inside_their_spaces(home, signed_in):
    portal = knowledge_space("Partner portal")
    finance = knowledge_space("Finance")
    welcome = KnowledgePageFactory(parent=portal, title="Welcome partners")
    budget = KnowledgePageFactory(parent=finance, title="Budget 2027")
    office = StandardPageFactory(parent=home, title="Office party")
    for page in (welcome, budget, office):
        FeaturedItem.objects.create(page=page, headline=f"Featured: {page.title}")
    guest = UserFactory(roles=["Guests"])
    GuestAccess.objects.create(
        user=guest, space=portal, expires_at=timezone.now() + timedelta(days=9)
    )
    html = _home(signed_in(guest))
    assert "Featured: Welcome partners" in html
    assert "Featured: Budget 2027" not in html
    assert "Featured: Office party" not in html


def test_a_feature_for_an_audience_shows_only_to_it(home, signed_in):
    sales = Group.objects.create(name="Sales")
    page = StandardPageFactory(parent=home, title="Quota news")
    feature = FeaturedItem.objects.create(
        page=page, headline="Sales kick-off", audience_everyone=False
    )
    feature.audience_groups.set([sales])
    feature.save()  # a ParentalManyToManyField is written when its owner is saved
    seller = UserFactory(roles=["Employees"])
    seller.groups.add(sales)
    assert "Sales kick-off" in _home(signed_in(seller))
    assert "Sales kick-off" not in _home(signed_in(UserFactory(roles=["Employees"])))


def test_a_feature_for_a_department_follows_a_person_who_moves_there(home, signed_in):
    from tests.factories import DepartmentFactory

    finance = DepartmentFactory(name="Finance")
    page = StandardPageFactory(parent=home, title="Closing the books")
    feature = FeaturedItem.objects.create(
        page=page, headline="Year-end close", audience_everyone=False
    )
    feature.audience_departments.set([finance])
    feature.save()
    person = UserFactory(roles=["Employees"])
    client = signed_in(person)
    assert "Year-end close" not in _home(client)  # cached for them
    profile, _created = Profile.objects.get_or_create(user=person)
    profile.department = finance
    profile.save()  # bumps their own version: the next request reads afresh
    assert "Year-end close" in _home(client)


# For you --------------------------------------------------------------------------------
def test_for_you_lists_changes_in_watched_spaces_and_questions_in_my_expertise(home, signed_in):
    me = UserFactory(roles=["Employees"])
    author = UserFactory(roles=["Employees", "Editors"])
    it = knowledge_space("IT Help")
    hr = knowledge_space("HR")
    watch(me, it)
    vpn = KnowledgePageFactory(parent=it, title="VPN setup", live=False)
    publish(vpn, author)
    leave = KnowledgePageFactory(parent=hr, title="Parental leave", live=False)
    publish(leave, author)
    profile, _created = Profile.objects.get_or_create(user=me)
    profile.expertise.add("kubernetes")
    asked = QuestionPageFactory(parent=it, title="Why does my pod restart?")
    asked.tags.add("kubernetes")
    asked.save()
    other = QuestionPageFactory(parent=it, title="Where is the canteen?")
    other.tags.add("food")
    other.save()

    for_you = _part(_home(signed_in(me)), "for-you")
    watched = for_you.split('data-testid="watched-changes"')[1].split("</ul>")[0]
    assert "VPN setup" in watched
    assert "Parental leave" not in watched
    questions = for_you.split('data-testid="questions-for-you"')[1].split("</ul>")[0]
    assert "Why does my pod restart?" in questions
    assert "canteen" not in questions

    QuestionPage.objects.filter(pk=asked.pk).update(accepted_answer_id=None, first_answer_at=None)
    assert "Why does my pod restart?" in _part(_home(signed_in(me)), "for-you")


def test_for_you_never_names_a_page_in_a_space_the_reader_may_not_see(home, signed_in):
    me = UserFactory(roles=["Employees"])
    board = knowledge_space("Board")
    watch(me, board)
    publish(KnowledgePageFactory(parent=board, title="Merger plans", live=False), UserFactory())
    profile, _created = Profile.objects.get_or_create(user=me)
    profile.expertise.add("mergers")
    question = QuestionPageFactory(parent=board, title="Who buys whom?")
    question.tags.add("mergers")
    question.save()
    restrict_to_groups(board, Group.objects.create(name="Leadership"))
    for_you = _part(_home(signed_in(me)), "for-you")
    assert "Merger plans" not in for_you
    assert "Who buys whom?" not in for_you


# Latest updates ---------------------------------------------------------------------------
def test_latest_updates_show_new_pages_and_material_changes_not_typo_fixes(
    home, signed_in, employee_client
):
    author = UserFactory(roles=["Employees", "Editors"])
    space = knowledge_space("Policies")
    policy = KnowledgePageFactory(parent=space, title="Expense policy", live=False)
    publish(policy, author)
    typo = KnowledgePageFactory(parent=space, title="Travel policy", live=False)
    publish(typo, author)
    fresh = StandardPageFactory(parent=home, title="Canteen menu", live=False)
    publish(fresh, author)
    # Later: a material change to the expense policy, a typo fix to the travel policy.
    publish(policy, author, material_change=True, change_note="New limits")
    publish(typo, author, material_change=False, change_note="Typo")

    latest = _part(_home(employee_client), "latest-updates")
    cards = latest.split('data-testid="update"')[1:]
    titles = [t for card in cards for t in ("Expense", "Travel", "Canteen") if t in card]
    assert titles[0] == "Expense"  # the material change, newest
    assert "Material change" in cards[0]
    # The typo fix did not bring the travel policy back above the newer canteen menu.
    assert titles.index("Canteen") < titles.index("Travel")
    assert "More updates" in latest
