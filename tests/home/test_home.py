"""The start page: what is new, where things are, what is yours; constant queries."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from community.watching.services import watch
from core.models import BrandSettings
from home.models import FeaturedItem
from knowledge.models import MustRead
from people.models import Profile
from tests.brand.factories_campaigns import AnnouncementIndexPageFactory, AnnouncementPageFactory
from tests.factories import (
    KnowledgePageFactory,
    QuestionPageFactory,
    StandardPageFactory,
    UserFactory,
    knowledge_space,
    publish,
    restrict_to_groups,
)


def _publish(page, user):
    page.save_revision(user=user).publish(user=user, skip_permission_checks=True)
    return page


def test_home_shows_latest_updates_with_who_published(employee_client, home):
    author = UserFactory(first_name="Rosa", last_name="Costa")
    page = _publish(StandardPageFactory(parent=home, title="Travel policy"), author)
    html = employee_client.get("/").content.decode()
    assert "Latest updates" in html
    assert page.title in html
    assert "by Rosa Costa" in html


def test_home_lists_my_pages_including_drafts(home, signed_in):
    me = UserFactory(roles=["Editors"])
    StandardPageFactory(parent=home, title="My draft", owner=me, live=False)
    StandardPageFactory(parent=home, title="Someone else's", owner=UserFactory())
    html = signed_in(me).get("/").content.decode()
    mine = html.split('data-testid="my-pages"')[1]
    assert "My draft" in mine
    assert "Draft" in mine
    assert "Someone else" not in mine


def _restrict_to_new_group(page, name="Board"):
    restrict_to_groups(page, Group.objects.create(name=name))


def test_my_pages_leaves_out_a_page_in_a_space_the_reader_can_no_longer_see(home, signed_in):
    """The owner of a page is not above the privacy gate: once its section is restricted
    to a group they are not in, "My pages" no longer names it (live or draft)."""
    me = UserFactory(roles=["Employees", "Editors"])
    section = StandardPageFactory(parent=home, title="Board room")
    StandardPageFactory(parent=section, title="Board minutes", owner=me)
    StandardPageFactory(parent=section, title="Board draft", owner=me, live=False)
    StandardPageFactory(parent=home, title="Canteen menu", owner=me)
    _restrict_to_new_group(section)
    mine = signed_in(me).get("/").content.decode().split('data-testid="my-pages"')[1]
    assert "Canteen menu" in mine
    assert "Board minutes" not in mine
    assert "Board draft" not in mine


def test_my_pages_still_lists_a_restricted_page_for_a_member_of_its_group(home, signed_in):
    me = UserFactory(roles=["Employees", "Editors"])
    section = StandardPageFactory(parent=home, title="Board room")
    StandardPageFactory(parent=section, title="Board minutes", owner=me)
    _restrict_to_new_group(section)
    me.groups.add(Group.objects.get(name="Board"))
    mine = signed_in(me).get("/").content.decode().split('data-testid="my-pages"')[1]
    assert "Board minutes" in mine


def test_home_hides_pages_the_reader_may_not_see(employee_client, home):
    secret = StandardPageFactory(parent=home, title="Board minutes")
    PageViewRestriction.objects.create(page=secret, restriction_type="groups")
    assert "Board minutes" not in employee_client.get("/").content.decode()
    assert "Board minutes" not in employee_client.get("/updates/").content.decode()


def test_sections_in_menus_appear_in_the_navigation(employee_client, home):
    StandardPageFactory(parent=home, title="Knowledge", show_in_menus=True)
    StandardPageFactory(parent=home, title="Hidden section", show_in_menus=False)
    html = employee_client.get("/").content.decode()
    nav = html.split('aria-label="Main"')[1].split("</nav>")[0]
    assert "Knowledge" in nav
    assert "Hidden section" not in nav
    assert 'aria-current="page"' in nav


def test_the_theme_comes_from_the_brand_setting(employee_client, home):
    brand = BrandSettings.for_site(home.get_site())
    brand.primary_colour = "#ffd166"
    brand.organisation_name = "Acme"
    brand.save()
    html = employee_client.get("/").content.decode()
    assert "--brand-primary: #ffd166;" in html
    assert "--brand-on-primary: #000000;" in html  # dark text on a light brand colour
    assert "<title>Home · Acme</title>" in html


def test_updates_are_paginated(employee_client, home):
    author = UserFactory()
    for number in range(23):
        _publish(StandardPageFactory(parent=home, title=f"Update {number:02d}"), author)
    first = employee_client.get("/updates/").content.decode()
    second = employee_client.get("/updates/?page=2").content.decode()
    assert first.count('class="card"') == 20
    assert second.count('class="card"') == 3
    assert "Page 2 of 2" in second
    assert employee_client.get("/updates/?page=999").status_code == 200  # last page, no 500
    assert employee_client.get("/updates/?page=abc").status_code == 200


# Session, user, site, nav, updates, sections, viewed, must-reads, userbar, the header's
# unread-notification count (one query, community.context_processors.notifications), and
# the reader's open onboarding paths (one query, home.onboarding.services.checklists), campaign
# banners and announcements for the reader's audience (one query each, brand.*.services).
# Built by home.context's providers: the userbar no longer counts the campaign index pages
# (26 before; the page's HTML is the same). The user comes with Wagtail's user profile and
# its permissions in one query (core.auth_backends, issue 19: 25 before).
# Issue 19 (home.context.shared_feeds): the latest updates and the sections are cached per
# role key until the tree changes (-2), for the role key and the versions (+2) that the
# header's cached navigation shares once merged: 21 then.
# 22 before the chrome was cached (issue 19: the site and its root, Wagtail's view
# restrictions (2), group page permissions, the workflow state, brand settings,
# navigation, permissions, the reader's groups and restrictions: see tests/knowledge/
# test_page_queries.py KNOWLEDGE_PAGE_QUERIES).
# 13 before issue 19's pins: the userbar's Wagtail profile (UserProfile.get_for_user's
# get_or_create) reuses the one loaded with the user (core.auth_backends): -1.
# Issue 19's last mile, -1: the header's unread count is kept per reader under their own
# version (community.notifications.services.unread_count). 12 before.
# Issue 21, +1: "for you" (changes below watched spaces and open questions in the reader's
# expertise, home.services.for_you) is one query; the featured pages are cached per reader
# (home.featured), so none while nothing changes, however many there are.
HOME_PAGE_QUERIES = 12


def _curated(home, me, count: int) -> None:
    """`count` featured pages (one a hero), pinned announcements, must-reads, watched
    spaces with fresh changes, and questions in the reader's expertise."""
    announcements = AnnouncementIndexPageFactory(parent=home)
    profile, _created = Profile.objects.get_or_create(user=me)
    profile.expertise.add("payroll")
    for number in range(count):
        space = knowledge_space(f"Space {number}")
        watch(me, space)
        page = KnowledgePageFactory(parent=space, title=f"Change {number}", live=False)
        publish(page, UserFactory())
        MustRead.objects.create(page=page, everyone=True)
        question = QuestionPageFactory(parent=space, title=f"Payroll question {number}?")
        question.tags.add("payroll")
        question.save()
        FeaturedItem.objects.create(page=page, hero=number == 0, headline=f"Feature {number}")
        news = AnnouncementPageFactory(parent=announcements, title=f"News {number}", pinned=True)
        publish(news, UserFactory())


