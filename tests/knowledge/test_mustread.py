"""Must-read pages: governors choose an audience, readers acknowledge a revision, owners see
who has, and a material change (only a material one) asks readers to read again."""

import csv
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import resolve
from wagtail.models import PageViewRestriction

from core.models import User
from knowledge import mustread
from knowledge.models import Acknowledgement, MustRead
from people.models import Level
from tests.factories import (
    DepartmentFactory,
    KnowledgeIndexPageFactory,
    KnowledgePageFactory,
    LocationFactory,
    SpacePageFactory,
    UserFactory,
    publish,
)


def person(department=None, *, level=Level.INDIVIDUAL_CONTRIBUTOR, location=None, **kwargs):
    user = UserFactory(roles=["Employees"], **kwargs)
    profile = user.profile
    profile.department, profile.level, profile.location = department, level, location
    profile.save()
    return user


@pytest.fixture
def finance(db):
    return DepartmentFactory(name="Finance")


@pytest.fixture
def owner(db):
    return UserFactory(username="olga", roles=["Employees"])


@pytest.fixture
def space(home, owner):
    index = KnowledgeIndexPageFactory(parent=home)
    # Only the space's owners and editors may edit here, so plain employees are readers.
    return SpacePageFactory(parent=index, owners=[owner], edit_policy="editors")


@pytest.fixture
def comms(db):
    """Communications govern must-reads everywhere (core.permissions.may_govern)."""
    return UserFactory(username="eddie", roles=["Employees", "Communications"])


@pytest.fixture
def page(space, owner):
    page = KnowledgePageFactory(parent=space, title="Expense policy")
    publish(page, owner, change_note="First version")
    return page


@pytest.fixture
def reader(finance):
    return person(finance, username="rita", first_name="Rita", last_name="Reader")


def make_must_read(page, comms, **audience):
    audience.setdefault("everyone", False)
    return mustread.set_must_read(comms, page, **audience)


def panel_html(user, page) -> str:
    """The reader page's must-read panel, rendered as the page template includes it."""
    request = RequestFactory().get(page.url)
    request.user = user
    context = {"page": page, "request": request, "user": user}
    context.update(mustread.page_context(user, page))
    return render_to_string("knowledge/includes/mustread_panel.html", context, request=request)


# The form --------------------------------------------------------------------------------


def test_communications_marks_a_page_must_read_for_a_department(page, comms, finance, signed_in):
    client = signed_in(comms)
    form = client.get(f"/pages/{page.pk}/must-read/")
    assert form.status_code == 200
    assert "Finance" in form.content.decode()

    response = client.post(
        f"/pages/{page.pk}/must-read/", {"departments": [finance.pk], "action": "save"}
    )
    assert response.status_code == 302
    assert response["Location"] == page.url
    must_read = MustRead.objects.get(page=page)
    assert must_read.active
    assert not must_read.everyone
    assert list(must_read.departments.all()) == [finance]
    assert must_read.set_by == comms

    again = client.get(f"/pages/{page.pk}/must-read/").content.decode()
    assert re.search(rf'name="departments" value="{finance.pk}"[^>]*checked', again)


def test_the_form_without_an_audience_says_so_and_saves_nothing(page, comms, signed_in):
    response = signed_in(comms).post(f"/pages/{page.pk}/must-read/", {"action": "save"})
    assert response.status_code == 400
    assert "Choose who must read this page" in response.content.decode()
    assert not MustRead.objects.exists()


def test_an_unknown_level_is_refused_and_saves_nothing(page, comms, signed_in):
    response = signed_in(comms).post(
        f"/pages/{page.pk}/must-read/", {"levels": ["overlord"], "action": "save"}
    )
    assert response.status_code == 400
    assert not MustRead.objects.exists()


def test_the_form_can_stop_a_must_read(page, comms, finance, signed_in):
    make_must_read(page, comms, departments=[finance])
    response = signed_in(comms).post(f"/pages/{page.pk}/must-read/", {"action": "deactivate"})
    assert response.status_code == 302
    assert MustRead.objects.get(page=page).active is False


