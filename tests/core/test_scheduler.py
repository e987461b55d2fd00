"""The scheduler (core/schedule.py): one schedule in code for every periodic job, a run
record per slot, a lock per job across processes, retries, and the administrators' report.

The go-live test runs the real APScheduler scheduler (the one `manage.py scheduler` runs)
in a thread, with a cron of every second and the tests' immediate task backend: the
campaign must become live once its go-live time passes, with nothing calling Wagtail's
`publish_scheduled` but the scheduler.
"""

from __future__ import annotations

import datetime
import io
import threading

import pytest
from apscheduler.events import EVENT_JOB_EXECUTED
from apscheduler.schedulers.blocking import BlockingScheduler
from django.core.management import call_command, get_commands
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone
from django_tasks import task

from brand.models import CampaignPage
from core import schedule
from core.models import JobLock, JobRun
from tests.brand.factories_campaigns import make_campaign

# Transactional tests empty the database after them, rows of data migrations included (the
# home page, the roles): `site_data` rebuilds those first, as for the browser tests.
from tests.browser.conftest import site_data  # noqa: F401
from tests.factories import DepartmentFactory, UserFactory

# What README's "Run it in production" ran from cron before the scheduler existed.
CRON_JOBS_IN_README = {
    "send_digests",
    "publish_scheduled",
    "notify_expired_assets",
    "announce_questions",
    "remind_unanswered",
    "expire_guests",
    "review_reminders",
    "rebuild_search_vocabulary",
    "rebuild_rollups",
}
# Jobs that came with the scheduler (no cron line ever ran them).
NEW_JOBS = {"requeue_stalled_tasks", "send_pilot_summaries", "advance_review_statuses"}
REPORT = "/admin/reports/scheduled-jobs/"

gate = threading.Event()
started = threading.Event()


@task()
def gated_job() -> str:
    """Waits for the test to open the gate (a long job)."""
    started.set()
    assert gate.wait(timeout=30)
    return "done"


@task()
def failing_job() -> None:
    """Always fails, naming a database URL with its password."""
    raise RuntimeError("could not connect to postgres://hearth:s3cret-pw@db:5432/hearth")


@pytest.fixture
def declared():
    """declared(task, name, **options): `task` in the schedule for this test only."""
    names = []

    def declare(scheduled, name, **options):
        schedule.register(
            schedule.Job(name=name, cron="0 3 * * *", task=scheduled, description="", **options)
        )
        names.append(name)

    yield declare
    for name in names:
        schedule.unregister(name)


def scheduled_campaign(seconds: int) -> tuple[CampaignPage, datetime.datetime]:
    """A campaign scheduled to go live in `seconds`, and its go-live time."""
    comms = UserFactory(username="cora", roles=["Communications", "Employees"])
    go_live = timezone.now() + datetime.timedelta(seconds=seconds)
    sales = DepartmentFactory(name="Sales")
    campaign = make_campaign(comms, departments=[sales], go_live_at=go_live)
    assert not CampaignPage.objects.get(pk=campaign.pk).live
    return campaign, go_live


def _slot(minutes: int = 0) -> datetime.datetime:
    return timezone.now().replace(microsecond=0) + datetime.timedelta(minutes=minutes)


# The schedule -------------------------------------------------------------------------------
def test_every_periodic_job_is_declared_once_in_code():
    names = {job.name for job in schedule.jobs()}
    assert names == CRON_JOBS_IN_README | NEW_JOBS
    commands = get_commands()
    assert all(
        name in commands for name in CRON_JOBS_IN_README
    )  # each is still a management command
    assert all(job.description for job in schedule.jobs())


