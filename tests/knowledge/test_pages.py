"""Spaces and knowledge pages, as readers, editors and owners use them."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from core import fragments
from home.models import HomePage
from knowledge.models import (
    ArchivePage,
    KnowledgeIndexPage,
    KnowledgePage,
    QuestionPage,
    ReviewStatus,
    SpacePage,
    Verification,
)
from tests.factories import (
    KnowledgePageFactory,
    UserFactory,
    knowledge_space,
    publish,
)
from tests.knowledge.test_page_queries import KNOWLEDGE_PAGE_QUERIES


def test_page_type_rules(db):
    assert set(KnowledgeIndexPage.allowed_parent_page_models()) == {HomePage}
    assert set(SpacePage.allowed_parent_page_models()) == {KnowledgeIndexPage}
    # The archive holds pages a space's stale policy (or an owner) archived.
    assert set(KnowledgePage.allowed_parent_page_models()) == {
        SpacePage,
        KnowledgePage,
        ArchivePage,
    }
    assert set(ArchivePage.allowed_parent_page_models()) == {KnowledgeIndexPage}
    # Questions are asked in a space (community.questions.services) and live beside its pages.
    assert set(SpacePage.allowed_subpage_models()) == {KnowledgePage, QuestionPage}
    assert set(QuestionPage.allowed_subpage_models()) == set()


def test_a_reader_sees_breadcrumbs_contents_owner_and_status(employee_client, page):
    html = employee_client.get(page.url).content.decode()
    assert 'data-testid="breadcrumbs"' in html
    assert '<a href="#before-you-start">Before you start</a>' in html
    assert '<h2 id="before-you-start">Before you start</h2>' in html
    assert "Last updated on" in html and "by Oona Owner" in html
    # The rail says who owns the page, its status and its next review.
    facts = html.split('data-testid="page-facts"')[1].split("</section>")[0]
    assert "<dt>Owner</dt><dd>Oona Owner</dd>" in facts
    assert "Review due" in facts  # published, never verified
    assert "Next review" in facts
    assert 'data-testid="verify"' not in html  # only owners verify


def test_owners_approve_in_their_space_only(space, owner, home):
    page = KnowledgePageFactory(parent=space)
    assert page.permissions_for_user(owner).can_publish()
    assert not home.permissions_for_user(owner).can_publish()


def test_wiki_style_space_lets_every_employee_edit_but_not_publish(employee):
    wiki = knowledge_space("Wiki", edit_policy="everyone")
    page = KnowledgePageFactory(parent=wiki)
    assert page.permissions_for_user(employee).can_edit()
    assert not page.permissions_for_user(employee).can_publish()


def test_editors_only_space_keeps_employees_reading(employee):
    closed = knowledge_space("Closed", edit_policy="editors")
    page = KnowledgePageFactory(parent=closed)
    assert not page.permissions_for_user(employee).can_edit()


def test_edit_and_new_page_buttons_for_those_allowed(signed_in, page, owner):
    html = signed_in(owner).get(page.url).content.decode()
    assert f'href="/admin/pages/{page.pk}/edit/"' in html
    assert 'data-testid="new-page"' in html


def test_the_owner_verifies_and_the_page_shows_verified(signed_in, page, owner):
    response = signed_in(owner).post(f"/pages/{page.pk}/verify/")
    assert response.status_code == 302
    verification = Verification.objects.get(page=page)
    assert verification.verified_by == owner
    assert verification.revision_id == page.live_revision_id
    html = signed_in(owner).get(page.url).content.decode()
    assert f"Verified {timezone.localdate():%-d %b %Y}" in html


def test_a_reader_cannot_verify(employee_client, page):
    response = employee_client.post(f"/pages/{page.pk}/verify/", follow=True)
    assert response.status_code == 200
    assert "Only the page&#x27;s owner or a space owner can verify it." in response.content.decode()
    assert not Verification.objects.exists()


def test_verify_a_private_page_is_404(employee_client, page):
    PageViewRestriction.objects.create(page=page, restriction_type="groups")
    assert employee_client.post(f"/pages/{page.pk}/verify/").status_code == 404
    assert employee_client.post("/pages/999999/verify/").status_code == 404


def test_status_moves_from_verified_to_due_to_stale(page, owner):
    Verification.objects.create(page=page, verified_by=owner)
    page = KnowledgePage.objects.with_review().get(pk=page.pk)
    now = timezone.now()
    assert page.review_status(now) == ReviewStatus.VERIFIED
    assert page.review_status(now + dt.timedelta(days=181)) == ReviewStatus.REVIEW_DUE
    assert page.review_status(now + dt.timedelta(days=215)) == ReviewStatus.STALE


def test_a_page_interval_overrides_the_space_default(page, owner):
    Verification.objects.create(page=page, verified_by=owner)
    page.review_interval_days = 30
    page.save()
    page = KnowledgePage.objects.with_review().get(pk=page.pk)
    assert page.review_status(timezone.now() + dt.timedelta(days=31)) == ReviewStatus.REVIEW_DUE


def test_the_space_lists_pages_by_status(employee_client, space, page, owner):
    fresh = KnowledgePageFactory(parent=space, title="Printer setup")
    publish(fresh, owner)
    Verification.objects.create(page=fresh, verified_by=owner)
    html = employee_client.get(space.url).content.decode()
    section = html.split('data-testid="pages-by-status"')[1]
    verified, rest = section.split("Review due", 1)
    assert "Printer setup" in verified
    assert "Reset your VPN token" in rest
    assert "Reset your VPN token" in html.split('data-testid="space-tree"')[1]


def _publish_page_linking_to(page, space, owner, title, link_text):
    """Publish a new page in `space` whose body links to `page`."""
    linking = KnowledgePageFactory(parent=space, title=title)
    link = f'<a linktype="page" id="{page.pk}">{link_text}</a>'
    publish(linking, owner, body=[("paragraph", RichText(f"<p>See {link}.</p>"))])
    return linking


def test_what_links_here_and_related_by_tags(employee_client, space, page, owner):
    _publish_page_linking_to(page, space, owner, "New starter checklist", "VPN")
    cousin = KnowledgePageFactory(parent=space, title="VPN on Linux")
    cousin.tags.add("vpn")
    publish(cousin, owner)
    page.tags.add("vpn")
    publish(page, owner)
    html = employee_client.get(page.url).content.decode()
    assert "New starter checklist" in html.split('data-testid="backlinks"')[1]
    assert "VPN on Linux" in html.split('data-testid="related"')[1]


def test_private_pages_never_appear_as_backlinks(employee_client, space, page, owner):
    secret = _publish_page_linking_to(page, space, owner, "Incident 42 notes", "x")
    PageViewRestriction.objects.create(page=secret, restriction_type="groups")
    assert "Incident 42" not in employee_client.get(page.url).content.decode()


# The knowledge page's queries are counted and explained in one place.


def _big_page(space, owner):
    big = KnowledgePageFactory(parent=space, title="Big handbook")
    words = " ".join(f"word{n}" for n in range(250))
    body = []
    for n in range(20):
        body.append(("heading", {"text": f"Chapter {n}", "level": "h2"}))
        body.append(("paragraph", RichText(f"<p>{words}</p>")))
    for n in range(20):
        big.tags.add(f"topic-{n}")
    for n in range(50):
        publish(big, owner, change_note=f"Edit {n}", body=body)
    for n in range(30):
        source = KnowledgePageFactory(parent=space, title=f"Linking page {n}")
        publish(
            source,
            owner,
            body=[("paragraph", RichText(f'<p><a linktype="page" id="{big.pk}">b</a></p>'))],
        )
    return big


def test_a_big_page_costs_the_same_queries_as_a_small_one(
    signed_in, space, page, owner, django_assert_num_queries
):
    reader = UserFactory(roles=["Employees"])
    client = signed_in(reader)
    big = _big_page(space, owner)
    for target in (page, big):
        client.get(target.url)  # warm: the day's view, the cached body
        with django_assert_num_queries(KNOWLEDGE_PAGE_QUERIES):
            response = client.get(target.url)
        assert response.status_code == 200
    assert "word249" in response.content.decode()
    assert response.content.decode().count('class="tag"') == 20


def test_an_editor_writes_a_change_note_with_each_revision(signed_in, page, owner):
    client = signed_in(owner)
    edit_url = f"/admin/pages/{page.pk}/edit/"
    publish(page, owner, change_note="Old note", material_change=True)
    form = client.get(edit_url).context["form"]
    assert form["change_note"].value() == ""
    assert form["material_change"].value() is False
    data = {
        "title": page.title,
        "slug": page.slug,
        "kind": "howto",
        "listing_summary": "",
        "body-count": "0",
        "tags": "",
        "related_links-TOTAL_FORMS": "0",
        "related_links-INITIAL_FORMS": "0",
        "related_links-MIN_NUM_FORMS": "0",
        "related_links-MAX_NUM_FORMS": "1000",
        "change_note": "Removed the outdated portal link",
        "material_change": "on",
        "action-publish": "action-publish",
    }
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page.refresh_from_db()
    assert page.live_revision.content["change_note"] == "Removed the outdated portal link"
    assert page.live_revision.content["material_change"] is True


def test_a_status_list_is_paginated(employee_client, space, owner):
    for number in range(30):
        publish(KnowledgePageFactory(parent=space, title=f"Runbook {number:02d}"), owner)
    overview = employee_client.get(space.url).content.decode()
    assert "All 30 “Review due”" in overview
    first = employee_client.get(space.url, {"status": "due"}).content.decode()
    second = employee_client.get(space.url, {"status": "due", "page": 2}).content.decode()
    listed = first.split('data-testid="status-list"')[1].split("</ul>")[0]
    assert listed.count("<li>") == 25
    assert "status=due&amp;page=2" in first
    assert second.split('data-testid="status-list"')[1].split("</ul>")[0].count("<li>") == 5
    assert employee_client.get(space.url, {"status": "bogus"}).status_code == 200


def test_the_body_is_rendered_once_per_published_revision(
    employee_client, page, owner, monkeypatch
):
    from knowledge import history

    renders = []
    real_render = history.render_body

    def counting_render(as_it_was):
        renders.append(as_it_was.pk)
        return real_render(as_it_was)

    monkeypatch.setattr(history, "render_body", counting_render)
    for _ in range(3):
        assert "Have your laptop and phone ready." in employee_client.get(page.url).content.decode()
    assert renders == [page.pk]
    publish(page, owner, change_note="Typo", body=[("paragraph", RichText("<p>New text.</p>"))])
    for _ in range(2):
        assert "New text." in employee_client.get(page.url).content.decode()
    assert renders == [page.pk, page.pk]


def make_pages(space, owner, count: int, prefix: str = "Guide") -> None:
    """`count` live pages spread over the three statuses (verified, due, stale)."""
    for number in range(count):
        page = KnowledgePageFactory(parent=space, title=f"{prefix} {number:03d}")
        publish(page, owner)
        if number % 3 == 0:
            Verification.objects.create(page=page, verified_by=owner)
        elif number % 3 == 2:  # published and never verified long ago: stale
            Verification.objects.create(
                page=page, verified_by=owner, verified_at=timezone.now() - dt.timedelta(days=400)
            )


def test_statuses_in_sql_agree_with_each_pages_own_rule(space, owner):
    make_pages(space, owner, 6)
    own = KnowledgePageFactory(parent=space, title="Own interval")
    publish(own, owner, review_interval_days=7)
    Verification.objects.create(
        page=own, verified_by=owner, verified_at=timezone.now() - dt.timedelta(days=8)
    )
    pages = KnowledgePage.objects.live().descendant_of(space)
    found = dict(pages.with_review_status().values_list("title", "review_status"))
    expected = {page.title: page.review_status() for page in pages}
    assert found == expected
    assert set(found.values()) == set(ReviewStatus.values)  # every branch taken


def test_the_space_page_costs_the_same_queries_however_many_pages(
    employee_client, space, owner, django_assert_num_queries
):
    make_pages(space, owner, 3)
    employee_client.get(space.url)  # warm the per-process caches
    fragments.bump(fragments.TREE)  # and make the cached listing cold again
    with CaptureQueriesContext(connection) as cold:
        assert employee_client.get(space.url).status_code == 200
    with CaptureQueriesContext(connection) as few:
        assert employee_client.get(space.url).status_code == 200
    with CaptureQueriesContext(connection) as one_status:
        assert employee_client.get(space.url, {"status": "stale"}).status_code == 200
    make_pages(space, owner, 60, prefix="Runbook")  # publishing bumps the tree: cold
    with django_assert_num_queries(len(cold.captured_queries)):
        employee_client.get(space.url)
    with django_assert_num_queries(len(few.captured_queries)):
        html = employee_client.get(space.url).content.decode()
    assert "All 21 “Verified”" in html and "All 21 “Stale”" in html
    # One status: a paginated list (a count and a page), not cached, as cheap at 63 pages.
    with django_assert_num_queries(len(one_status.captured_queries)):
        listed = employee_client.get(space.url, {"status": "stale"}).content.decode()
    assert listed.split('data-testid="status-list"')[1].count("<li>") == 21


def test_contents_numbers_sections_only_with_subsections_nested(employee_client, space, owner):
    """The contents list counts the sections it numbers (1, 2, 3), not the place each
    holds among every heading (it showed 1, 7, 8 when subsections sat between them)."""
    from bs4 import BeautifulSoup

    page = KnowledgePageFactory(parent=space, title="Laptops")
    headings = [("Before", "h2"), ("Charge", "h3"), ("Update", "h3"), ("Steps", "h2")]
    headings += [("Screen", "h3"), ("Finish", "h2")]
    publish(page, owner, body=[("heading", {"text": t, "level": lv}) for t, lv in headings])

    soup = BeautifulSoup(employee_client.get(page.url).content, "html.parser")
    numbered = soup.select_one('[data-testid="toc-sections"]')
    sections = numbered.find_all("li", recursive=False)
    assert [li.a.get_text() for li in sections] == ["Before", "Steps", "Finish"]
    assert [a.get_text() for a in sections[0].select("ul a")] == ["Charge", "Update"]
    assert [a.get_text() for a in sections[1].select("ul a")] == ["Screen"]
    assert sections[2].select("ul") == []
