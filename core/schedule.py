"""The schedule: every periodic job of Hearth, declared in code next to its task.

A job is a django-tasks task with a cron line, declared in its feature's `tasks.py`:

    from core.schedule import cron

    @cron("0 7 * * *", name="send_digests")
    @task()
    def send_digests() -> int:
        \"\"\"Email each daily-digest reader their unread notifications.\"\"\"
        return services.send_digests()

`manage.py scheduler` (one long-running process, APScheduler's cron triggers) does not run
a job: at each slot of its cron it records a `JobRun` (one per job and slot, so a second
scheduler enqueues nothing twice) and enqueues `run_job` for the task worker. The worker
takes the job's `JobLock` (one conditional UPDATE: a run of the same job already running,
in any process, makes this one skip), runs the task's function, and records the outcome;
a failure is retried `retries` times with a doubling delay, then recorded as failed (the
administrators' "Scheduled jobs" report lists every run). `manage.py schedule` prints the
schedule.

Core imports no feature: `jobs()` imports every installed app's `tasks.py` modules (at
any depth) once, as Django's admin autodiscovers `admin.py`, so a job declared there is
in the schedule of every process.
"""

from __future__ import annotations

import datetime
import importlib
import logging
import os
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.executors.base import BaseExecutor
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task

from core.models import JobLock, JobRun

logger = logging.getLogger(__name__)

RETRIES = 3
BACKOFF_SECONDS = 60
LOCK_SECONDS = 3600
MAX_ERROR = 4000
KEEP_DAYS = 30  # runs that succeeded or skipped are forgotten after this; failures stay


@dataclass(frozen=True)
class Job:
    name: str
    cron: str
    task: Task
    description: str
    retries: int = RETRIES
    backoff: int = BACKOFF_SECONDS
    timeout: int = LOCK_SECONDS

    def trigger(self, cron: str | None = None) -> CronTrigger:
        return trigger(cron or self.cron)


def trigger(expression: str) -> CronTrigger:
    """A cron line's trigger in the site's time zone: the usual five fields, or six with the
    seconds first (`*/2 * * * * *`: tests and troubleshooting)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    fields = expression.split()
    if len(fields) == 6:
        second, minute, hour, day, month, day_of_week = fields
        return CronTrigger(
            second=second,
            minute=minute,
            hour=hour,
            day=day,
            month=month,
            day_of_week=day_of_week,
            timezone=zone,
        )
    return CronTrigger.from_crontab(expression, timezone=zone)


_jobs: dict[str, Job] = {}
_discovered = False


def register(job: Job) -> Job:
    """Add `job` to the schedule (its cron is checked now: a typo fails at import)."""
    job.trigger()
    if job.name in _jobs and _jobs[job.name].task.module_path != job.task.module_path:
        raise ValueError(f"Two scheduled jobs are called {job.name!r}.")
    _jobs[job.name] = job
    return job


def unregister(name: str) -> None:
    _jobs.pop(name, None)


def cron(
    expression: str,
    *,
    name: str | None = None,
    description: str = "",
    retries: int = RETRIES,
    backoff: int = BACKOFF_SECONDS,
    timeout: int = LOCK_SECONDS,
):
    """Declare a task (`@task()`, below this decorator) a job run on `expression`. Its
    description defaults to the first line of the function's docstring."""

    def declare(scheduled: Task) -> Task:
        doc = (scheduled.func.__doc__ or "").strip().splitlines()
        register(
            Job(
                name=name or scheduled.name,
                cron=expression,
                task=scheduled,
                description=description or (doc[0] if doc else ""),
                retries=retries,
                backoff=backoff,
                timeout=timeout,
            )
        )
        return scheduled

    return declare


def discover() -> None:
    """Import each installed app's `tasks.py` modules, at any depth, once."""
    global _discovered
    if _discovered:
        return
    root = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        base = Path(config.path).resolve()
        if root not in base.parents:  # the project's apps, not installed packages
            continue
        for folder, dirs, files in os.walk(base):
            dirs[:] = [d for d in dirs if d not in {"migrations", "templates", "static"}]
            if "tasks.py" in files:
                relative = Path(folder).relative_to(base).parts
                importlib.import_module(".".join([config.name, *relative, "tasks"]))
    _discovered = True


def jobs() -> list[Job]:
    """Every declared job, by name."""
    discover()
    return sorted(_jobs.values(), key=lambda job: job.name)


def get(name: str) -> Job | None:
    discover()
    return _jobs.get(name)


# The scheduler ----------------------------------------------------------------------------


def enqueue_slot(name: str, slot: datetime.datetime | None = None) -> JobRun | None:
    """Record the run of `name` for `slot` (now by default) and hand it to the worker;
    None when another scheduler recorded that slot already."""
    slot = (slot or timezone.now()).replace(microsecond=0)
    try:
        with transaction.atomic():
            run = JobRun.objects.create(job=name, slot=slot)
    except IntegrityError:
        logger.info("Job %s: slot %s was enqueued by another scheduler", name, slot)
        return None
    run_job.enqueue(run.pk)
    return run


class EnqueueExecutor(BaseExecutor):
    """APScheduler's executor for Hearth's jobs: in the scheduler's own thread, it enqueues
    each due slot (quick: one insert), the task worker runs it."""

    def _do_submit_job(self, job, run_times):
        events = []
        for run_time in run_times:
            try:
                enqueue_slot(job.args[0], run_time)
            except Exception as exc:  # a database outage: log it, keep scheduling
                logger.exception("Job %s: could not enqueue slot %s", job.args[0], run_time)
                event = JobExecutionEvent(
                    EVENT_JOB_ERROR, job.id, job._jobstore_alias, run_time, exception=exc
                )
            else:
                event = JobExecutionEvent(EVENT_JOB_EXECUTED, job.id, job._jobstore_alias, run_time)
            events.append(event)
        self._run_job_success(job.id, events)