def test_the_schedule_command_prints_every_job_with_its_cron_and_next_run():
    out = io.StringIO()
    call_command("schedule", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split()[:4] == ["job", "cron", "next", "run"]
    listed = {line.split()[0] for line in lines[1:]}
    assert listed == CRON_JOBS_IN_README | NEW_JOBS
    digests = next(line for line in lines if line.startswith("send_digests "))
    assert "0 7 * * *" in digests
    assert " 07:00 " in digests  # the next run, from the cron
    listing = io.StringIO()
    call_command("scheduler", "--list", stdout=listing)
    assert listing.getvalue() == out.getvalue()


# A scheduled campaign goes live with the scheduler running -----------------------------------
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("site_data")
def test_a_scheduled_campaign_goes_live_when_its_time_passes_with_the_scheduler_running():
    campaign, go_live = scheduled_campaign(seconds=3)

    live = threading.Event()
    scheduler = schedule.build_scheduler(
        BlockingScheduler, only=["publish_scheduled"], crons={"publish_scheduled": "* * * * * *"}
    )

    def check(event):  # in the scheduler's thread, after each slot ran (immediate backend)
        if CampaignPage.objects.filter(pk=campaign.pk, live=True).exists():
            live.set()

    scheduler.add_listener(check, EVENT_JOB_EXECUTED)

    def serve():
        try:
            scheduler.start()
        finally:
            connections.close_all()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        assert live.wait(timeout=30), "the campaign did not go live within 30 s"
    finally:
        scheduler.shutdown(wait=True)
        thread.join(timeout=10)
    page = CampaignPage.objects.get(pk=campaign.pk)
    assert page.live and page.last_published_at >= go_live
    runs = JobRun.objects.filter(job="publish_scheduled")
    assert runs.count() >= 2  # it ran before the time, publishing nothing, then after it
    assert set(runs.values_list("status", flat=True)) == {JobRun.Status.SUCCEEDED}
    assert len(set(runs.values_list("slot", flat=True))) == runs.count()


# Never twice at once ------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("site_data")
def test_a_second_run_of_a_job_that_is_still_running_skips(declared):
    declared(gated_job, "test_gated")
    first = JobRun.objects.create(job="test_gated", slot=_slot())
    second = JobRun.objects.create(job="test_gated", slot=_slot(1))
    gate.clear()
    started.clear()
    outcome = {}

    def run_first():
        try:
            outcome["first"] = schedule.run_job.call(first.pk)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run_first)
    thread.start()
    try:
        assert started.wait(timeout=30)
        assert schedule.run_job.call(second.pk) == JobRun.Status.SKIPPED
    finally:
        gate.set()
        thread.join(timeout=30)
    assert outcome["first"] == JobRun.Status.SUCCEEDED
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.result, first.attempts) == (JobRun.Status.SUCCEEDED, "done", 1)
    assert second.status == JobRun.Status.SKIPPED and str(first.pk) in second.result
    assert JobLock.objects.get(job="test_gated").run_id is None  # released
    third = JobRun.objects.create(job="test_gated", slot=_slot(2))
    assert schedule.run_job.call(third.pk) == JobRun.Status.SUCCEEDED  # free again


def test_a_lock_left_by_a_dead_run_expires(db, declared):
    declared(gated_job, "test_gated")
    dead = JobRun.objects.create(job="test_gated", slot=_slot(), status=JobRun.Status.RUNNING)
    JobLock.objects.create(
        job="test_gated", run=dead, expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    gate.set()
    run = JobRun.objects.create(job="test_gated", slot=_slot(1))
    assert schedule.run_job.call(run.pk) == JobRun.Status.SUCCEEDED
    dead.refresh_from_db()
    assert dead.status == JobRun.Status.FAILED and "lock expired" in dead.error


def test_two_schedulers_enqueue_a_slot_once(db, declared):
    declared(gated_job, "test_gated")
    gate.set()
    slot = _slot()
    assert schedule.enqueue_slot("test_gated", slot) is not None
    assert schedule.enqueue_slot("test_gated", slot + datetime.timedelta(microseconds=5)) is None
    assert JobRun.objects.filter(job="test_gated").count() == 1


# Failures: retried, recorded, shown to administrators ----------------------------------------
def test_a_failing_job_is_retried_then_recorded_as_failed_without_secrets(db, declared):
    declared(failing_job, "test_failing", retries=2)
    run = schedule.enqueue_slot("test_failing", _slot())
    run.refresh_from_db()
    assert run.status == JobRun.Status.FAILED
    assert run.attempts == 3  # the first try and two retries
    assert run.finished_at is not None
    assert run.error.startswith("RuntimeError: could not connect to postgres://hearth:***@db")
    assert "s3cret" not in run.error


def test_the_report_lists_runs_for_administrators_only(db, declared, signed_in):
    declared(failing_job, "test_failing", retries=0)
    schedule.enqueue_slot("test_failing", _slot())
    administrator = UserFactory(username="ada", roles=["Employees", "Administrators"])
    response = signed_in(administrator).get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "test_failing" in html and "Failed" in html and "RuntimeError" in html
    editor = UserFactory(username="ed", roles=["Employees", "Editors"])
    assert signed_in(editor).get(REPORT).status_code == 403
    assert signed_in(UserFactory(username="emp", roles=["Employees"])).get(REPORT).status_code in (
        302,
        403,
    )


def test_the_report_reads_a_constant_number_of_queries(db, signed_in):
    client = signed_in(UserFactory(username="ada", roles=["Employees", "Administrators"]))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(REPORT).status_code == 200
        return len(captured)

    JobRun.objects.bulk_create(JobRun(job="a", slot=_slot(-minute)) for minute in range(3))
    queries()  # warm the chrome's caches (issue 19)
    few = queries()
    JobRun.objects.bulk_create(JobRun(job="b", slot=_slot(-minute)) for minute in range(40))
    assert queries() == few


# The campaigns report's go-live -------------------------------------------------------------
def test_the_campaigns_report_shows_when_a_scheduled_campaign_goes_live(db, signed_in):
    comms = UserFactory(username="cora", roles=["Communications", "Employees"])
    go_live = timezone.now() + datetime.timedelta(days=21)
    make_campaign(comms, departments=[DepartmentFactory(name="Sales")], go_live_at=go_live)
    html = signed_in(comms).get("/admin/reports/campaigns/").content.decode()
    assert formats.date_format(timezone.localtime(go_live), "j F Y, H:i") in html
    assert "just now" not in html.lower()
