"""TASKS_BACKEND=rq: tasks queued in a real Redis, run by django-rq's worker process.

Runs where REDIS_URL names a server (`make services`; `.ci/run` sets HEARTH_REQUIRE_REDIS,
so there a missing server fails the run instead of skipping). Three real processes: one
enqueues, `manage.py rqworker --burst` runs what is queued and exits, one reads the result.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "")

ENQUEUE = """
import json
from tests.hearth.rq_tasks import add
result = add.enqueue(2, 3)
print(json.dumps({"id": result.id, "status": result.status, "backend": result.backend}))
"""
READ = """
import json
from tests.hearth.rq_tasks import add
result = add.get_result(RESULT_ID)
print(json.dumps({"status": result.status, "value": result.return_value}))
"""


@pytest.fixture
def rq_env(tmp_path):
    if not REDIS_URL:
        if os.environ.get("HEARTH_REQUIRE_REDIS"):
            pytest.fail("HEARTH_REQUIRE_REDIS is set but REDIS_URL is empty")
        pytest.skip("REDIS_URL is not set: `make services` starts a Redis server")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": "hearth.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "TASKS_BACKEND": "rq",
        "REDIS_URL": REDIS_URL,
    }


def _manage(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _json(output: str) -> dict:
    return json.loads(output.strip().splitlines()[-1])


def test_a_task_queued_in_redis_is_run_by_a_burst_worker(rq_env):
    queued = _json(_manage("shell", "-c", ENQUEUE, env=rq_env))
    assert queued["backend"] == "default"
    assert queued["status"] == "READY"

    _manage("rqworker", "--burst", "--job-class", "django_tasks_rq.Job", "default", env=rq_env)

    done = _json(_manage("shell", "-c", READ.replace("RESULT_ID", repr(queued["id"])), env=rq_env))
    assert done == {"status": "SUCCESSFUL", "value": 5}


def test_rq_without_redis_refuses_to_start(rq_env):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=REPO,
        env={**rq_env, "REDIS_URL": ""},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "TASKS_BACKEND=rq needs REDIS_URL" in result.stderr
