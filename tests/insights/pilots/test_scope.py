"""A pilot kept to its spaces and communities: the ledger records where each event happened
(when it is written, through `insights.services`), the report counts only the events in
the pilot's scope (page, CSV, JSON, PDF), the form offers and checks the scope, and the
report's queries do not grow with the number of spaces in it.

Counted by hand (threshold 3; Sales s0-s4 is the pilot, Support o0-o3 everyone else).
Scope: the space "Sales playbook" and the community "Field sales"; "HR" is not in it.

                     baseline                         pilot
  in scope, Sales    s0, s1, s2 read the playbook     s0, s1 read it, s2 reads the community;
                                                      s0 comments on the playbook twice
  in scope, others   o0, o1, o2 read the playbook     o0, o1, o2 read it
  out of scope       s3 reads HR                      s3 and o3 read HR, s1 comments on HR

Pilot period in scope: readers 3 and 3, comments 2 and 0, contributors 1 and 0. The whole
company's Sales readers in the pilot period would be 4 (s3 read HR).
"""

import io
import re
from datetime import datetime, time, timedelta

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.roles import Role
from insights import rollups
from insights.models import ActivityEvent, Verb
from insights.pilots import services
from insights.pilots.models import Pilot
from insights.scopes import backfill
from insights.services import record_event
from people.models import Department, Profile
from tests.community.factories import CommunitiesIndexPageFactory, CommunityPageFactory
from tests.factories import KnowledgePageFactory, UserFactory, knowledge_space
from tests.insights.pilots.fixtures import dates, sales_pilot


@pytest.fixture
def admin(db):
    return UserFactory(username="ada", roles=[Role.ADMINISTRATORS])


@pytest.fixture
def places(home):
    playbook = knowledge_space("Sales playbook")
    hr = knowledge_space("HR")
    communities = CommunitiesIndexPageFactory(parent=home)
    return {
        "playbook": playbook,
        "playbook_page": KnowledgePageFactory(parent=playbook, title="Discounts"),
        "hr": hr,
        "hr_page": KnowledgePageFactory(parent=hr, title="Leave"),
        "community": CommunityPageFactory(parent=communities, title="Field sales"),
    }


def _person(name: str, department: str):
    user = UserFactory(username=name, roles=[Role.EMPLOYEES])
    Profile.objects.filter(user=user).update(
        department=Department.objects.get_or_create(name=department)[0]
    )
    return user


def _at(day):
    return timezone.make_aware(datetime.combine(day, time(12)))


@pytest.fixture
def ledger(places, settings):
    settings.HEARTH_FEEDBACK_MIN_GROUP = 3
    crowd = {f"s{n}": _person(f"s{n}", "Sales") for n in range(5)}
    crowd |= {f"o{n}": _person(f"o{n}", "Support") for n in range(4)}
    d = dates()
    base, pilot = d["baseline_first"] + timedelta(days=1), d["pilot_first"] + timedelta(days=1)

    def did(name, verb, place, day):
        record_event(crowd[name], verb, places[place], when=_at(day))

    for name in ("s0", "s1", "s2", "o0", "o1", "o2"):
        did(name, Verb.VIEWED, "playbook_page", base)
    did("s3", Verb.VIEWED, "hr_page", base)
    for name in ("s0", "s1", "o0", "o1", "o2"):
        did(name, Verb.VIEWED, "playbook_page", pilot)
    did("s2", Verb.VIEWED, "community", pilot)
    did("s0", Verb.COMMENTED, "playbook_page", pilot)
    did("s0", Verb.COMMENTED, "playbook_page", pilot + timedelta(days=1))
    did("s3", Verb.VIEWED, "hr_page", pilot)
    did("o3", Verb.VIEWED, "hr_page", pilot)
    did("s1", Verb.COMMENTED, "hr_page", pilot)
    rollups.build_days(d["baseline_first"], d["pilot_last"])
    return crowd


def _scoped_pilot(places, *scope):
    pilot = sales_pilot()
    pilot.scope.set([places[name] for name in scope or ("playbook", "community")])
    return pilot


def by_measure(report):
    return {row.measure.key: row for row in report.rows}


def test_each_event_records_its_space_and_community(places, ledger):
    def where(place):
        event = ActivityEvent.objects.for_target(places[place]).first()
        return event.space_id, event.community_id

    assert where("playbook_page") == (places["playbook"].pk, None)
    assert where("hr_page") == (places["hr"].pk, None)
    assert where("community") == (None, places["community"].pk)


def test_a_recorded_event_reads_its_space_back(places, employee):
    event = record_event(employee, Verb.VIEWED, places["playbook_page"])
    assert event.space_id == places["playbook"].pk and event.community_id is None


def test_an_event_about_no_page_has_no_space(employee):
    event = record_event(employee, Verb.THANKED, employee)
    assert (event.space_id, event.community_id) == (None, None)


def test_the_report_counts_only_what_happened_in_scope(admin, places, ledger):
    report = services.pilot_report(admin, _scoped_pilot(places))
    rows = by_measure(report)
    readers, comments = rows["active_readers"], rows["comments"]
    assert (readers.before.inside.value, readers.before.outside.value) == (3, 3)
    assert (readers.after.inside.value, readers.after.outside.value) == (3, 3)
    assert (comments.before.inside.value, comments.after.inside.value) == (0, 2)
    assert comments.after.outside.value == 0
    assert rows["active_contributors"].after.inside.value == 1  # not s1, who wrote in HR
    assert all(row.in_scope for row in report.rows) and report.scoped
    status = {progress.measure.key: progress.status for progress in report.targets}
    # Targets read the scoped figures: 3 readers (at least 6) and 2 comments (at least 10).
    assert status == {"active_readers": "missed", "comments": "missed"}


