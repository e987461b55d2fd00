"""Time the campaign report for an audience of 10,000 people, in-process.

Run from the repository root: `.venv/bin/python bench/bench_campaign_report.py`. It migrates
a throwaway SQLite database in a temporary directory (settings `bench.settings`), then
builds 10,000 people with profiles in 8 departments and 3 locations, a campaign for 6 of
those departments (about 7,500 people) with a must-read page, and:

- views of the campaign by 60 % of everyone (the activity ledger, one row per person),
- acknowledgements of the must-read by 40 %,
- pulse answers by 30 %, one department kept under the suppression threshold,
- 300 comments and 1,000 reactions over 60 days.

It measures, side by side and interleaved (best of several runs: noise only slows a run):

(a) the whole report page (GET /brand/campaigns/<id>/report/, as communications), and
(b) the service alone (`campaign_report`: every aggregate, no template),

against (c) a baseline: `COUNT(*)` of the same audience queryset. Target: the page renders
in under 500 ms. It also prints the report's query count, the same for any audience size.
"""

import argparse
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench import site  # noqa: E402
from bench.inprocess import bench_parser, run_on_throwaway_db, time_interleaved  # noqa: E402

PEOPLE = 10_000
DEPARTMENTS = [f"Department {letter}" for letter in "ABCDEFGH"]
AUDIENCE_DEPARTMENTS = DEPARTMENTS[:6]
LOCATIONS = ["Berlin", "London", "Remote"]
TARGET_MS = 500


def build(seed: int):
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from brand.models import CampaignIndexPage, CampaignPage, PulseAnswer
    from community.models import Comment, Reaction, ReactionKind
    from core.models import User
    from home.models import HomePage
    from insights.models import ActivityEvent, Verb
    from knowledge.models import Acknowledgement, KnowledgePage
    from people.models import Department, Level, Location, Profile
    from tests.factories import publish

    rng = random.Random(seed)
    now = timezone.now()
    departments = [Department.objects.create(name=name) for name in DEPARTMENTS]
    locations = [Location.objects.create(name=name) for name in LOCATIONS]
    comms = site.comms()

    # 10,000 people: users in bulk, then their profiles (the post_save signal does not run
    # for bulk_create, so the profiles are bulk-created here).
    users = site.numbered_users(PEOPLE)
    levels = Level.values
    Profile.objects.bulk_create(
        (
            Profile(
                user=user,
                department=departments[n % len(departments)],
                location=rng.choice(locations),
                level=rng.choice(levels),
            )
            for n, user in enumerate(users)
        ),
        batch_size=2000,
        ignore_conflicts=True,
    )
    employees = Group.objects.get(name="Employees")
    User.groups.through.objects.bulk_create(
        (User.groups.through(user_id=user.pk, group_id=employees.pk) for user in users),
        batch_size=2000,
    )

    space = site.knowledge_space("Service", "service")
    home = HomePage.objects.get()
    policy = space.add_child(instance=KnowledgePage(title="How we answer", slug="how-we-answer"))
    publish(policy, comms)
    policy = KnowledgePage.objects.get(pk=policy.pk)
    campaigns = home.add_child(instance=CampaignIndexPage(title="Campaigns", slug="campaigns"))
    campaign = campaigns.add_child(
        instance=CampaignPage(
            title="Customer first",
            slug="customer-first",
            pulse_question="I know what this asks of me.",
            audience_everyone=False,
            live=False,
        )
    )
    campaign.audience_departments = [d for d in departments if d.name in AUDIENCE_DEPARTMENTS]
    campaign.must_read_page = policy
    publish(campaign, comms)
    campaign = CampaignPage.objects.get(pk=campaign.pk)
    CampaignPage.objects.filter(pk=campaign.pk).update(first_published_at=now - timedelta(days=60))

    page_type = ContentType.objects.get_for_model(CampaignPage)
    viewers = rng.sample(users, int(PEOPLE * 0.6))
    ActivityEvent.objects.bulk_create(
        (
            ActivityEvent(
                actor=user,
                verb=Verb.VIEWED,
                target_type=page_type,
                target_id=campaign.pk,
                occurred_at=now,
                day=now.date(),
            )
            for user in viewers
        ),
        batch_size=2000,
    )
    Acknowledgement.objects.bulk_create(
        (
            Acknowledgement(page=policy, user=user, revision_id=policy.live_revision_id)
            for user in rng.sample(users, int(PEOPLE * 0.4))
        ),
        batch_size=2000,
    )
    profiles = dict(Profile.objects.values_list("user_id", "department_id"))
    small = departments[-1].pk  # keep one department under the threshold
    answers, small_left = [], 3
    for user in rng.sample(users, int(PEOPLE * 0.3)):
        department = profiles[user.pk]
        if department == small:
            if not small_left:
                continue
            small_left -= 1
        answers.append(
            PulseAnswer(
                campaign=campaign, user=user, value=rng.randint(1, 5), department_id=department
            )
        )
    PulseAnswer.objects.bulk_create(answers, batch_size=2000)
    comments = Comment.objects.bulk_create(
        Comment(
            page=campaign,
            author=rng.choice(users),
            body="A comment.",
            body_html="<p>A comment.</p>",
            created_at=now - timedelta(days=rng.randint(0, 59), hours=rng.randint(0, 23)),
        )
        for _ in range(300)
    )
    for comment in comments:
        comment.thread = comment
    Comment.objects.bulk_update(comments, ["thread"])
    kinds = ReactionKind.values
    Reaction.objects.bulk_create(
        (
            Reaction(
                page=campaign,
                user=user,
                kind=rng.choice(kinds),
                created_at=now - timedelta(days=rng.randint(0, 59)),
            )
            for user in rng.sample(users, 1000)
        ),
        ignore_conflicts=True,
    )
    return comms, campaign


