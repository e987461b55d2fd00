"""`seed_demo` makes a finished and a running pilot for Sales over a rolled-up ledger:
both reports have figures, and seeding again adds nothing."""

import io

import pytest
from django.core.management import call_command

from core.models import User
from demo.loaders.insights_pilots import FINISHED, RUNNING
from insights.models import ActivityEvent, DailyRollup
from insights.pilots import services
from insights.pilots.models import Pilot


@pytest.fixture
def seeded(demo_module, db):
    """The demo, seeded once for this module (tests/conftest.py)."""


def test_the_demo_has_a_finished_and_a_running_pilot_for_sales(seeded):
    admin = User.objects.filter(groups__name="Administrators").first()
    finished = services.pilot_report(admin, Pilot.objects.get(name=FINISHED))
    running = services.pilot_report(admin, Pilot.objects.get(name=RUNNING))
    assert finished.finished and not running.finished and running.period
    for report in (finished, running):
        assert report.pilot.departments == ["Sales"]
        assert report.has_data
        readers = next(row for row in report.rows if row.measure.key == "active_readers")
        assert readers.before.inside.value and readers.after.inside.value
        assert readers.before.outside.value and readers.after.outside.value
    assert {target.status for target in finished.targets} <= {"met", "missed"}
    assert {target.status for target in running.targets} <= {"met", "not_yet"}


def test_seeding_again_adds_no_events_or_pilots(seeded):
    counts = (ActivityEvent.objects.count(), DailyRollup.objects.count(), Pilot.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (
        ActivityEvent.objects.count(),
        DailyRollup.objects.count(),
        Pilot.objects.count(),
    ) == counts
