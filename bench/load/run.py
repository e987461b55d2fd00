"""Load and faults: 200 simulated staff for 5 minutes against gunicorn, nothing lost.

`python -m bench.load.run` (or `make bench-load`) runs the same load against two stacks in one
run, side by side: SQLite (the embedded default) and PostgreSQL with Redis (production's
shape). Each stack gets its own servers, started here in a temporary directory on free
loopback ports (scripts/services.sh with a private folder and owner), a freshly seeded
Hearth, gunicorn and a task worker. Locust drives the staff (bench/load/locustfile.py).

With --faults, while the load runs: a web worker is killed (gunicorn's arbiter replaces it),
the task worker is killed mid-job and restarted as a supervisor would, PostgreSQL is
restarted, and Redis is filled to its memory limit for a while. Failures are then set
against those windows: a 5xx outside a window (plus a short grace) is a defect.

Afterwards every write is accounted for (bench/load/account.py): each comment the server
confirmed exists exactly once, none it refused exists, no notification or email is doubled.
Loopback only; bounded in time (--duration). Nothing here runs in the test suite.
"""

import argparse
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.run import (
    HOST,
    BenchError,
    _no_control_socket,
    free_port,
    log,
    manage,
    stop_gunicorn,
    wait_until_healthy,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "load-test-password"  # noqa: S105 - throwaway accounts in a throwaway database
GRACE_S = 5.0


@dataclass
class Fault:
    name: str
    started: float
    ended: float = 0.0


@dataclass
class Stack:
    name: str
    tmp: Path
    env: dict[str, str]
    port: int
    web: subprocess.Popen | None = None
    worker: subprocess.Popen | None = None
    faults: list[Fault] = field(default_factory=list)
    services_env: dict[str, str] = field(default_factory=dict)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--duration", type=int, default=300, help="seconds of load per stack")
    parser.add_argument("--spawn-rate", type=float, default=10.0)
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--wait", default="2,8", help="think time between actions, min,max s")
    parser.add_argument("--stacks", default="sqlite,postgres")
    parser.add_argument("--faults", action="store_true", help="inject faults while loading")
    return parser.parse_args(argv)


def services(stack: Stack, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["scripts/services.sh", *args],
        cwd=REPO_ROOT,
        env=stack.services_env,
        capture_output=True,
        text=True,
        check=False,
    )


def start_services(stack: Stack) -> None:
    """A PostgreSQL and a Redis of this run's own, so faults never touch anyone else's."""
    stack.services_env = {
        **{k: v for k, v in os.environ.items() if k not in ("CI_POSTGRES_URL", "REDIS_URL")},
        "HEARTH_SERVICES_DIR": str(stack.tmp / "services"),
        "HEARTH_SERVICES_OWNER": f"load-{os.getpid()}",
        "HEARTH_PG_PORT": str(free_port()),
        "HEARTH_REDIS_PORT": str(free_port()),
    }
    result = services(stack, "up", "postgres", "redis")
    if result.returncode:
        raise BenchError(f"could not start the load test's servers:\n{result.stderr}")
    urls = dict(line.split("=", 1) for line in services(stack, "env").stdout.split())
    stack.env["HEARTH_LOAD_DATABASE_URL"] = urls["CI_POSTGRES_URL"] + "/hearth_load"
    stack.env["REDIS_URL"] = urls["REDIS_URL"]
    subprocess.run(
        ["psql", urls["CI_POSTGRES_URL"] + "/postgres", "-q", "-c", "CREATE DATABASE hearth_load"],
        check=True,
        capture_output=True,
    )


def make_stack(name: str, args: argparse.Namespace) -> Stack:
    tmp = Path(tempfile.mkdtemp(prefix=f"hearth-load-{name}-"))
    tmp.chmod(0o755)  # PostgreSQL runs as its own account and must reach its data folder
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.load.settings",
            "HEARTH_BENCH_DB": str(tmp / "hearth.sqlite3"),
            "HEARTH_DEMO_PASSWORD": PASSWORD,
            "HEARTH_POSTS_PER_MINUTE": "6",
            "PYTHONPATH": str(REPO_ROOT),
            "HEARTH_LOAD_PLAN": str(tmp / "plan.json"),
            "HEARTH_LOAD_RESULTS": str(tmp / "results"),
            "HEARTH_LOAD_PASSWORD": PASSWORD,
            "HEARTH_LOAD_WAIT": args.wait,
        }
    )
    (tmp / "results").mkdir()
    stack = Stack(name=name, tmp=tmp, env=env, port=free_port())
    if name == "postgres":
        start_services(stack)
    return stack