def main() -> int:
    args = bench_parser(__doc__, runs=15, seed=2024, generated="data").parse_args()
    message = "migrating a throwaway database and building 10,000 people..."
    return run_on_throwaway_db("campaign", message, run, args)


def run(args: argparse.Namespace) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from brand.audience.services import audience_users
    from brand.campaigns.services import campaign_report

    began = time.perf_counter()
    comms, campaign = build(args.seed)
    print(f"built in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    client = Client(HTTP_HOST="localhost")
    client.force_login(comms)
    url = f"/brand/campaigns/{campaign.pk}/report/"

    def page() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"bench: error: {url} answered {response.status_code}")

    def service() -> None:
        campaign_report(comms, campaign)

    def baseline() -> None:
        audience_users(campaign).count()

    page()
    with CaptureQueriesContext(connection) as captured:
        page()
    report = campaign_report(comms, campaign)
    suppressed = sum(cell.suppressed for cell in report.pulse_by_department)
    print(
        f"audience {report.audience}, reached {report.reached}, acknowledged "
        f"{report.acknowledged}, pulse answers {report.pulse_overall.respondents} "
        f"({suppressed} of {len(report.pulse_by_department)} departments suppressed), "
        f"{report.chart.total_comments} comments, {report.chart.total_reactions} reactions"
    )
    print(f"SQL queries for the report page: {len(captured)}")

    results = time_interleaved(
        {
            "baseline: COUNT(*) of the audience": baseline,
            "campaign_report() (all aggregates)": service,
            "report page (GET, rendered)": page,
        },
        args.runs,
    )
    width = 40
    print()
    print(f"{'':<{width}} {'best ms':>8} {'median':>8}")
    for name, (best, median) in results.items():
        print(f"{name:<{width}} {best:>8.1f} {median:>8.1f}")
    base = results["baseline: COUNT(*) of the audience"][0]
    whole = results["report page (GET, rendered)"]
    print(
        f"report page / COUNT(*) baseline: {whole[0] / base:.1f}x; "
        f"service / baseline: {results['campaign_report() (all aggregates)'][0] / base:.1f}x"
    )
    met = whole[0] < TARGET_MS
    print(
        f"report page best {whole[0]:.0f} ms, median {whole[1]:.0f} ms (target < {TARGET_MS} ms: "
        f"{'met' if met else 'MISSED'})"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
