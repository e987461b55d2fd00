"""TASKS_BACKEND=rq: tasks queued in a real Redis, run by django-rq's worker process.

Runs where REDIS_URL names a server (`make services`; `.ci/run` sets HEARTH_REQUIRE_REDIS,
so there a missing server fails the run instead of skipping). Three real processes: one
enqueues, `manage.py rqworker --burst` runs what is queued and exits, one reads the result.
"""

import json
import os

import pytest

from tests.hearth.processes import environment, run

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
    return environment(
        DJANGO_SETTINGS_MODULE="hearth.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        TASKS_BACKEND="rq",
        REDIS_URL=REDIS_URL,
    )


def _manage(*args: str, env: dict[str, str]) -> str:
    result = run("manage.py", *args, env=env)
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
    result = run("manage.py", "check", env={**rq_env, "REDIS_URL": ""})
    assert result.returncode != 0
    assert "TASKS_BACKEND=rq needs REDIS_URL" in result.stderr