def test_a_plain_employee_may_not_set_a_must_read(page, employee_client, finance):
    assert employee_client.get(f"/pages/{page.pk}/must-read/").status_code == 403
    response = employee_client.post(
        f"/pages/{page.pk}/must-read/", {"everyone": "on", "action": "save"}
    )
    assert response.status_code == 403
    assert not MustRead.objects.exists()


# Acknowledging -------------------------------------------------------------------------------


def test_a_reader_in_the_department_sees_the_button_and_acknowledges(
    page, comms, reader, finance, signed_in
):
    make_must_read(page, comms, departments=[finance])
    html = panel_html(reader, page)
    assert 'data-testid="acknowledge"' in html
    assert "I have read and understood this" in html
    assert f'action="/pages/{page.pk}/acknowledge/"' in html

    response = signed_in(reader).post(f"/pages/{page.pk}/acknowledge/")
    assert response.status_code == 302
    assert response["Location"] == page.url
    ack = Acknowledgement.objects.get(page=page, user=reader)
    assert ack.revision_id == page.live_revision_id
    assert ack.in_audience is True

    html = panel_html(reader, page)
    assert 'data-testid="acknowledge"' not in html
    assert "You acknowledged this on" in html


def test_acknowledging_twice_keeps_one_row(page, comms, reader, finance, signed_in):
    make_must_read(page, comms, departments=[finance])
    client = signed_in(reader)
    client.post(f"/pages/{page.pk}/acknowledge/")
    client.post(f"/pages/{page.pk}/acknowledge/")
    assert Acknowledgement.objects.filter(page=page, user=reader).count() == 1
    first = mustread.acknowledge(reader, page)
    assert mustread.acknowledge(reader, page).pk == first.pk


def test_acknowledging_an_older_version_than_the_live_one_is_refused(
    page, comms, reader, finance, signed_in
):
    make_must_read(page, comms, departments=[finance])
    seen = page.live_revision_id
    publish(page, comms, change_note="New limits", material_change=True)
    response = signed_in(reader).post(f"/pages/{page.pk}/acknowledge/", {"revision": seen})
    assert response.status_code == 302
    assert not Acknowledgement.objects.exists()


def test_an_outsider_may_acknowledge_and_is_counted_apart(
    page, comms, reader, finance, owner, signed_in
):
    make_must_read(page, comms, departments=[finance])
    outsider = person(DepartmentFactory(name="Sales"), username="otto")
    assert 'data-testid="acknowledge"' not in panel_html(outsider, page)

    assert signed_in(outsider).post(f"/pages/{page.pk}/acknowledge/").status_code == 302
    ack = Acknowledgement.objects.get(page=page, user=outsider)
    assert ack.in_audience is False

    report = mustread.acknowledgement_report(owner, page)
    assert [row.username for row in report.audience] == ["rita"]
    assert report.acknowledged == 0
    assert [row.username for row in report.outside] == ["otto"]
    html = signed_in(owner).get(f"/pages/{page.pk}/acknowledgements/").content.decode()
    assert 'data-testid="total-outside">1<' in html
    assert 'data-testid="total-acknowledged">0<' in html


def test_a_page_that_is_not_a_must_read_cannot_be_acknowledged(page, reader, signed_in):
    response = signed_in(reader).post(f"/pages/{page.pk}/acknowledge/")
    assert response.status_code == 302
    assert not Acknowledgement.objects.exists()


def test_acknowledge_needs_post(page, comms, reader, finance, signed_in):
    make_must_read(page, comms, departments=[finance])
    assert signed_in(reader).get(f"/pages/{page.pk}/acknowledge/").status_code == 405


# Material and non-material changes -------------------------------------------------------------