@pytest.mark.parametrize("pages", [0, 1, 12])
def test_home_page_query_count_is_constant(pages, home, signed_in, django_assert_num_queries):
    me = UserFactory(roles=["Employees", "Editors"])
    for number in range(pages):
        page = StandardPageFactory(
            parent=home, title=f"Page {number}", owner=me, show_in_menus=True
        )
        _publish(page, UserFactory())
        PageViewRestriction.objects.create(page=page, restriction_type="login")
    _curated(home, me, pages)
    client = signed_in(me)
    client.get("/")  # warm: the day's view count and per-process caches
    with django_assert_num_queries(HOME_PAGE_QUERIES):
        response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    cards = html.count('class="card"')
    assert cards <= 8 and (pages < 12 or cards == 8)
    assert html.count('data-testid="featured-item"') == min(pages, 6) - (1 if pages else 0)
    assert ('data-testid="home-hero"' in html) == bool(pages)
    for_you = html.split('data-testid="for-you"')[1].split("</section>")[0]
    assert for_you.count("Payroll question") == min(pages, 5)
    assert for_you.count("Change ") == pages + min(pages, 5)  # must-reads, watched changes


def test_recently_viewed_pages_appear_on_home_newest_first(employee_client, home):
    first = StandardPageFactory(parent=home, title="Travel booking")
    second = StandardPageFactory(parent=home, title="Expense rules")
    hidden = StandardPageFactory(parent=home, title="Hidden later")
    for page in (first, second, hidden):
        assert employee_client.get(page.url).status_code == 200
    PageViewRestriction.objects.create(page=hidden, restriction_type="groups")
    html = employee_client.get("/").content.decode()
    panel = html.split('data-testid="recently-viewed"')[1].split("</section>")[0]
    assert panel.index("Expense rules") < panel.index("Travel booking")
    assert "Hidden later" not in panel
