"""Time the people directory and the expert finder over 10,000 people, in-process.

Run from the repository root: `.venv/bin/python bench/bench_people.py`. It migrates a
throwaway SQLite database in a temporary directory (settings `bench.settings`), then builds
10,000 people in 20 departments and 8 locations, each with 2 to 5 expertise tags from a
pool of 300 (a few topics are common, most are rare, as in a real company), managers
forming a tree, and a wiki of 1,500 tagged knowledge pages with owners, verifications and
shared annotations (the expert finder's evidence).

It measures, side by side and interleaved (the best of several runs), through Django's test
client as a signed-in employee:

- the directory filtered by a common expertise tag (`/people/?expertise=…`);
- the directory unfiltered, and searched by name;
- the expert finder for a common tag (`/people/experts/?topic=…`);
- `search.experts.services.rank_experts` on its own (what the Q&A routing calls);

against a baseline: a bare `SELECT COUNT(*)` on the profile table. Target: the filtered
directory and the expert finder each answer in under 200 ms. It prints the ratios to the
baseline and the absolute milliseconds, the SQL query count of each page, and SQLite's
query plan for the queries that could scan.
"""

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench import site  # noqa: E402
from bench.inprocess import (  # noqa: E402
    bench_parser,
    run_on_throwaway_db,
    setup_django,
    time_interleaved,
)

PEOPLE = 10_000
TOPICS = 300
DEPARTMENTS = 20
LOCATIONS = 8
PAGES = 1_500
TARGET_MS = 200.0


