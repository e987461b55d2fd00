"""Benchmark Hearth's hot pages against bare Django views, side by side (issue 19).

Absolute requests/s depend on the machine and on whatever else it is doing, so a number
taken today cannot be compared with one taken last week. Every target is therefore served
with the same gunicorn settings (2 sync workers), measured in the same run and interleaved
round by round, so noise hits all alike; the headline is each page's ratio to a bare view:

- `minimal`: a minimal Django app with no middleware (bench/minimal/, its own gunicorn);
- `bare+mw`: a bare view behind Hearth's middleware and URL resolver (bench/urls.py);
- Hearth's pages, signed in as the demo employee: a knowledge page with 50 comments and 20
  shared annotations (built by bench/pages.py with the community services), the home page,
  a space page, the search page and a vision statement page.

Beside the HTTP figures it prints each page's SQL queries and HTML bytes (one warm request
in-process) and times posting a comment against reading the knowledge page.

Run from the repository root: `.venv/bin/python bench/run.py` (or `make bench`).
Only the standard library is used on the client side, so the load generator adds no
dependencies and behaves the same everywhere.
"""

import argparse
import contextlib
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
DEMO_USER = "employee"
PAGES = ("knowledge", "home", "space", "search", "vision")
MINIMAL = "minimal"
BARE = "bare+mw"
# Issue 19's targets: (least throughput as a share of the minimal app's, most queries).
KNOWLEDGE_TARGET = (0.08, 12)
PAGE_TARGET = (0.066, 12)
KNOWLEDGE_MAX_BYTES = 60 * 1024
POST_TARGET = 2.0

sys.path.insert(0, str(REPO_ROOT))
from bench import pages  # noqa: E402  (its Django imports wait until setup_django)


class BenchError(Exception):
    """A failure with a message meant for the person running the benchmark, not a trace."""


@dataclass(frozen=True)
class Target:
    """One URL to measure on one server; every target is sent the same headers (the session
    cookie included), so only the view and what stands in front of it differ."""

    name: str
    path: str
    port: int
    marker: str = ""  # text a 200 must contain for the page to count as itself


@dataclass
class Sample:
    """Latencies and wall time of one target, summed over every round."""

    latencies_s: list[float] = field(default_factory=list)
    elapsed_s: float = 0.0
    errors: int = 0
    first_error: str = ""
    per_round_rps: list[float] = field(default_factory=list)
    body_bytes: int = 0  # the size of the last response's body, as sent

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
    """The defaults take about four minutes, setup included; raise --rounds when noisy."""
    parser = argparse.ArgumentParser(
        description="Benchmark Hearth's pages against bare Django views (prints the ratios)."
    )
    parser.add_argument(
        "--seconds",
        type=_positive_float,
        default=5.0,
        help="seconds of requests per target per round",
    )
    parser.add_argument("--rounds", type=_positive_int, default=3, help="interleaved rounds")
    parser.add_argument(
        "--concurrency", type=_positive_int, default=4, help="concurrent client threads"
    )
    parser.add_argument(
        "--warmup", type=_positive_float, default=1.0, help="unmeasured seconds per target first"
    )
    parser.add_argument(
        "--pages",
        type=_page_list,
        default=list(PAGES),
        help=f"comma-separated Hearth pages to measure (default: {','.join(PAGES)})",
    )
    parser.add_argument(
        "--posts",
        type=int,
        default=pages.POSTS,
        help="comment posts (and reads) to time; 0 skips (needs the knowledge page)",
    )
    parser.add_argument(
        "--profile",
        choices=(*PAGES, BARE),
        metavar="PAGE",
        help=f"instead of benchmarking, print one request's queries and cProfile top 25 "
        f"(a page, or {BARE})",
    )
    return parser.parse_args(argv)


def _page_list(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in PAGES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown page {', '.join(unknown) or '(none)'}; choose from {','.join(PAGES)}"
        )
    return names


