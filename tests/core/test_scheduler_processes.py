"""The scheduler as production runs it: `manage.py scheduler` and `manage.py db_worker`,
two real processes with the database task backend, publish a campaign scheduled to go live
once its time passes. Nothing else calls `publish_scheduled`.

The processes share the test database, so this needs a database server (PostgreSQL); on
SQLite the tests' database lives in memory, and tests/core/test_scheduler.py runs the same
scheduler in a thread instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from brand.models import CampaignPage
from core.models import JobRun
from tests.browser.conftest import site_data  # noqa: F401 (see tests/core/test_scheduler.py)
from tests.core.test_scheduler import scheduled_campaign

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the processes need a database server"
)


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{quote(db['USER'], safe='')}{password}@{db['HOST'] or 'localhost'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def _start(*command: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hearth.settings.dev",  # the database task backend
        "DATABASE_URL": _database_url(),
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", *command],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("site_data")
def test_the_scheduler_and_the_worker_processes_publish_a_campaign_when_its_time_passes():
    campaign, go_live = scheduled_campaign(seconds=4)

    scheduler = _start(
        "scheduler", "--only", "publish_scheduled", "--cron", "publish_scheduled=*/2 * * * * *"
    )
    worker = _start("db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2")
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if CampaignPage.objects.filter(pk=campaign.pk, live=True).exists():
                break
            assert scheduler.poll() is None, scheduler.stderr.read()
            assert worker.poll() is None, worker.stderr.read()
            time.sleep(0.5)
    finally:
        for process in (scheduler, worker):
            process.terminate()
        for process in (scheduler, worker):
            process.wait(timeout=20)
    page = CampaignPage.objects.get(pk=campaign.pk)
    assert page.live, "the campaign was not live 60 s after the scheduler started"
    assert page.last_published_at >= go_live
    runs = JobRun.objects.filter(job="publish_scheduled")
    assert runs.filter(status=JobRun.Status.SUCCEEDED).exists()
    assert not runs.filter(status=JobRun.Status.FAILED).exists()
