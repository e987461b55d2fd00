"""Benchmark the Hearth home page against a bare Django view, side by side.

Absolute requests/s depend on the machine and on whatever else it is doing, so a number
taken today cannot be compared with one taken last week. Both targets are therefore served
by the same gunicorn (2 sync workers), measured in the same run and interleaved round by
round, so noise hits both alike; the headline is the ratio Hearth/bare.

Run from the repository root: `.venv/bin/python bench/run.py` (or `make bench`).
Only the standard library is used on the client side, so the load generator adds no
dependencies and behaves the same everywhere.
"""

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
WORKERS = 2
STARTUP_TIMEOUT_S = 60.0
REQUEST_TIMEOUT_S = 30.0
HOME_MARKER = "Latest updates"
DEMO_USER = "employee"


class BenchError(Exception):
    """A failure with a message meant for the person running the benchmark, not a trace."""


@dataclass(frozen=True)
class Target:
    """One URL to measure; both targets are sent the same headers so only the view differs."""

    name: str
    path: str


@dataclass
class Sample:
    """Latencies and wall time of one target, summed over every round."""

    latencies_s: list[float] = field(default_factory=list)
    elapsed_s: float = 0.0
    errors: int = 0
    first_error: str = ""
    per_round_rps: list[float] = field(default_factory=list)

    @property
    def requests_per_s(self) -> float:
        return len(self.latencies_s) / self.elapsed_s if self.elapsed_s else 0.0

    def percentile_ms(self, pct: int) -> float:
        """Inclusive quantiles so small runs (a few hundred requests) still give a p99."""
        if len(self.latencies_s) < 2:
            return self.latencies_s[0] * 1000 if self.latencies_s else float("nan")
        cuts = statistics.quantiles(self.latencies_s, n=100, method="inclusive")
        return cuts[pct - 1] * 1000


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The defaults take under a minute, setup included; raise --rounds on a noisy machine."""
    parser = argparse.ArgumentParser(
        description="Benchmark the Hearth home page against a bare Django view (prints the ratio)."
    )
    parser.add_argument(
        "--requests", type=_positive_int, default=300, help="requests per target per round"
    )
    parser.add_argument("--rounds", type=_positive_int, default=5, help="interleaved rounds")
    parser.add_argument(
        "--concurrency", type=_positive_int, default=4, help="concurrent client threads"
    )
    parser.add_argument(
        "--warmup", type=_positive_int, default=100, help="unmeasured requests per target first"
    )
    return parser.parse_args(argv)


def _positive_int(value: str) -> int:
    """Zero requests, rounds or threads would divide by zero later; refuse them up front."""
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return number


def log(message: str) -> None:
    """Progress goes to stderr so stdout carries only the results table."""
    print(f"bench: {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    """Let the kernel pick an unused port, so runs never collide with `make run` on 8000."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def bench_env(db_path: Path) -> dict[str, str]:
    """The environment for manage.py and gunicorn: bench settings, the throwaway database."""
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    env["HEARTH_BENCH_DB"] = str(db_path)
    existing = env.get("PYTHONPATH")
    env["PYTHONPATH"] = os.pathsep.join([str(REPO_ROOT), *([existing] if existing else [])])
    return env


def manage(env: dict[str, str], *args: str) -> None:
    """Run a management command; its output is shown only if it fails, to keep runs quiet."""
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BenchError(
            f"`manage.py {' '.join(args)}` failed with exit code {result.returncode}:\n"
            f"{result.stdout}{result.stderr}"
        )