def build_scheduler(
    scheduler_class: type[BaseScheduler] = BlockingScheduler,
    *,
    only: list[str] | None = None,
    crons: dict[str, str] | None = None,
) -> BaseScheduler:
    """An APScheduler scheduler with one cron job per declared job (or those in `only`),
    each cron as declared unless `crons` gives another."""
    crons = crons or {}
    unknown = {name for name in [*(only or []), *crons] if get(name) is None}
    if unknown:
        raise ValueError(f"No scheduled job called {', '.join(sorted(unknown))}.")
    scheduler = scheduler_class(
        executors={"default": EnqueueExecutor()},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
        timezone=ZoneInfo(settings.TIME_ZONE),
    )
    for job in jobs():
        if only and job.name not in only:
            continue
        scheduler.add_job(
            enqueue_slot, job.trigger(crons.get(job.name)), args=[job.name], id=job.name
        )
    return scheduler


# The worker's side ------------------------------------------------------------------------

_CREDENTIALS = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s]+@", re.IGNORECASE)
_SECRET_SETTINGS = ("SECRET_KEY", "EMAIL_HOST_PASSWORD")


def describe_error(exc: BaseException) -> str:
    """The exception's type and message, with the passwords of URLs and of the site's
    secret settings masked (no traceback: it can show local values)."""
    text = _CREDENTIALS.sub(r"\g<scheme>***@", f"{type(exc).__name__}: {exc}")
    for setting in _SECRET_SETTINGS:
        secret = str(getattr(settings, setting, "") or "")
        if len(secret) >= 6:
            text = text.replace(secret, "***")
    return text[:MAX_ERROR]


def _holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def acquire(job: Job, run: JobRun) -> bool:
    """Take `job`'s lock for `run`: free, expired (its holder died), or held by this run
    already (a retry). One conditional UPDATE decides between two processes."""
    now = timezone.now()
    try:
        with transaction.atomic():
            JobLock.objects.get_or_create(job=job.name)
    except IntegrityError:  # another process created it at the same moment
        pass
    expired = JobLock.objects.filter(job=job.name, expires_at__lt=now).exclude(run=run)
    dead = expired.values_list("run_id", flat=True).first()
    taken = (
        JobLock.objects.filter(job=job.name)
        .filter(Q(run__isnull=True) | Q(expires_at__lt=now) | Q(run=run))
        .update(run=run, holder=_holder(), expires_at=now + datetime.timedelta(seconds=job.timeout))
    )
    if taken and dead:  # its process died mid-run: say so in the report
        JobRun.objects.filter(pk=dead, status=JobRun.Status.RUNNING).update(
            status=JobRun.Status.FAILED,
            finished_at=now,
            error="The process running it stopped: its lock expired.",
        )
    return taken == 1


def release(job: Job, run: JobRun) -> None:
    JobLock.objects.filter(job=job.name, run=run).update(run=None, holder="", expires_at=None)


def _finish(run: JobRun, status: str, **fields) -> None:
    fields.update(status=status, finished_at=timezone.now())
    JobRun.objects.filter(pk=run.pk).update(**fields)


@task()
def run_job(run_id: int) -> str:
    """Run one recorded slot of a scheduled job, under its lock; retry it on failure."""
    run = JobRun.objects.filter(pk=run_id).first()
    if run is None or run.status not in (JobRun.Status.QUEUED, JobRun.Status.RETRYING):
        return "gone"
    job = get(run.job)
    if job is None:
        _finish(run, JobRun.Status.FAILED, error=f"No scheduled job called {run.job!r}.")
        return JobRun.Status.FAILED
    if not acquire(job, run):
        holder = JobLock.objects.filter(job=job.name).values_list("run_id", flat=True).first()
        logger.warning("Job %s: skipped slot %s, run %s still runs", job.name, run.slot, holder)
        _finish(run, JobRun.Status.SKIPPED, result=f"run {holder} was still running")
        return JobRun.Status.SKIPPED
    JobRun.objects.filter(pk=run.pk).update(
        status=JobRun.Status.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1
    )
    run.refresh_from_db(fields=["attempts"])
    try:
        outcome = job.task.call()
    except Exception as exc:
        error = describe_error(exc)
        logger.exception(
            "Job %s failed (attempt %d of %d)", job.name, run.attempts, 1 + job.retries
        )
        release(job, run)
        if run.attempts <= job.retries:
            _finish(run, JobRun.Status.RETRYING, error=error)
            _retry(job, run)
            return JobRun.Status.RETRYING
        _finish(run, JobRun.Status.FAILED, error=error)
        return JobRun.Status.FAILED
    release(job, run)
    _finish(run, JobRun.Status.SUCCEEDED, result=str(outcome)[:500], error="")
    JobRun.objects.filter(
        job=job.name,
        slot__lt=run.slot - datetime.timedelta(days=KEEP_DAYS),
        status__in=[JobRun.Status.SUCCEEDED, JobRun.Status.SKIPPED],
    ).delete()
    logger.info("Job %s: slot %s done (%s)", job.name, run.slot, outcome)
    return JobRun.Status.SUCCEEDED


def _retry(job: Job, run: JobRun) -> None:
    """Enqueue the run again after `backoff` * 2^(attempts-1) seconds (at once on a backend
    that cannot defer, such as the tests' immediate one)."""
    retry = run_job
    if retry.get_backend().supports_defer:
        delay = datetime.timedelta(seconds=job.backoff * 2 ** (run.attempts - 1))
        retry = run_job.using(run_after=timezone.now() + delay)
    retry.enqueue(run.pk)