def test_a_material_change_asks_the_reader_to_read_again(page, comms, reader, finance):
    make_must_read(page, comms, departments=[finance])
    acknowledged = mustread.acknowledge(reader, page).revision_id

    new = publish(page, comms, change_note="New limits", material_change=True)
    state = mustread.acknowledgement_state(reader, page)
    assert state.is_must_read
    assert not state.counts
    assert state.changed_materially
    assert state.acknowledged_revision_id == acknowledged
    assert state.current_revision_id == new.pk

    html = panel_html(reader, page)
    assert "This page changed materially since you acknowledged it" in html
    assert f'href="/pages/{page.pk}/compare/{acknowledged}/{new.pk}/"' in html
    link = resolve(f"/pages/{page.pk}/compare/{acknowledged}/{new.pk}/")
    assert (link.view_name, link.kwargs) == (
        "knowledge:compare",
        {"page_id": page.pk, "old": acknowledged, "new": new.pk},
    )
    assert 'data-testid="acknowledge"' in html
    assert page in mustread.open_must_reads(reader)

    # Acknowledging the new version makes it count again.
    assert mustread.acknowledge(reader, page).revision_id == new.pk
    assert mustread.acknowledgement_state(reader, page).counts
    assert "changed materially" not in panel_html(reader, page)


def test_a_non_material_change_keeps_the_acknowledgement(page, comms, reader, finance):
    make_must_read(page, comms, departments=[finance])
    acknowledged = mustread.acknowledge(reader, page).revision_id

    publish(page, comms, change_note="Fixed a typo", material_change=False)
    state = mustread.acknowledgement_state(reader, page)
    assert page.live_revision_id != acknowledged
    assert state.counts
    assert not state.needs_acknowledgement
    assert "You acknowledged this on" in panel_html(reader, page)
    assert page not in mustread.open_must_reads(reader)


def test_a_material_change_before_the_acknowledgement_does_not_count_against_it(
    page, comms, reader, finance
):
    make_must_read(page, comms, departments=[finance])
    publish(page, comms, change_note="New limits", material_change=True)
    mustread.acknowledge(reader, page)
    publish(page, comms, change_note="Typo", material_change=False)
    assert mustread.acknowledgement_state(reader, page).counts


def test_the_reader_page_shows_the_panel(page, comms, reader, finance, signed_in):
    make_must_read(page, comms, departments=[finance])
    response = signed_in(reader).get(page.url)
    assert response.status_code == 200
    if "mustread" not in response.context:
        pytest.skip("KnowledgePage.get_context does not call knowledge.mustread.page_context yet")
    html = response.content.decode()
    assert 'data-testid="acknowledge"' in html
    assert "I have read and understood this" in html


# The audience ----------------------------------------------------------------------------------


def test_the_audience_rules(page, comms, finance):
    berlin = LocationFactory(name="Berlin")
    team = Group.objects.create(name="Auditors")
    in_group = person(username="gina")
    in_group.groups.add(team)
    manager = person(level=Level.MANAGER, username="max")
    in_berlin = person(location=berlin, username="bert")
    in_finance = person(finance, username="fran")
    nobody = person(username="nobody")
    boss = UserFactory(username="root", is_superuser=True)

    must_read = make_must_read(
        page,
        comms,
        groups=[team],
        departments=[finance],
        locations=[berlin],
        levels=[Level.MANAGER],
    )
    for user in (in_group, manager, in_berlin, in_finance):
        assert mustread.in_audience(user, must_read), user.username
    assert not mustread.in_audience(nobody, must_read)
    assert not mustread.in_audience(boss, must_read)  # superusers are not automatically in

    audience = User.objects.filter(is_active=True).filter(mustread.audience_q(must_read))
    assert set(audience.values_list("username", flat=True)) == {"gina", "max", "bert", "fran"}

    everyone = make_must_read(page, comms, everyone=True)
    assert mustread.in_audience(nobody, everyone)


# The owner's report ----------------------------------------------------------------------------


@pytest.fixture
def reported(page, comms, finance):
    """Finance and Sales must read; Rita (Finance) acknowledged, Fay (Finance) and Sam (Sales)
    have not, Otto (outside) acknowledged anyway."""
    sales = DepartmentFactory(name="Sales")
    make_must_read(page, comms, departments=[finance, sales])
    rita = person(finance, username="rita", first_name="Rita", last_name="Reader")
    person(finance, username="fay", first_name="Fay", last_name="Fisher")
    person(sales, username="sam", first_name="Sam", last_name="Seller")
    otto = person(username="otto", first_name="Otto", last_name="Outside")
    mustread.acknowledge(rita, page)
    mustread.acknowledge(otto, page)
    return page


