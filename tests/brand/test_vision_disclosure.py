"""Attacks on statement feedback results: no combination of the views a person can request
may give away the answers of a group smaller than ``HEARTH_FEEDBACK_MIN_GROUP``."""

import datetime
import itertools

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from brand.models import FeedbackAnswer
from brand.vision import services as vision
from people.models import Level
from tests.brand.factories_vision import StatementPageFactory, VisionHubPageFactory, answers
from tests.factories import DepartmentFactory, LocationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.HEARTH_FEEDBACK_MIN_GROUP = 5


@pytest.fixture
def statement(home):
    hub = VisionHubPageFactory(parent=home)
    return StatementPageFactory(parent=hub, sponsor=UserFactory(roles=["Employees"]))


@pytest.fixture
def comms_client(signed_in):
    return signed_in(UserFactory(roles=["Employees", "Communications"]))


def results_json(client, statement, **params):
    response = client.get(reverse("brand:statement_results_json", args=[statement.pk]), params)
    assert response.status_code == 200
    return response.json()


def shown_sum(cell, question="agree"):
    """(respondents, sum of the answers) a reader works out from a shown cell, or None."""
    if cell["suppressed"]:
        return None
    return cell["respondents"], round(cell["respondents"] * cell["means"][question])


def test_a_level_filter_minus_the_unfiltered_breakdown_does_not_reveal_the_executives(
    comms_client, statement
):
    """The reported attack. Three executives are hidden in the level breakdown (and the five
    managers with them, so the total minus the shown levels stays a group of eight). The
    level=manager filter used to be allowed on its own (five people, 23 outside it), so
    everyone minus individual contributors minus managers gave the executives' answers."""
    sales, support = DepartmentFactory(name="Sales"), DepartmentFactory(name="Support")
    answers(statement, 10, department=sales, level="ic", agree=4)
    answers(statement, 10, department=support, level="ic", agree=4)
    answers(statement, 5, department=support, level="manager", agree=3)
    answers(statement, 3, department=sales, level="executive", agree=1)

    everyone = results_json(comms_client, statement)
    by_level = {cell["key"]: cell for cell in everyone["by_level"]}
    assert by_level["executive"]["suppressed"] is True
    managers = results_json(comms_client, statement, level="manager")

    parts = [
        shown_sum(everyone["overall"]),
        shown_sum(by_level["ic"]),
        shown_sum(managers["overall"]),
    ]
    if None not in parts:
        (n_all, sum_all), (n_ic, sum_ic), (n_managers, sum_managers) = parts
        executives = (n_all - n_ic - n_managers, sum_all - sum_ic - sum_managers)
        pytest.fail(f"three executives' answers derived by subtraction: {executives}")


# Every view, attacked with generated populations -------------------------------------------
LEVELS = ("ic", "manager", "executive")
WHEN = (  # two weeks cut by a month's end, another week, another month
    datetime.datetime(2026, 1, 28, 12, tzinfo=datetime.UTC),
    datetime.datetime(2026, 2, 1, 12, tzinfo=datetime.UTC),
    datetime.datetime(2026, 2, 4, 12, tzinfo=datetime.UTC),
    datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC),
)
person = st.tuples(
    st.integers(0, 3),  # department: three, or not set
    st.sampled_from(LEVELS),
    st.integers(0, 2),  # location: two, or not set
    st.integers(0, len(WHEN) - 1),
    st.integers(1, 5),  # understand
    st.integers(1, 5),  # agree
    st.integers(1, 5),  # contribute
)


@pytest.fixture
def world(statement):
    people = UserFactory.create_batch(40)
    return {
        "statement": statement,
        "people": people,
        "departments": [DepartmentFactory(name=f"D{n}") for n in range(3)],
        "locations": [LocationFactory(name=f"L{n}") for n in range(2)],
    }


def week_of(moment):
    day = moment.date()
    return day - datetime.timedelta(days=day.weekday())


