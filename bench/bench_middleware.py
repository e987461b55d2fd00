"""What every request costs before the view runs: Hearth's middleware, one by one (issue 19).

Run from the repository root: `.venv/bin/python bench/bench_middleware.py`. It migrates a
throwaway SQLite database in a temporary directory (settings `bench.settings`, never
db.sqlite3), signs a person in through the real sign-in form, and then calls Django's WSGI
handler in-process (what gunicorn calls, without the socket) for `/bench/bare/` with that
session cookie, as `bench/run.py`'s `bare+mw` target does:

- **per middleware**: a timing layer (bench/middleware_timing.py) sits before each
  middleware; a middleware's own time is its layer's less the next one's. Work a
  middleware sets off lazily (the session read, the user load) is counted where it is
  first asked for; `process_view` hooks run inside the last layer ("view + process_view");
- **total**: microseconds per request with Hearth's stack, against a handler with no
  middleware in the same process (interleaved, median of `--runs` batches);
- **queries**: the SQL one warm signed-in request runs;
- `--profile`: a cProfile of `--requests` requests instead.

The request log line is written (to /dev/null, as a file stands in for gunicorn's stdout),
so its formatting is measured; absolute figures move with the machine's load, compare
within one run.
"""

import cProfile
import io
import logging
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench import middleware_timing, site  # noqa: E402
from bench.inprocess import bench_parser, run_on_throwaway_db  # noqa: E402

PATH = "/bench/bare/"
HOST = "127.0.0.1"
PASSWORD = "bench-middleware-1"  # noqa: S105


def sign_in() -> str:
    """A person signs in through the real form; returns the session cookie's value."""
    from django.conf import settings
    from django.test import Client

    user = site.person("mw-reader", "Mia", "Reader", groups=("Employees",))
    user.set_password(PASSWORD)
    user.save()
    client = Client(HTTP_HOST=HOST, REMOTE_ADDR="127.0.0.1")
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    if response.status_code != 302:
        raise SystemExit(f"sign-in answered {response.status_code}, expected a redirect")
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def handler(middleware: list[str]):
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.utils import override_settings

    with override_settings(MIDDLEWARE=middleware):
        return WSGIHandler()


def environ(session: str) -> dict:
    from django.test import RequestFactory

    factory = RequestFactory()
    return factory._base_environ(
        PATH_INFO=PATH,
        REQUEST_METHOD="GET",
        HTTP_COOKIE=f"sessionid={session}",
        HTTP_HOST=HOST,
        REMOTE_ADDR="127.0.0.1",
    )


def call(app, env: dict) -> int:
    statuses = []
    result = app(dict(env), lambda status, headers: statuses.append(status))
    for _ in result:
        pass
    result.close()
    if not statuses or not statuses[0].startswith("200"):
        raise SystemExit(f"{PATH} answered {statuses}, expected 200")
    return len(statuses)


def per_middleware(env: dict, requests: int) -> list[tuple[str, float]]:
    """(middleware, µs per request of its own) in settings order, plus the view's."""
    from django.conf import settings

    names = list(settings.MIDDLEWARE)
    layered = []
    for index, name in enumerate(names):
        layered += [f"bench.middleware_timing.Layer{index}", name]
    layered.append(f"bench.middleware_timing.Layer{len(names)}")
    app = handler(layered)
    for _ in range(50):
        call(app, env)
    middleware_timing.reset()
    for _ in range(requests):
        call(app, env)
    totals = middleware_timing.totals
    own = [
        (name.rsplit(".", 1)[-1], (totals[i] - totals[i + 1]) / requests * 1e6)
        for i, name in enumerate(names)
    ]
    own.append(("view + process_view hooks", totals[len(names)] / requests * 1e6))
    return own


def total(env: dict, requests: int, runs: int) -> dict[str, float]:
    """Median µs per request over `runs` batches, Hearth's stack and none, interleaved."""
    from django.conf import settings

    apps = {"no middleware": handler([]), "Hearth's middleware": handler(settings.MIDDLEWARE)}
    times: dict[str, list[float]] = {name: [] for name in apps}
    for app in apps.values():
        for _ in range(50):
            call(app, env)
    for round_number in range(runs):
        order = list(apps) if round_number % 2 == 0 else list(reversed(apps))
        for name in order:
            began = time.perf_counter()
            for _ in range(requests):
                call(apps[name], env)
            times[name].append((time.perf_counter() - began) / requests * 1e6)
    return {name: statistics.median(values) for name, values in times.items()}


def queries(env: dict) -> list[str]:
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    app = handler(settings.MIDDLEWARE)
    call(app, env)
    with CaptureQueriesContext(connection) as captured:
        call(app, env)
    return [query["sql"] for query in captured.captured_queries]


def profile(env: dict, requests: int) -> str:
    from django.conf import settings

    app = handler(settings.MIDDLEWARE)
    call(app, env)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        call(app, env)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(40)
    return out.getvalue()


def run(args) -> int:
    # The request log goes where gunicorn's stdout would: a file (here /dev/null).
    sink = open(os.devnull, "w")  # noqa: SIM115
    for handler_ in logging.getLogger().handlers:
        if isinstance(handler_, logging.StreamHandler):
            handler_.setStream(sink)
    env = environ(sign_in())
    if args.profile:
        print(profile(env, args.requests))
        return 0
    sql = queries(env)
    print(f"{PATH}, signed in: {len(sql)} queries per request")
    for statement in sql:
        print(f"  {statement[:150]}")
    print(f"\nown time per middleware (µs per request, {args.requests} requests)")
    rows = per_middleware(env, args.requests)
    for name, micros in rows:
        print(f"  {name:<40} {micros:8.1f}")
    print(f"  {'sum':<40} {sum(m for _, m in rows):8.1f}")
    print(f"\ntotal (µs per request, median of {args.runs} batches of {args.requests})")
    for name, micros in total(env, args.requests, args.runs).items():
        print(f"  {name:<40} {micros:8.1f}")
    return 0


def main() -> int:
    parser = bench_parser(__doc__, runs=5)
    parser.add_argument("--requests", type=int, default=2000, help="requests per batch")
    parser.add_argument("--profile", action="store_true", help="print a cProfile instead")
    args = parser.parse_args()
    return run_on_throwaway_db("middleware", "bench: migrating a throwaway database", run, args)


if __name__ == "__main__":
    sys.exit(main())