def start_web(stack: Stack, workers: int) -> None:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--bind",
        f"{HOST}:{stack.port}",
        "--chdir",
        str(REPO_ROOT),
        "--graceful-timeout",
        "5",
        "--timeout",
        "30",
        *_no_control_socket(),
        "hearth.wsgi:application",
    ]
    log_path = stack.tmp / "gunicorn.log"
    with log_path.open("wb") as out:
        stack.web = subprocess.Popen(
            command, cwd=REPO_ROOT, env=stack.env, stdout=out, stderr=subprocess.STDOUT
        )
    wait_until_healthy(stack.port, stack.web, log_path)


def start_worker(stack: Stack) -> None:
    with (stack.tmp / "worker.log").open("ab") as out:
        stack.worker = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-startup-delay",
                "--no-reload",
                "--queue-name",
                "*",
                "--interval",
                "0.5",
            ],
            cwd=REPO_ROOT,
            env=stack.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def inject_faults(stack: Stack, duration: int, stop: threading.Event) -> None:
    """Each fault at its share of the run; each window ends when the part has recovered."""
    began = time.monotonic()
    plan = [(0.2, kill_web_worker), (0.4, kill_task_worker)]
    if stack.name == "postgres":
        plan += [(0.6, restart_postgres), (0.8, fill_redis)]
    for share, fault in plan:
        if stop.wait(max(0.0, began + share * duration - time.monotonic())):
            return
        record = Fault(fault.__name__.replace("_", " "), time.time())
        log(f"{stack.name}: fault: {record.name}")
        fault(stack)
        record.ended = time.time()
        stack.faults.append(record)


def kill_web_worker(stack: Stack) -> None:
    workers = children(stack.web.pid)
    os.kill(workers[0], signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (
        workers[0] in children(stack.web.pid) or len(children(stack.web.pid)) < len(workers)
    ):
        time.sleep(0.1)


def kill_task_worker(stack: Stack) -> None:
    """SIGKILL, as an out-of-memory kill would; the supervisor restarts it 3 s later."""
    stack.worker.kill()
    stack.worker.wait()
    time.sleep(3)
    start_worker(stack)


def restart_postgres(stack: Stack) -> None:
    """A fast restart: every connection is cut; the site must reconnect by itself."""
    data = stack.tmp / "services" / "postgres"
    binary = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))[-1]
    # -l: the server's output goes to its log, not to a pipe this process would wait on.
    command = [str(binary), "-D", str(data), "-l", str(data / "server.log"), "-m", "fast"]
    command += ["-w", "restart"]
    if os.getuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def fill_redis(stack: Stack, hold_s: float = 15.0) -> None:
    """Redis at its memory limit refuses writes (noeviction) for hold_s, then recovers."""
    url = stack.env["REDIS_URL"]

    def cli(*args: str) -> str:
        return subprocess.run(
            ["redis-cli", "-u", url, *args], capture_output=True, text=True, check=False
        ).stdout.strip()

    used = int(
        next(
            line.split(":")[1]
            for line in cli("info", "memory").splitlines()
            if line.startswith("used_memory:")
        )
    )
    cli("config", "set", "maxmemory-policy", "noeviction")
    cli("config", "set", "maxmemory", str(used + 1_000_000))
    filler = "x" * 10_000
    for number in range(200):
        if "OOM" in cli("set", f"load:fill:{number}", filler):
            break
    time.sleep(hold_s)
    cli(
        "eval",
        "for _,k in ipairs(redis.call('keys','load:fill:*')) do redis.call('del',k) end",
        "0",
    )
    cli("config", "set", "maxmemory", "0")


