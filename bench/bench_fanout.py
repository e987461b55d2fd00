"""Time one notification task fanning out to 5,000 watchers against a plain bulk insert.

Run from the repository root: `.venv/bin/python bench/bench_fanout.py`. It migrates a
throwaway SQLite database in a temporary directory (settings `bench.settings`, never
db.sqlite3), builds a knowledge page watched by 5,000 people, then times, interleaved in
the same process:

- **baseline**: `Notification.objects.bulk_create` of 5,000 rows (batches of 500), the
  least any fan-out must do;
- **fan-out, no email**: the real `notify_published` task (recipients with the privacy
  filter, one row per person, automatic watches), every watcher on the daily digest;
- **fan-out + 5,000 emails**: the same task with every watcher on immediate email
  (plain text + HTML each, one SMTP connection; Django's locmem backend stands in for the
  mail server, so rendering and building the messages is what is measured).

Absolute times depend on the machine; the ratios to the baseline measured alongside are
the result. Rows are deleted between runs (not timed).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench import site  # noqa: E402
from bench.inprocess import bench_parser, run_on_throwaway_db  # noqa: E402

WATCHERS = 5_000


def build():
    from wagtail.rich_text import RichText

    from community.models import EmailFrequency, NotificationSettings, Watch
    from core.models import User
    from knowledge.models import KnowledgePage
    from tests.factories import publish

    editor = site.editor()
    space = site.knowledge_space("Operations", "operations")
    page = space.add_child(instance=KnowledgePage(title="Expense policy", slug="expenses"))
    revision = publish(
        page,
        editor,
        change_note="Taxi limit raised",
        body=[("paragraph", RichText("<p>Keep your receipts.</p>"))],
    )
    User.objects.bulk_create(
        [
            User(
                username=f"watcher{n}",
                first_name="Wat",
                last_name=f"Cher {n}",
                email=f"watcher{n}@example.com",
            )
            for n in range(WATCHERS)
        ],
        batch_size=1000,
    )
    ids = list(User.objects.filter(username__startswith="watcher").values_list("pk", flat=True))
    Watch.objects.bulk_create([Watch(user_id=pk, page=page) for pk in ids], batch_size=1000)
    NotificationSettings.objects.bulk_create(
        [NotificationSettings(user_id=pk, email_frequency=EmailFrequency.DAILY) for pk in ids],
        batch_size=1000,
    )
    return page, revision, editor, ids


def main() -> int:
    args = bench_parser(__doc__, runs=5).parse_args()
    message = "migrating a throwaway database and building 5,000 watchers..."
    return run_on_throwaway_db("fanout", message, run, args)


def run(args: argparse.Namespace) -> int:
    from django.conf import settings
    from django.core import mail
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from community.models import EmailFrequency, Notification, NotificationSettings
    from community.notifications.tasks import notify_published

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    page, revision, editor, ids = build()

    def baseline():
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=pk,
                    verb="published",
                    actor=editor,
                    page_id=page.pk,
                    detail="Taxi limit raised",
                )
                for pk in ids
            ],
            batch_size=500,
        )

    def fanout():
        return notify_published.call(page.pk, revision.pk)

    def with_email():
        return notify_published.call(page.pk, revision.pk)

    def set_frequency(value):
        NotificationSettings.objects.filter(user_id__in=ids).update(email_frequency=value)

    targets = {
        "baseline bulk_create": (baseline, EmailFrequency.DAILY),
        "fan-out, no email": (fanout, EmailFrequency.DAILY),
        "fan-out + 5,000 emails": (with_email, EmailFrequency.IMMEDIATE),
    }
    times: dict[str, list[float]] = {name: [] for name in targets}
    queries: dict[str, int] = {}
    names = list(targets)
    for round_number in range(args.runs + 1):  # round 0 warms up (templates, imports)
        for name in names if round_number % 2 == 0 else reversed(names):
            func, frequency = targets[name]
            Notification.objects.all().delete()
            set_frequency(frequency)
            mail.outbox = []
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                func()
                elapsed = (time.perf_counter() - began) * 1000
            rows = Notification.objects.count()
            if rows != len(ids):
                print(f"{name}: wrote {rows} rows, expected {len(ids)}", file=sys.stderr)
                return 1
            if name == "fan-out + 5,000 emails" and len(mail.outbox) != len(ids):
                print(f"{name}: sent {len(mail.outbox)} emails", file=sys.stderr)
                return 1
            queries[name] = len(captured)
            if round_number:
                times[name].append(elapsed)

    base = min(times["baseline bulk_create"])
    print(f"One task, {len(ids):,} watchers ({args.runs} runs, best and median in ms)\n")
    print(f"{'target':<26} {'best':>9} {'median':>9} {'queries':>8} {'x baseline':>11}")
    for name in names:
        best, median = min(times[name]), statistics.median(times[name])
        print(f"{name:<26} {best:>9.1f} {median:>9.1f} {queries[name]:>8} {best / base:>11.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