def start_gunicorn(port: int, env: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    """Serve the real WSGI entry point (hearth.wsgi) the way production does, with gunicorn."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(WORKERS),
        "--worker-class",
        "sync",
        "--bind",
        f"{HOST}:{port}",
        "--chdir",
        str(REPO_ROOT),
        "--graceful-timeout",
        "5",
        *_no_control_socket(),
        "hearth.wsgi:application",
    ]
    with log_path.open("wb") as log_file:
        return subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )


def _no_control_socket() -> list[str]:
    """Newer gunicorn (27 here) opens a control socket at ~/.gunicorn/gunicorn.ctl by default.

    The benchmark does not need it, should not write outside its temporary directory, and
    must not fight over that one path with another gunicorn running on the machine; older
    versions lack the option, so it is only passed when the installed gunicorn knows it.
    """
    from gunicorn.config import KNOWN_SETTINGS

    known = {setting.name for setting in KNOWN_SETTINGS}
    return ["--no-control-socket"] if "control_socket_disable" in known else []


def stop_gunicorn(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM lets the arbiter stop its workers; SIGKILL only if it does not within 15s."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def tail(path: Path, lines: int = 30) -> str:
    """The end of gunicorn's log, where the reason it failed to start usually is."""
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def wait_until_healthy(port: int, process: subprocess.Popen[bytes], log_path: Path) -> None:
    """Poll /healthz: a started process is not yet a server that answers requests."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    last_problem = "no answer yet"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(
                f"gunicorn exited with code {process.returncode} before it answered.\n"
                f"Last lines of its log:\n{tail(log_path)}"
            )
        conn = http.client.HTTPConnection(HOST, port, timeout=2)
        try:
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                return
            last_problem = f"/healthz answered {response.status}"
        except OSError as error:
            last_problem = str(error) or type(error).__name__
        finally:
            conn.close()
        time.sleep(0.2)
    raise BenchError(
        f"gunicorn did not answer 200 on /healthz within {STARTUP_TIMEOUT_S:.0f}s "
        f"({last_problem}).\nLast lines of its log:\n{tail(log_path)}"
    )


class _CsrfInputParser(HTMLParser):
    """Finds the csrfmiddlewaretoken hidden input whatever the order of its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.token: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "input" and values.get("name") == "csrfmiddlewaretoken":
            self.token = values.get("value")


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    """Cookies set by a response; SimpleCookie copes with the attributes Django adds."""
    jar: SimpleCookie = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def sign_in(port: int, username: str, password: str) -> str:
    """Sign in through the real form, as a person would, and return the session id."""
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
    try:
        conn.request("GET", "/accounts/login/")
        response = conn.getresponse()
        page = response.read().decode("utf-8", errors="replace")
        if response.status != 200:
            raise BenchError(f"GET /accounts/login/ answered {response.status}, expected 200.")
        csrf_cookie = _cookies(response).get("csrftoken")
        parser = _CsrfInputParser()
        parser.feed(page)
        if not csrf_cookie or not parser.token:
            raise BenchError("The sign-in page set no csrftoken cookie or has no CSRF input.")

        body = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": parser.token}
        )
        conn.request(
            "POST",
            "/accounts/login/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf_cookie}",
                "Referer": f"http://{HOST}:{port}/accounts/login/",
            },
        )
        response = conn.getresponse()
        response.read()
        session_id = _cookies(response).get("sessionid")
        if response.status != 302 or not session_id:
            raise BenchError(
                f"Signing in as {username!r} failed (POST answered {response.status}, "
                f"session cookie {'set' if session_id else 'missing'}). Is "
                "HEARTH_DEMO_PASSWORD the password seed_demo used?"
            )
        return session_id
    finally:
        conn.close()


def check_home(port: int, headers: dict[str, str]) -> None:
    """Refuse to time an error or sign-in page: measure the real page or nothing."""
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
    try:
        conn.request("GET", "/", headers=headers)
        response = conn.getresponse()
        page = response.read().decode("utf-8", errors="replace")
    finally:
        conn.close()
    if response.status != 200 or HOME_MARKER not in page:
        location = response.getheader("Location")
        raise BenchError(
            f"The home page answered {response.status}"
            + (f" (redirect to {location})" if location else "")
            + f" and {'contains' if HOME_MARKER in page else 'does not contain'} "
            f"{HOME_MARKER!r}; not benchmarking something other than the signed-in home page."
        )


def run_batch(
    port: int, target: Target, headers: dict[str, str], requests: int, concurrency: int
) -> Sample:
    """Send `requests` GETs from `concurrency` threads, each with its own connection.

    Threads take work from a shared counter rather than fixed shares, so a slow thread does
    not leave the others idle at the end and stretch the wall time.
    """
    sample = Sample()
    lock = threading.Lock()
    remaining = [requests]
    start = threading.Barrier(concurrency + 1)

    def worker() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
        latencies: list[float] = []
        start.wait()
        try:
            while True:
                with lock:
                    if remaining[0] == 0:
                        break
                    remaining[0] -= 1
                began = time.perf_counter()
                try:
                    conn.request("GET", target.path, headers=headers)
                    response = conn.getresponse()
                    response.read()
                    problem = "" if response.status == 200 else f"HTTP {response.status}"
                except (OSError, http.client.HTTPException) as error:
                    conn.close()  # the next request reconnects
                    problem = f"{type(error).__name__}: {error}"
                elapsed = time.perf_counter() - began
                if problem:
                    with lock:
                        sample.errors += 1
                        sample.first_error = sample.first_error or problem
                else:
                    latencies.append(elapsed)
        finally:
            conn.close()
            with lock:
                sample.latencies_s.extend(latencies)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    sample.elapsed_s = time.perf_counter() - began
    return sample