def _positive_float(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, got {value}")
    return number


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


def start_gunicorn(
    port: int, env: dict[str, str], log_path: Path, app: str = "hearth.wsgi:application"
) -> subprocess.Popen[bytes]:
    """Serve a WSGI entry point (Hearth's real one by default) the way production does."""
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
        app,
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


def check_page(target: Target, headers: dict[str, str]) -> None:
    """Refuse to time an error or sign-in page: measure the real page or nothing."""
    conn = http.client.HTTPConnection(HOST, target.port, timeout=REQUEST_TIMEOUT_S)
    try:
        conn.request("GET", target.path, headers=headers)
        response = conn.getresponse()
        page = response.read().decode("utf-8", errors="replace")
    finally:
        conn.close()
    if response.status != 200 or target.marker not in page:
        location = response.getheader("Location")
        raise BenchError(
            f"{target.name} ({target.path}) answered {response.status}"
            + (f" (redirect to {location})" if location else "")
            + f" and {'contains' if target.marker in page else 'does not contain'} "
            f"{target.marker!r}; not benchmarking something other than the signed-in page."
        )


def run_batch(target: Target, headers: dict[str, str], seconds: float, concurrency: int) -> Sample:
    """Send GETs from `concurrency` threads, each with its own connection, for `seconds`.

    A fixed time rather than a fixed count gives a bare view (thousands of requests a
    second) and a heavy page (tens) a sample of the same length of the same noise.
    """
    sample = Sample()
    lock = threading.Lock()
    start = threading.Barrier(concurrency + 1)
    deadline = [0.0]

    def worker() -> None:
        conn = http.client.HTTPConnection(HOST, target.port, timeout=REQUEST_TIMEOUT_S)
        latencies: list[float] = []
        size = 0
        start.wait()
        try:
            while time.perf_counter() < deadline[0]:
                began = time.perf_counter()
                try:
                    conn.request("GET", target.path, headers=headers)
                    response = conn.getresponse()
                    size = len(response.read())
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
                sample.body_bytes = size or sample.body_bytes

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + seconds
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join()
    sample.elapsed_s = time.perf_counter() - began
    return sample


def measure(
    targets: Sequence[Target], headers: dict[str, str], args: argparse.Namespace
) -> dict[str, Sample]:
    """Warm up, then interleave: each round runs every target, alternating the order."""
    for target in targets:
        run_batch(target, headers, args.warmup, args.concurrency)

    totals = {target.name: Sample() for target in targets}
    for round_number in range(args.rounds):
        order = targets if round_number % 2 == 0 else list(reversed(targets))
        for target in order:
            batch = run_batch(target, headers, args.seconds, args.concurrency)
            total = totals[target.name]
            total.latencies_s.extend(batch.latencies_s)
            total.elapsed_s += batch.elapsed_s
            total.errors += batch.errors
            total.first_error = total.first_error or batch.first_error
            total.per_round_rps.append(batch.requests_per_s)
            total.body_bytes = batch.body_bytes or total.body_bytes
        log(f"round {round_number + 1}/{args.rounds} done")
    return totals


@dataclass
class Results:
    """What one run measured: HTTP samples per target, in-process costs, posting timing."""

    targets: list[Target]
    totals: dict[str, Sample]
    costs: dict[str, pages.PageCost]
    posting_ms: tuple[float, float] | None = None  # (median post, median read)


def _issue_targets(name: str, sample: Sample, cost: pages.PageCost, minimal: float) -> str:
    """What issue 19 asks of this page that this run missed, or "met"."""
    least, most_queries = KNOWLEDGE_TARGET if name == "knowledge" else PAGE_TARGET
    missed = []
    if _ratio(sample.requests_per_s, minimal) < least:
        missed.append(f">={least}x")
    if cost.queries > most_queries:
        missed.append(f"<={most_queries} q")
    if name == "knowledge" and cost.html_bytes > KNOWLEDGE_MAX_BYTES:
        missed.append(f"<={KNOWLEDGE_MAX_BYTES // 1024} KB")
    return "met" if not missed else "missed " + ", ".join(missed)


def report(results: Results, args: argparse.Namespace) -> None:
    """One table; the ratios, not the absolute figures, are what to compare between runs."""
    totals = results.totals
    minimal, bare = totals[MINIMAL], totals[BARE]
    print(
        f"gunicorn {WORKERS} sync workers per server; {args.concurrency} client threads; "
        f"{args.rounds} rounds x {args.seconds:g} s per target, interleaved; SQLite, DEBUG off"
    )
    print()
    path_width = max(len(target.path) for target in results.targets)
    header = (
        f"{'target':<9} {'path':<{path_width}} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'queries':>7} {'KB html':>7} {'x minimal':>9} {'(rounds)':>13} {'x bare+mw':>9}  "
        "issue 19"
    )
    print(header)
    print("-" * len(header))
    for target in results.targets:
        sample = totals[target.name]
        cost = results.costs.get(target.name, pages.PageCost(0, 0))  # minimal: no database
        rounds = [
            _ratio(t, m) for t, m in zip(sample.per_round_rps, minimal.per_round_rps, strict=True)
        ]
        print(
            f"{target.name:<9} {target.path:<{path_width}} {sample.requests_per_s:>8.1f} "
            f"{sample.percentile_ms(50):>7.2f} {sample.percentile_ms(99):>7.2f} "
            f"{cost.queries:>7} {sample.body_bytes / 1024:>7.1f} "
            f"{_ratio(sample.requests_per_s, minimal.requests_per_s):>9.4f} "
            f"{f'{min(rounds):.4f}-{max(rounds):.4f}':>13} "
            f"{_ratio(sample.requests_per_s, bare.requests_per_s):>9.4f}  "
            + (
                _issue_targets(target.name, sample, cost, minimal.requests_per_s)
                if target.name in PAGES
                else ""
            )
        )
    print()
    print(
        "x minimal / x bare+mw: the page's requests/s as a share of the minimal Django app's "
        "(no middleware) and of the bare view behind Hearth's middleware; (rounds): lowest "
        "and highest per round. Queries: one warm request in-process; KB html: as sent."
    )
    if results.posting_ms:
        post, read = results.posting_ms
        ratio = _ratio(post, read)
        verdict = "met" if ratio <= POST_TARGET else "MISSED"
        print(
            f"posting a comment (median of {args.posts}, in-process): {post:.1f} ms; reading "
            f"the knowledge page: {read:.1f} ms; a post costs {ratio:.2f} reads "
            f"(issue 19: <= {POST_TARGET:g}, {verdict})"
        )


def _ratio(numerator: float, denominator: float) -> float:
    """NaN rather than a crash when every request to a target failed, so the table still prints."""
    return numerator / denominator if denominator else float("nan")


def prepare(env: dict[str, str], db_path: Path, args: argparse.Namespace):
    """Seed the demo, build the knowledge page and find the other pages (in this process,
    on the same database the servers will use); returns the pages and a signed-in client."""
    log("migrating and seeding a fresh database (a minute or two)")
    manage(env, "migrate", "--no-input")
    manage(env, "seed_demo")
    log("building the knowledge page: 50 comments, reactions, 20 shared annotations")
    pages.setup_django(db_path)
    from core.models import User

    client = pages.signed_in_client(DEMO_USER)
    try:
        page = pages.build_knowledge_page(User.objects.get(username=DEMO_USER), client)
        found = pages.find_targets(page)
        search = next(target for target in found if target.name == "search")
        pages.check_search_has_results(client, search)
    except pages.PageProblem as error:
        raise BenchError(str(error)) from error
    return page, found, client


def serve_and_measure(
    env: dict[str, str], tmp_dir: Path, chosen: list[pages.PageTarget], args: argparse.Namespace
) -> tuple[list[Target], dict[str, Sample]]:
    """Start Hearth's gunicorn and the minimal app's, sign in, check, and measure."""
    from django.db import connections

    connections.close_all()  # the servers get the database to themselves while measured
    password = os.environ.get("HEARTH_DEMO_PASSWORD", "hearth-demo")
    hearth_port, minimal_port = free_port(), free_port()
    log(f"starting gunicorn ({WORKERS} sync workers each): Hearth on {hearth_port}, "
        f"the minimal app on {minimal_port}")  # fmt: skip
    with contextlib.ExitStack() as servers:
        for port, app, name in (
            (hearth_port, "hearth.wsgi:application", "hearth"),
            (minimal_port, "bench.minimal.wsgi:application", "minimal"),
        ):
            server_env = dict(env)
            if name == "minimal":  # its own settings: no apps, no middleware, no database
                server_env["DJANGO_SETTINGS_MODULE"] = "bench.minimal.settings"
            log_path = tmp_dir / f"gunicorn-{name}.log"
            server = start_gunicorn(port, server_env, log_path, app)
            servers.callback(stop_gunicorn, server)
            wait_until_healthy(port, server, log_path)
        headers = {"Cookie": f"sessionid={sign_in(hearth_port, DEMO_USER, password)}"}
        targets = [
            Target(MINIMAL, "/bench/bare/", minimal_port, "ok"),
            Target(BARE, "/bench/bare/", hearth_port, "ok"),
            *(Target(p.name, p.path, hearth_port, p.marker) for p in chosen),
        ]
        for target in targets:
            check_page(target, headers)
        log(f"warming up, then {args.rounds} rounds of {len(targets)} targets")
        return targets, measure(targets, headers, args)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    # Turn `kill` into SystemExit so the finally blocks below still stop gunicorn.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    with tempfile.TemporaryDirectory(prefix="hearth-bench-") as tmp:
        tmp_dir = Path(tmp)
        db_path = tmp_dir / "bench.sqlite3"
        env = bench_env(db_path)
        try:
            page, found, client = prepare(env, db_path, args)
            bare = pages.PageTarget(BARE, "/bench/bare/", "ok")
            if args.profile:
                target = next(t for t in [bare, *found] if t.name == args.profile)
                print(pages.profile(client, target))
                return 0
            chosen = [target for target in found if target.name in args.pages]
            costs = {target.name: pages.cost(client, target) for target in [bare, *chosen]}
            targets, totals = serve_and_measure(env, tmp_dir, chosen, args)
            results = Results(targets, totals, costs)
            if args.posts > 0 and "knowledge" in args.pages:
                log(f"timing {args.posts} comment posts against {args.posts} reads")
                results.posting_ms = pages.posting_vs_reading(client, page, args.posts)
        except (BenchError, pages.PageProblem) as error:
            print(f"bench: error: {error}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:  # gunicorn is already stopped; no traceback for Ctrl-C
            print("bench: interrupted", file=sys.stderr)
            return 130

    report(results, args)
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