def build(seed: int, people_count: int):
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from taggit.models import Tag

    from community.models import Annotation, Visibility
    from core.models import User
    from knowledge.models import (
        KnowledgePage,
        KnowledgePageTag,
        SpacePage,
        Verification,
    )
    from people.models import Department, Level, Location, Profile, TaggedExpertise

    rng = random.Random(seed)
    employees = Group.objects.get(name="Employees")
    departments = Department.objects.bulk_create(
        Department(name=f"Department {n}") for n in range(DEPARTMENTS)
    )
    locations = Location.objects.bulk_create(Location(name=f"City {n}") for n in range(LOCATIONS))
    tags = Tag.objects.bulk_create(Tag(name=f"topic {n}", slug=f"topic-{n}") for n in range(TOPICS))
    weights = [1 / (rank + 1) for rank in range(TOPICS)]  # Zipf: topic 0 is the commonest

    password = make_password("bench")
    users = User.objects.bulk_create(
        User(
            username=f"person{n:05d}",
            first_name=rng.choice(["Ada", "Ben", "Chiara", "Dmitri", "Efua", "Farid", "Greta"]),
            last_name=f"Surname{n:05d}",
            email=f"person{n:05d}@example.com",
            password=password,
        )
        for n in range(people_count)
    )
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=user.pk, group_id=employees.pk) for user in users
    )
    # bulk_create sends no signals: make the profiles here, managers in a tree of ~8.
    profiles = Profile.objects.bulk_create(
        Profile(
            user=user,
            job_title=f"Specialist {n % 40}",
            department=departments[n % DEPARTMENTS],
            location=locations[rng.randrange(LOCATIONS)],
            level=Level.MANAGER if n % 8 == 0 else Level.INDIVIDUAL_CONTRIBUTOR,
        )
        for n, user in enumerate(users)
    )
    for n, profile in enumerate(profiles[1:], start=1):
        profile.manager_id = profiles[(n - 1) // 8].pk
    Profile.objects.bulk_update(profiles[1:], ["manager"], batch_size=1000)
    tagged = []
    for profile in profiles:
        for tag in set(rng.choices(tags, weights=weights, k=rng.randint(2, 5))):
            tagged.append(TaggedExpertise(content_object=profile, tag=tag))
    TaggedExpertise.objects.bulk_create(tagged, batch_size=2000)

    index = site.knowledge_index()
    spaces = [
        index.add_child(instance=SpacePage(title=f"Space {n}", slug=f"space-{n}"))
        for n in range(10)
    ]
    page_tags, verifications, annotations = [], [], []
    for n in range(PAGES):
        owner = rng.choice(users)
        page = rng.choice(spaces).add_child(
            instance=KnowledgePage(title=f"Page {n}", slug=f"page-{n}", content_owner=owner)
        )
        for tag in set(rng.choices(tags, weights=weights, k=2)):
            page_tags.append(KnowledgePageTag(content_object_id=page.pk, tag=tag))
        verifications.append(Verification(page_id=page.pk, verified_by=rng.choice(users)))
        annotations.append(
            Annotation(
                page_id=page.pk, author=rng.choice(users), exact="text", start=0, end=4,
                visibility=Visibility.SHARED, body="A note",
            )
        )  # fmt: skip
    KnowledgePageTag.objects.bulk_create(page_tags)
    Verification.objects.bulk_create(verifications)
    Annotation.objects.bulk_create(annotations)
    return users[-1], tags[0]


def explain(sql_and_params) -> list[str]:
    from django.db import connection

    sql, params = sql_and_params
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return [row[-1] for row in cursor.fetchall()]


def main() -> int:
    parser = bench_parser(__doc__, runs=15)
    parser.add_argument("--people", type=int, default=PEOPLE, help="how many people")
    parser.add_argument("--seed", type=int, default=2026, help="seed for the generated data")
    parser.add_argument(
        "--keep", type=Path, help="keep the database in this directory (and reuse it next time)"
    )
    args = parser.parse_args()
    if args.keep:
        # Reuse (or build once and keep) a database, to profile without rebuilding.
        args.keep.mkdir(parents=True, exist_ok=True)
        db_path = args.keep / "bench.sqlite3"
        args.reuse = db_path.exists()
        setup_django(db_path)
        return run(args)
    args.reuse = False
    message = "migrating a throwaway database and building the people..."
    return run_on_throwaway_db("people", message, run, args)


def run(args: argparse.Namespace) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from people import services
    from people.models import Profile, TaggedExpertise
    from search.experts import services as experts

    began = time.perf_counter()
    if args.reuse:
        from taggit.models import Tag

        from core.models import User

        reader, common = User.objects.order_by("-pk").first(), Tag.objects.get(slug="topic-0")
    else:
        reader, common = build(args.seed, args.people)
    print(f"built in {time.perf_counter() - began:.0f}s", file=sys.stderr)
    client = Client(HTTP_HOST="localhost")
    client.force_login(reader)
    with_tag = TaggedExpertise.objects.filter(tag=common).count()
    print(
        f"{Profile.objects.count()} people, {TaggedExpertise.objects.count()} expertise tags; "
        f"the common topic “{common.name}” is listed by {with_tag} people"
    )

    def get(url: str, must_contain: str) -> Callable[[], None]:
        def request() -> None:
            response = client.get(url)
            if response.status_code != 200 or must_contain not in response.content.decode():
                raise SystemExit(f"bench: error: {url} answered {response.status_code}")

        return request

    def count() -> None:
        Profile.objects.count()  # SELECT COUNT(*) FROM people_profile

    urls = {
        "directory, filtered by expertise": (
            f"/people/?expertise={common.slug}",
            'data-testid="person-card"',
        ),
        "directory, unfiltered": ("/people/", 'data-testid="person-card"'),
        "directory, searched by name": ("/people/?q=surname0042", 'data-testid="person-card"'),
        "expert finder for the topic": (
            f"/people/experts/?topic={common.name.replace(' ', '+')}",
            'data-testid="expert"',
        ),
    }
    queries = {}
    slowest = []
    for name, (url, marker) in urls.items():
        get(url, marker)()
        with CaptureQueriesContext(connection) as captured:
            get(url, marker)()
        queries[name] = len(captured)
        slowest += [(float(query["time"]), name, query["sql"]) for query in captured]

    targets: dict[str, Callable[[], object]] = {"baseline: COUNT(*) on profiles": count}
    targets.update({name: get(url, marker) for name, (url, marker) in urls.items()})
    targets["rank_experts() alone (Q&A routing)"] = lambda: experts.rank_experts([common.name])
    results = time_interleaved(targets, args.runs)

    baseline = results["baseline: COUNT(*) on profiles"][0]
    width = 40
    print()
    print(f"{'':<{width}} {'best ms':>8} {'median':>8} {'x COUNT(*)':>11} {'queries':>8}")
    for name, (best, median) in results.items():
        ratio = best / baseline if baseline else float("inf")
        print(
            f"{name:<{width}} {best:>8.1f} {median:>8.1f} {ratio:>11.1f} {queries.get(name, ''):>8}"
        )
    met = True
    print()
    for name in ("directory, filtered by expertise", "expert finder for the topic"):
        best, median = results[name]
        ok = median < TARGET_MS
        met &= ok
        print(f"{name}: median {median:.0f} ms (target < {TARGET_MS:.0f} ms: "
              f"{'met' if ok else 'MISSED'})")  # fmt: skip

    print("\nthe slowest queries of those pages:")
    for seconds, name, sql in sorted(slowest, reverse=True)[:5]:
        print(f"  {seconds * 1000:7.1f} ms  {name}: {sql[:160]}")

    print("\nSQLite query plans (look for SCAN on a big table):")
    directory = services.directory(expertise=common.slug)
    plans = {
        "directory page": directory[:24].query.sql_with_params(),
        "directory count": directory.values("pk").query.sql_with_params(),
        "declared expertise GROUP BY": TaggedExpertise.objects.filter(tag_id__in=[common.pk])
        .values("content_object__user_id")
        .query.sql_with_params(),
    }
    for name, sql in plans.items():
        print(f"- {name}:")
        for line in explain(sql):
            print(f"    {line}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