def measure(
    port: int, targets: Sequence[Target], headers: dict[str, str], args: argparse.Namespace
) -> dict[str, Sample]:
    """Warm up, then interleave: each round runs every target, alternating which goes first."""
    for target in targets:
        run_batch(port, target, headers, args.warmup, args.concurrency)

    totals = {target.name: Sample() for target in targets}
    for round_number in range(args.rounds):
        order = targets if round_number % 2 == 0 else list(reversed(targets))
        for target in order:
            batch = run_batch(port, target, headers, args.requests, args.concurrency)
            total = totals[target.name]
            total.latencies_s.extend(batch.latencies_s)
            total.elapsed_s += batch.elapsed_s
            total.errors += batch.errors
            total.first_error = total.first_error or batch.first_error
            total.per_round_rps.append(batch.requests_per_s)
        log(f"round {round_number + 1}/{args.rounds} done")
    return totals


def report(
    targets: Sequence[Target], totals: dict[str, Sample], args: argparse.Namespace, port: int
) -> None:
    """The table gives context; the ratios are what to compare between runs and machines."""
    print(
        f"gunicorn {WORKERS} sync workers on {HOST}:{port}; {args.concurrency} client threads; "
        f"{args.rounds} rounds x {args.requests} requests per target, interleaved"
    )
    print()
    print(f"{'target':<8} {'path':<14} {'requests':>8} {'errors':>6} {'req/s':>8} "
          f"{'p50 ms':>8} {'p99 ms':>8}")  # fmt: skip
    for target in targets:
        sample = totals[target.name]
        print(
            f"{target.name:<8} {target.path:<14} {len(sample.latencies_s):>8} "
            f"{sample.errors:>6} {sample.requests_per_s:>8.1f} "
            f"{sample.percentile_ms(50):>8.2f} {sample.percentile_ms(99):>8.2f}"
        )
    hearth, bare = (totals[target.name] for target in targets)
    per_round = [
        _ratio(h, b) for h, b in zip(hearth.per_round_rps, bare.per_round_rps, strict=True)
    ]
    print()
    print(
        f"throughput  Hearth/bare: {_ratio(hearth.requests_per_s, bare.requests_per_s):.3f}  "
        f"(per round {min(per_round):.3f} to {max(per_round):.3f})"
    )
    print(
        f"p50 latency Hearth/bare: {_ratio(hearth.percentile_ms(50), bare.percentile_ms(50)):.2f}"
    )


def _ratio(numerator: float, denominator: float) -> float:
    """NaN rather than a crash when every request to a target failed, so the table still prints."""
    return numerator / denominator if denominator else float("nan")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    password = os.environ.get("HEARTH_DEMO_PASSWORD", "hearth-demo")
    # Turn `kill` into SystemExit so the finally blocks below still stop gunicorn.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    with tempfile.TemporaryDirectory(prefix="hearth-bench-") as tmp:
        tmp_dir = Path(tmp)
        env = bench_env(tmp_dir / "bench.sqlite3")
        log_path = tmp_dir / "gunicorn.log"
        try:
            log("migrating and seeding a fresh database")
            manage(env, "migrate", "--no-input")
            manage(env, "seed_demo")

            port = free_port()
            log(f"starting gunicorn with {WORKERS} sync workers on {HOST}:{port}")
            server = start_gunicorn(port, env, log_path)
            try:
                wait_until_healthy(port, server, log_path)
                headers = {"Cookie": f"sessionid={sign_in(port, DEMO_USER, password)}"}
                check_home(port, headers)
                targets = [Target("hearth", "/"), Target("bare", "/bench/bare/")]
                log(f"warming up, then {args.rounds} rounds")
                totals = measure(port, targets, headers, args)
            finally:
                stop_gunicorn(server)
        except BenchError as error:
            print(f"bench: error: {error}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:  # gunicorn is already stopped; no traceback for Ctrl-C
            print("bench: interrupted", file=sys.stderr)
            return 130

    report(targets, totals, args, port)
    failed = {name: sample for name, sample in totals.items() if sample.errors}
    if failed:
        for name, sample in failed.items():
            print(
                f"bench: error: {sample.errors} failed requests to {name} "
                f"(first: {sample.first_error}); the numbers above are not trustworthy.",
                file=sys.stderr,
            )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