def every_published_aggregate(statement, sponsor, truth, departments, locations):
    """(set of respondents -> published figures) for every view a reader can request:
    each filter combination, each breakdown under it, each period, and the overall an
    employee sees after answering. Figures are the sums a reader works out: count, count x
    mean, and the distribution's counts."""
    published = {}

    def publish(members, cell, distribution=None):
        if cell.suppressed:
            return
        members = frozenset(members)
        figures = {"count": cell.respondents}
        for name in vision.QUESTION_NAMES:
            figures[name] = round(cell.respondents * cell.values[f"avg_{name}"])
        for d in distribution or []:
            figures.update(
                {f"{d.name}={s}": n for s, n in zip(vision.SCORES, d.counts, strict=True)}
            )
        # The figures are the true ones for exactly these people (so the sets are right).
        assert figures["count"] == len(members)
        for name in vision.QUESTION_NAMES:
            assert figures[name] == sum(truth[p][name] for p in members)
        published.setdefault(members, {}).update(figures)

    for department, level, location in itertools.product(
        [None, *departments], [None, *Level.values], [None, *locations]
    ):
        filters = vision.ResultFilters(department, level, location)
        chosen = {
            p
            for p, t in truth.items()
            if (department is None or t["department"] == department)
            and (level is None or t["level"] == level)
            and (location is None or t["location"] == location)
        }
        for period in vision.PERIODS:
            results = vision.statement_results(sponsor, statement, filters, period)
            publish(chosen, results.overall, results.distribution)
            for dimension, _label, cells in results.breakdowns:
                for cell in cells:
                    publish({p for p in chosen if truth[p][dimension] == cell.key}, cell)
            for cell in results.trend:
                publish({p for p in chosen if truth[p][period] == cell.key}, cell)
    if truth:
        someone = next(iter(truth.values()))["user"]
        overall = vision.employee_overall(someone, statement, answered=True)
        publish(truth, overall)
    return published


def derive_by_subtraction(published, rounds=2, limit=4000):
    """Close the published sets under "a set minus a known set inside it", a few rounds,
    carrying the figures along (their difference is the sums of the people left)."""
    known = dict(published)
    fresh = dict(published)
    for _round in range(rounds):
        found = {}
        for a, a_figures in known.items():
            for b, b_figures in fresh.items():
                for outer, inner, fo, fi in (
                    (a, b, a_figures, b_figures),
                    (b, a, b_figures, a_figures),
                ):
                    difference = outer - inner
                    if inner < outer and difference not in known and difference not in found:
                        found[difference] = {n: fo[n] - fi[n] for n in fo.keys() & fi.keys()}
        known.update(found)
        fresh = found
        if not fresh or len(known) > limit:
            break
    return known


PRIME = 2**61 - 1


def smallest_determined_group(published, truth, k):
    """Beyond differences of nested sets: any sum or difference of published figures.
    A group's sums are determined iff its indicator lies in the span of the published
    sets. People alike in every attribute are one column (weighted by their number); in
    reduced row echelon form a 0/1 vector of the span is the sum of the rows of its pivot
    columns, so trying every few rows whose pivots weigh under k finds every determined
    group under k. Returns one such group (set of people), or None."""
    signature = {
        p: tuple(t[n] for n in ("department", "level", "location", "week", "month"))
        for p, t in truth.items()
    }
    columns = sorted(set(signature.values()), key=str)
    people = {c: {p for p, s in signature.items() if s == c} for c in columns}
    rows = [[int(any(p in members for p in people[c])) for c in columns] for members in published]
    pivots, echelon = [], []
    for row in rows:  # Gauss-Jordan modulo a large prime
        row = row[:]
        for col, other in zip(pivots, echelon, strict=True):
            if row[col]:
                factor = row[col]
                row = [(x - factor * y) % PRIME for x, y in zip(row, other, strict=True)]
        lead = next((i for i, x in enumerate(row) if x), None)
        if lead is None:
            continue
        inverse = pow(row[lead], PRIME - 2, PRIME)
        row = [x * inverse % PRIME for x in row]
        for index, other in enumerate(echelon):
            if other[lead]:
                factor = other[lead]
                echelon[index] = [(x - factor * y) % PRIME for x, y in zip(other, row, strict=True)]
        pivots.append(lead)
        echelon.append(row)
    weight = [len(people[c]) for c in columns]
    light = [i for i, col in enumerate(pivots) if weight[col] < k]
    for size in range(1, k):
        for chosen in itertools.combinations(light, size):
            if sum(weight[pivots[i]] for i in chosen) >= k:
                continue
            vector = [sum(echelon[i][c] for i in chosen) % PRIME for c in range(len(columns))]
            if all(x in (0, 1) for x in vector):
                group = {p for c, x in zip(columns, vector, strict=True) if x for p in people[c]}
                if 0 < len(group) < k:
                    return group
    return None