def test_the_report_counts_by_department(reported, owner, signed_in):
    response = signed_in(owner).get(f"/pages/{reported.pk}/acknowledgements/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="total-audience">3<' in html
    assert 'data-testid="total-acknowledged">1<' in html
    assert 'data-testid="total-pending">2<' in html
    assert 'data-testid="total-outside">1<' in html
    table = html.split('data-testid="report-departments"')[1].split("</table>")[0]
    rows = [" ".join(row.split()) for row in table.split("<tr>")[2:]]
    assert rows[0].startswith('<th scope="row">Finance</th><td>2</td><td>1</td><td>1</td>')
    assert rows[1].startswith('<th scope="row">Sales</th><td>1</td><td>0</td><td>1</td>')
    people = html.split('data-testid="report-people"')[1].split("</table>")[0]
    assert "Fay Fisher" in people
    assert "Sam Seller" in people
    assert "Rita Reader" in people
    assert "Otto Outside" not in people
    assert "Otto Outside" in html.split('data-testid="report-outside"')[1]


def test_the_csv_has_one_row_per_person(reported, owner, signed_in):
    response = signed_in(owner).get(f"/pages/{reported.pk}/acknowledgements.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == [
        "name",
        "username",
        "department",
        "level",
        "location",
        "acknowledged_at",
        "revision",
        "counts",
        "in_audience",
    ]
    by_name = {row["username"]: row for row in rows}
    assert set(by_name) == {"rita", "fay", "sam", "otto"}
    rita = by_name["rita"]
    assert rita["name"] == "Rita Reader"
    assert rita["department"] == "Finance"
    assert rita["level"] == "Individual contributor"
    assert rita["revision"] == str(reported.live_revision_id)
    assert rita["acknowledged_at"]
    assert (rita["counts"], rita["in_audience"]) == ("yes", "yes")
    assert (by_name["fay"]["counts"], by_name["fay"]["acknowledged_at"]) == ("no", "")
    assert by_name["sam"]["department"] == "Sales"
    assert (by_name["otto"]["counts"], by_name["otto"]["in_audience"]) == ("yes", "no")


def test_the_report_after_a_material_change(reported, comms, owner):
    publish(reported, comms, change_note="New limits", material_change=True)
    report = mustread.acknowledgement_report(owner, reported)
    assert report.acknowledged == 0
    assert report.pending == 3


def test_csv_cells_cannot_become_formulas(page, comms, finance, owner, signed_in):
    make_must_read(page, comms, departments=[finance])
    person(finance, username="mallory", first_name="=HYPERLINK(1)", last_name="")
    body = signed_in(owner).get(f"/pages/{page.pk}/acknowledgements.csv").content.decode()
    assert "'=HYPERLINK(1)" in body


def test_a_plain_employee_gets_403_for_the_report(reported, employee_client):
    assert employee_client.get(f"/pages/{reported.pk}/acknowledgements/").status_code == 403
    assert employee_client.get(f"/pages/{reported.pk}/acknowledgements.csv").status_code == 403


def test_governors_see_the_report_and_the_content_owner_does_not(reported, comms, owner, signed_in):
    """Who has not read a page is governance: the space's owners and communications see
    it; the page's content owner, accountable for its text, does not."""
    content_owner = person(username="cora")
    reported.content_owner = content_owner
    reported.save()
    refused = signed_in(content_owner).get(f"/pages/{reported.pk}/acknowledgements/")
    assert refused.status_code == 403
    assert f'href="/pages/{reported.pk}/acknowledgements/"' not in panel_html(
        content_owner, reported
    )
    assert signed_in(owner).get(f"/pages/{reported.pk}/acknowledgements/").status_code == 200
    assert signed_in(comms).get(f"/pages/{reported.pk}/acknowledgements/").status_code == 200
    html = panel_html(comms, reported)
    assert f'href="/pages/{reported.pk}/acknowledgements/"' in html
    assert f'href="/pages/{reported.pk}/must-read/"' in html


def test_the_report_is_paginated(page, comms, finance, owner, signed_in):
    make_must_read(page, comms, departments=[finance])
    for number in range(mustread.REPORT_PAGE_SIZE + 3):
        person(finance, username=f"staff{number:03d}")
    client = signed_in(owner)
    first = client.get(f"/pages/{page.pk}/acknowledgements/").content.decode()
    second = client.get(f"/pages/{page.pk}/acknowledgements/?page=2").content.decode()
    assert first.count('data-testid="report-person"') == mustread.REPORT_PAGE_SIZE
    assert second.count('data-testid="report-person"') == 3
    assert client.get(f"/pages/{page.pk}/acknowledgements/?page=abc").status_code == 200


def test_a_page_the_reader_may_not_see_is_404(page, comms, reader, owner, finance, signed_in):
    make_must_read(page, comms, departments=[finance])
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="groups")
    restriction.groups.add(Group.objects.create(name="Board"))
    client = signed_in(reader)
    assert client.post(f"/pages/{page.pk}/acknowledge/").status_code == 404
    assert client.get(f"/pages/{page.pk}/acknowledgements/").status_code == 404
    assert client.get(f"/pages/{page.pk}/acknowledgements.csv").status_code == 404
    assert client.get(f"/pages/{page.pk}/must-read/").status_code == 404
    assert not Acknowledgement.objects.exists()
    # Same answer as a page that does not exist at all.
    assert client.get("/pages/999999/acknowledgements/").status_code == 404