def run_stack(stack: Stack, args: argparse.Namespace) -> dict:
    log(f"{stack.name}: migrating and seeding the demo in {stack.tmp}")
    manage(stack.env, "migrate", "--no-input")
    manage(stack.env, "seed_demo")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.load.prepare",
            str(args.users),
            PASSWORD,
            stack.env["HEARTH_LOAD_PLAN"],
        ],
        cwd=REPO_ROOT,
        env=stack.env,
        check=True,
    )
    manage(stack.env, "db_worker", "--batch", "--no-startup-delay", "--queue-name", "*")
    start_web(stack, args.web_workers)
    start_worker(stack)
    stop = threading.Event()
    injector = threading.Thread(target=inject_faults, args=(stack, args.duration, stop))
    if args.faults:
        injector.start()
    log(f"{stack.name}: {args.users} staff for {args.duration} s")
    locust = subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(REPO_ROOT / "bench/load/locustfile.py"),
            "--headless",
            "--users",
            str(args.users),
            "--spawn-rate",
            str(args.spawn_rate),
            "--run-time",
            f"{args.duration}s",
            "--host",
            f"http://{HOST}:{stack.port}",
            "--csv",
            str(stack.tmp / "results" / "locust"),
            "--only-summary",
            "--stop-timeout",
            "10",
            "--loglevel",
            "WARNING",
            "--exit-code-on-error",
            "0",
        ],
        cwd=REPO_ROOT,
        env=stack.env,
        capture_output=True,
        text=True,
        check=False,
    )
    stop.set()
    if injector.is_alive():
        injector.join()
    if locust.returncode:
        raise BenchError(f"locust failed:\n{locust.stderr[-3000:]}")
    # Let the worker finish what the load queued, then account for every write.
    stack.worker.terminate()
    stack.worker.wait(timeout=30)
    # No worker runs now: a task still RUNNING is one the killed worker left. Requeue it as
    # `requeue_stalled_tasks` would (after HEARTH_TASK_STALLED_AFTER_MINUTES), then drain.
    requeue = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from core.stalled_tasks import requeue_stalled; print(requeue_stalled())",
        ],
        cwd=REPO_ROOT,
        env={**stack.env, "HEARTH_TASK_STALLED_AFTER_MINUTES": "0"},
        capture_output=True,
        text=True,
        check=True,
    )
    manage(stack.env, "db_worker", "--batch", "--no-startup-delay", "--queue-name", "*")
    stop_gunicorn(stack.web)
    accounting = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.load.account",
            str(stack.tmp / "results"),
            str(stack.tmp / "mail"),
        ],
        cwd=REPO_ROOT,
        env=stack.env,
        capture_output=True,
        text=True,
        check=True,
    )
    return {
        "stats": read_stats(stack.tmp / "results" / "locust_stats.csv"),
        "failures": classify_failures(stack),
        "accounting": json.loads(accounting.stdout),
        "faults": [(f.name, round(f.ended - f.started, 1)) for f in stack.faults],
        "requeued_after_kill": int(requeue.stdout.split()[-1]),
    }


def read_stats(path: Path) -> list[dict]:
    with path.open() as handle:
        return [
            {
                "name": row["Name"],
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50": float(row["50%"] or 0),
                "p95": float(row["95%"] or 0),
            }
            for row in csv.DictReader(handle)
        ]


def classify_failures(stack: Stack) -> dict:
    """Failures inside a fault window (plus grace) are the outage; any other is a defect."""
    failures = [
        json.loads(line)
        for path in (stack.tmp / "results").glob("failures-*.jsonl")
        for line in path.read_text().splitlines()
        if line.strip()
    ]

    def in_window(at: float) -> bool:
        return any(f.started - 1 <= at <= f.ended + GRACE_S for f in stack.faults)

    outside = [f for f in failures if not in_window(f["at"])]
    per_fault = {
        fault.name: sum(fault.started - 1 <= f["at"] <= fault.ended + GRACE_S for f in failures)
        for fault in stack.faults
    }
    server_errors = [f for f in outside if (f["status"] or 0) >= 500 or f["error"]]
    return {
        "total": len(failures),
        "in_fault_windows": len(failures) - len(outside),
        "per_fault": per_fault,
        "outside": len(outside),
        "outside_5xx_or_errors": len(server_errors),
        "examples": outside[:5],
    }


def print_report(results: dict[str, dict]) -> None:
    names = [row["name"] for row in next(iter(results.values()))["stats"]]
    print(
        f"\n{'action':<22}"
        + "".join(f"{s + ' req/s':>16}{s + ' p95 ms':>16}{s + ' fail':>14}" for s in results)
    )
    for name in names:
        line = f"{name:<22}"
        for result in results.values():
            row = next((r for r in result["stats"] if r["name"] == name), None)
            line += (
                f"{row['rps']:>16.1f}{row['p95']:>16.0f}{row['failures']:>14}" if row else " " * 46
            )
        print(line)
    if len(results) == 2:
        first, second = (
            next(r for r in res["stats"] if r["name"] == "Aggregated") for res in results.values()
        )
        print(
            f"\nthroughput ratio {'/'.join(results)}: {first['rps'] / second['rps']:.2f}; "
            f"p95 ratio: {first['p95'] / max(second['p95'], 1):.2f}"
        )
    for stack, result in results.items():
        print(f"\n[{stack}] faults (name, seconds until recovered): {result['faults']}")
        print(f"[{stack}] failures: {json.dumps(result['failures'])}")
        print(f"[{stack}] tasks a killed worker left, run again: {result['requeued_after_kill']}")
        print(f"[{stack}] accounting: {json.dumps(result['accounting'])}")


def main(argv=None) -> int:
    args = parse_args(argv)
    # A timeout or Ctrl-C still stops this run's servers (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    results: dict[str, dict] = {}
    for name in args.stacks.split(","):
        stack = make_stack(name, args)
        try:
            results[name] = run_stack(stack, args)
        except (BenchError, subprocess.CalledProcessError) as error:
            print(f"load: {name}: {error}", file=sys.stderr)
            return 1
        finally:
            for process in (stack.worker, stack.web):
                if process and process.poll() is None:
                    process.kill()
            if stack.services_env:
                services(stack, "down")
            shutil.rmtree(stack.tmp, ignore_errors=True)
    print_report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