@hypothesis_settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(population=st.lists(person, max_size=40), k=st.integers(3, 5))
def test_no_combination_of_views_reveals_a_group_under_the_threshold(
    world, settings, population, k
):
    settings.HEARTH_FEEDBACK_MIN_GROUP = k
    statement = world["statement"]
    FeedbackAnswer.objects.filter(statement=statement).delete()
    departments = [d.pk for d in world["departments"]]
    locations = [loc.pk for loc in world["locations"]]
    truth, rows = {}, []
    for index, (dept, level, loc, when, understand, agree, contribute) in enumerate(population):
        user = world["people"][index]
        moment = WHEN[when]
        truth[user.pk] = {
            "user": user,
            "department": departments[dept] if dept < 3 else None,
            "level": level,
            "location": locations[loc] if loc < 2 else None,
            "week": week_of(moment),
            "month": moment.date().replace(day=1),
            "understand": understand,
            "agree": agree,
            "contribute": contribute,
        }
        rows.append(
            FeedbackAnswer(
                statement=statement,
                user=user,
                understand=understand,
                agree=agree,
                contribute=contribute,
                department_id=truth[user.pk]["department"],
                level=level,
                location_id=truth[user.pk]["location"],
                answered_at=moment,
            )
        )
    FeedbackAnswer.objects.bulk_create(rows)

    published = every_published_aggregate(
        statement, statement.sponsor, truth, departments, locations
    )
    group = smallest_determined_group(published, truth, k)
    assert group is None, f"the sums of {len(group)} people (threshold {k}) are determined"
    for members, figures in derive_by_subtraction(published).items():
        if 0 < len(members) < k:
            true = {n: sum(truth[p][n] for p in members) for n in vision.QUESTION_NAMES}
            pytest.fail(
                f"{len(members)} people (threshold {k}) derived by subtraction: "
                f"figures {figures}, their true sums {true}"
            )


def test_the_json_and_csv_views_serve_exactly_what_the_service_returns(comms_client, statement):
    """The attack above calls the service; the views add nothing to it and leave out
    nothing of it."""
    import csv
    import io
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    sales, support = DepartmentFactory(name="Sales"), DepartmentFactory(name="Support")
    leeds = LocationFactory(name="Leeds")
    answers(statement, 10, department=sales, level="ic", location=leeds, agree=5)
    answers(statement, 3, department=sales, level="executive", agree=1)
    answers(statement, 8, department=support, level="manager", location=leeds, agree=2)
    user = UserFactory(roles=["Employees", "Communications"])
    for params in ({}, {"department": sales.pk}, {"level": "manager"}, {"location": leeds.pk}):
        for period in vision.PERIODS:
            query = {**params, "period": period}
            service = vision.statement_results(
                user,
                statement,
                vision.ResultFilters(
                    params.get("department"), params.get("level"), params.get("location")
                ),
                period,
            )
            served = comms_client.get(
                reverse("brand:statement_results_json", args=[statement.pk]), query
            ).json()
            served.pop("comments"), served.pop("links")
            expected = json.loads(DjangoJSONEncoder().encode(vision.results_as_dict(service)))
            assert served == expected

            response = comms_client.get(
                reverse("brand:statement_results_csv", args=[statement.pk]), query
            )
            rows = list(csv.DictReader(io.StringIO(response.content.decode())))
            cells = [("overall", service.overall)]
            cells += [
                (section, cell) for section, _l, group in service.breakdowns for cell in group
            ]
            cells += [(f"trend:{period}", cell) for cell in service.trend]
            served_cells = [
                (row["section"], row["group"], row["respondents"], row["suppressed"])
                for row in rows
                if not row["section"].startswith(("distribution", "comment"))
            ]
            assert served_cells == [
                (
                    section,
                    cell.label,
                    "" if cell.suppressed else str(cell.respondents),
                    "suppressed" if cell.suppressed else "",
                )
                for section, cell in cells
            ]