# The reader's open must-reads ------------------------------------------------------------------


def test_open_must_reads_lists_what_the_reader_still_has_to_read(
    space, comms, reader, finance, owner
):
    def must_read_page(title, **audience):
        page = KnowledgePageFactory(parent=space, title=title)
        publish(page, owner)
        make_must_read(page, comms, **audience)
        return page

    mine = must_read_page("Finance rules", departments=[finance])
    for_all = must_read_page("Code of conduct", everyone=True)
    by_level = must_read_page("For individual contributors", levels=[Level.INDIVIDUAL_CONTRIBUTOR])
    done = must_read_page("Already read", departments=[finance])
    mustread.acknowledge(reader, done)
    must_read_page("Sales rules", departments=[DepartmentFactory(name="Sales")])
    must_read_page("For managers", levels=[Level.MANAGER])
    stopped = must_read_page("Old rule", everyone=True)
    mustread.deactivate_must_read(comms, stopped)
    private = must_read_page("Board rules", everyone=True)
    restriction = PageViewRestriction.objects.create(page=private, restriction_type="groups")
    restriction.groups.add(Group.objects.create(name="Board"))
    draft = must_read_page("Withdrawn", everyone=True)
    draft.unpublish()

    fresh = User.objects.get(pk=reader.pk)  # a new request: no cached view restrictions
    assert set(mustread.open_must_reads(fresh)) == {mine, for_all, by_level}


@pytest.mark.parametrize("count", [1, 5])
def test_open_must_reads_uses_a_constant_number_of_queries(
    count, space, comms, reader, finance, owner, django_assert_num_queries
):
    team = Group.objects.create(name="Auditors")
    reader.groups.add(team)
    pages = []
    for number in range(count):
        page = KnowledgePageFactory(parent=space, title=f"Rule {number}")
        publish(page, owner)
        make_must_read(page, comms, departments=[finance], groups=[team])
        pages.append(page)
    mustread.acknowledge(reader, pages[0])
    publish(pages[0], comms, change_note="New", material_change=True)

    fresh = User.objects.get(pk=reader.pk)
    # 4: 3 before issue 19's permission caches, which read the person's groups and the
    # restrictions they pass apart (each is cached on its own key in a request; a task
    # like this one reads both directly).
    with django_assert_num_queries(4):
        result = mustread.open_must_reads(fresh)
    assert {page.pk for page in result} == {page.pk for page in pages}