def test_an_event_outside_the_scope_does_not_count(admin, places, ledger):
    """Without a scope the pilot counts s3's reading and s1's comment in HR (4 readers, 2
    contributors); kept to the scope, neither; kept to the playbook alone, s2's reading in
    the community drops out too, and 2 readers are under the threshold: hidden."""
    whole = by_measure(services.pilot_report(admin, sales_pilot()))
    assert whole["active_readers"].after.inside.value == 4
    assert whole["active_contributors"].after.inside.value == 2
    scoped = by_measure(services.pilot_report(admin, _scoped_pilot(places)))
    assert scoped["active_readers"].after.inside.value == 3
    assert scoped["active_contributors"].after.inside.value == 1
    playbook = by_measure(services.pilot_report(admin, _scoped_pilot(places, "playbook")))
    assert playbook["active_readers"].after.inside.suppressed
    assert playbook["active_readers"].before.inside.value == 3


def test_page_csv_json_and_pdf_show_the_scoped_figures(client, admin, places, ledger):
    pilot = _scoped_pilot(places)
    client.force_login(admin)
    html = client.get(reverse("insights_pilots:detail", args=[pilot.pk])).content.decode()
    assert 'data-testid="pilot-scope-note"' in html
    assert "Sales playbook" in html and "Field sales" in html
    table = reverse("insights_pilots:table", args=[pilot.pk, "before-after", "json"])
    rows = {row["Measure"]: row for row in client.get(table).json()["rows"]}
    assert rows["Comments"]["Pilot: the pilot's people"] == 2
    assert rows["Comments"]["Counted in"] == "the scope"
    csv = client.get(
        reverse("insights_pilots:table", args=[pilot.pk, "targets", "csv"])
    ).content.decode()
    assert "Counted in" in csv.splitlines()[0] and "the scope" in csv
    pdf = client.get(reverse("insights_pilots:pdf", args=[pilot.pk])).content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Sales playbook" in text and "spaces and communities in scope" in text


def _form(places, **changes):
    d = dates()
    return {
        "name": "Playbook pilot",
        "goal": "Sales find answers in the playbook.",
        "departments": ["Sales"],
        "people": "",
        **{name: day.isoformat() for name, day in d.items()},
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "5",
        "targets-0-measure": "comments",
        "targets-0-comparison": "gte",
        "targets-0-value": "5",
        **changes,
    }


def test_the_form_offers_spaces_and_communities_and_saves_the_scope(client, admin, places):
    Department.objects.get_or_create(name="Sales")
    client.force_login(admin)
    page = client.get(reverse("insights_pilots:create")).content.decode()
    offered = set(re.findall(r'name="scope" value="(\d+)"', page))
    assert offered == {str(places[name].pk) for name in ("playbook", "hr", "community")}
    scope = [places["playbook"].pk, places["community"].pk]
    response = client.post(reverse("insights_pilots:create"), _form(places, scope=scope))
    assert response.status_code == 302, response.content.decode()[:3000]
    pilot = Pilot.objects.get()
    assert set(pilot.scope.values_list("pk", flat=True)) == set(scope)


@pytest.mark.parametrize("chosen", ["playbook_page", None])
def test_an_unknown_space_is_a_form_error(client, admin, places, chosen):
    Department.objects.get_or_create(name="Sales")
    client.force_login(admin)
    pk = places[chosen].pk if chosen else 987654
    response = client.post(reverse("insights_pilots:create"), _form(places, scope=[pk]))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Pilot.objects.exists()


def _report_queries(client, pilot) -> int:
    url = reverse("insights_pilots:detail", args=[pilot.pk])
    client.get(url)  # warm: the site, content types and the session, once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_pilot_page_costs_the_same_with_1_and_10_spaces(client, admin, places, ledger):
    client.force_login(admin)
    one = _scoped_pilot(places, "playbook")
    ten = _scoped_pilot(places, "playbook")
    ten.scope.add(*(knowledge_space(f"Space {n}") for n in range(9)))
    assert ten.scope.count() == 10
    assert _report_queries(client, one) == _report_queries(client, ten) == SCOPED_PAGE_QUERIES


# The pilot page with a scope: the page without one (its figures from the rollups, which
# still give the whole company's measures), the scope's ids, and for each of the baseline
# and the pilot period the scope's figures and weeks read from the ledger (two each).
SCOPED_PAGE_QUERIES = 23


def test_the_migration_backfills_the_space_of_events_about_pages(places, employee):
    """Events written before the ledger knew spaces (insights 0011 runs `backfill`): those
    about a page get its space or community; others stay without."""

    def old(place):
        target = places[place] if place else employee
        return ActivityEvent(
            actor=employee,
            verb=Verb.VIEWED,
            target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
            target_id=target.pk,
            day=timezone.localdate(),
        )

    ActivityEvent.objects.bulk_create([old("playbook_page"), old("community"), old(None)])
    assert not ActivityEvent.objects.exclude(space=None, community=None).exists()
    backfill(apps, None)  # the live registry, as the migration's historical one
    found = set(ActivityEvent.objects.values_list("target_id", "space_id", "community_id"))
    assert found == {
        (places["playbook_page"].pk, places["playbook"].pk, None),
        (places["community"].pk, None, places["community"].pk),
        (employee.pk, None, None),
    }
