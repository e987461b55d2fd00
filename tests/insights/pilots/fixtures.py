"""A pilot fixture counted by hand: Sales (6 people) against everyone else (6 people in
Support), over a two-week baseline and a two-week pilot that ended three weeks ago.

                         baseline (weeks 1-2)     pilot (weeks 3-4)
  Sales readers          s0..s4 (5)               s0..s5 (6)
  Sales comments         0                        s0 x2, s1, s2 = 4 (3 contributors)
  Support readers        o0..o5 (6)               o0..o4 (5)
  Support comments       0                        o0 = 1 (1 contributor)
  Legal (2 people)       l0, l1 read              l0, l1 read, l0 comments

Week 3 of the pilot: Sales 6 readers, everyone else 7; week 4: 3 and 2 people active
(suppressed, both: fewer than 5 on one side).
"""

from datetime import timedelta

from django.utils import timezone

from insights import rollups
from insights.models import Verb
from insights.pilots.models import Comparison, Pilot, PilotTarget
from tests.insights.ledger_rows import people, row, write


def dates():
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    baseline_first = monday - timedelta(weeks=7)
    return {
        "baseline_first": baseline_first,
        "baseline_last": baseline_first + timedelta(days=13),
        "pilot_first": baseline_first + timedelta(days=14),
        "pilot_last": baseline_first + timedelta(days=27),
    }


def write_ledger() -> dict:
    d = dates()
    crowd = people(*[f"s{n}" for n in range(6)], *[f"o{n}" for n in range(6)], "l0", "l1")
    base, pilot = d["baseline_first"], d["pilot_first"]
    rows = []
    for n in range(5):
        rows.append(row(crowd[f"s{n}"], Verb.VIEWED, base + timedelta(days=n), "Sales"))
    for n in range(6):
        rows.append(row(crowd[f"o{n}"], Verb.VIEWED, base + timedelta(days=8), "Support"))
        rows.append(row(crowd[f"s{n}"], Verb.VIEWED, pilot + timedelta(days=n), "Sales"))
    for n in range(5):
        rows.append(row(crowd[f"o{n}"], Verb.VIEWED, pilot + timedelta(days=2), "Support"))
    for name, times in (("s0", 2), ("s1", 1), ("s2", 1)):
        for time in range(times):
            rows.append(
                row(crowd[name], Verb.COMMENTED, pilot + timedelta(days=10), "Sales", target=time)
            )
    rows.append(row(crowd["o0"], Verb.COMMENTED, pilot + timedelta(days=10), "Support"))
    for name in ("l0", "l1"):
        rows.append(row(crowd[name], Verb.VIEWED, base + timedelta(days=2), "Legal"))
        rows.append(row(crowd[name], Verb.VIEWED, pilot + timedelta(days=2), "Legal"))
    rows.append(row(crowd["l0"], Verb.COMMENTED, pilot + timedelta(days=3), "Legal"))
    write(rows)
    rollups.build_days(base, d["pilot_last"])
    return crowd


def sales_pilot(**changes) -> Pilot:
    fields = {
        "name": "Sales knowledge pilot",
        "goal": "More of Sales reads and talks.",
        "departments": ["Sales"],
        **dates(),
        **changes,
    }
    pilot = Pilot.objects.create(**fields)
    PilotTarget.objects.create(
        pilot=pilot, measure="active_readers", comparison=Comparison.AT_LEAST, value=6
    )
    PilotTarget.objects.create(
        pilot=pilot, measure="comments", comparison=Comparison.AT_LEAST, value=10
    )
    return pilot
