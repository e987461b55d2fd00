"""Demo content for the knowledge base: spaces, pages, revisions and must-reads.

Pure data for the demo seeder. The fictional company is Fernway, a software company of
about 600 people with offices in Berlin and London and many colleagues working remotely.

Internal links use the placeholder form ``<a href="page:SPACE_SLUG/PAGE_SLUG">``; the
seeder resolves them into real page links. Bodies are lists of ``(block_type, value)``
tuples matching ``knowledge.blocks.KnowledgeStreamBlock``.
"""


# --- Small block helpers -------------------------------------------------------------------


def h2(text: str) -> tuple:
    return ("heading", {"text": text, "level": "h2"})


def h3(text: str) -> tuple:
    return ("heading", {"text": text, "level": "h3"})


def p(html: str) -> tuple:
    """A rich-text paragraph block; ``html`` is complete HTML (``<p>``, ``<ul>``...)."""
    return ("paragraph", html)


def callout(tone: str, title: str, body: str) -> tuple:
    return ("callout", {"tone": tone, "title": title, "body": body})


def steps(*items: tuple[str, str]) -> tuple:
    return ("steps", {"steps": [{"title": title, "detail": detail} for title, detail in items]})


def code(language: str, source: str, caption: str = "") -> tuple:
    return ("code", {"language": language, "code": source, "caption": caption})


def table(rows: list[list[str]], caption: str = "", first_col_is_header: bool = False) -> tuple:
    return (
        "table",
        {
            "data": rows,
            "first_row_is_table_header": True,
            "first_col_is_header": first_col_is_header,
            "table_caption": caption,
        },
    )


def faq(question: str, answer: str) -> tuple:
    return ("faq", {"question": question, "answer": answer})


def quote(text: str, attribution: str) -> tuple:
    return ("quote", {"quote": text, "attribution": attribution})


def revision(note: str, material: bool, editor: str, body: list) -> dict:
    return {"note": note, "material": material, "editor": editor, "body": body}


# =========================================================================================
# Engineering
# =========================================================================================

LOCAL_DEVELOPMENT_SETUP = {
    "slug": "local-development-setup",
    "title": "Local development setup",
    "kind": "howto",
    "summary": (
        "Get the Fernway platform running on your laptop with the fw CLI and Docker Compose. "
        "A fresh machine takes about 30 minutes."
    ),
    "tags": ["dev-environment", "tools", "code-review"],
    "owner": "editor",
    "review": "verified",
    "body": [
        p(
            "<p>Most Fernway services run locally with Docker Compose, driven by our internal "
            "<code>fw</code> command-line tool. The Platform team maintains the setup; ask in "
            "<b>#platform-help</b> if anything on this page does not match what you see.</p>"
        ),
        h2("Before you start"),
        p(
            "<ul><li>macOS 14 or later, or Ubuntu 22.04 LTS</li>"
            "<li>Membership of the <b>fernway</b> GitHub organisation (requested by your manager "
            "during onboarding)</li>"
            "<li>Vaultkeeper installed and unlocked</li>"
            "<li>At least 30 GB of free disk space and Docker Desktop 4.30 or later</li></ul>"
        ),
        h2("Install and run the stack"),
        code(
            "bash",
            "brew install fernway/tap/fw git-lfs mise\n"
            "mise install        # reads .tool-versions: Python 3.12, Node 20, Postgres 16 client\n"
            "fw auth login       # opens SSO in your browser\n"
            "fw dev bootstrap    # clones the core repositories into ~/src/fernway\n"
            "cd ~/src/fernway/platform\n"
            "fw dev up --profile core   # postgres, redis, accounts-service, billing-api, web\n"
            "fw dev seed                # loads the anonymised demo tenant acme-demo\n"
            "open http://localhost:8080",
            caption="The demo tenant login is in the shared Vaultkeeper item 'Local dev'.",
        ),
        callout(
            "info",
            "Apple Silicon",
            "<p>All images are multi-arch. If <code>billing-api</code> exits with "
            "<code>exec format error</code>, you have a stale amd64 image: run "
            "<code>fw dev pull --force</code> and start again.</p>",
        ),
        faq(
            "The stack is slow to start. What can I do?",
            "<p>Give Docker Desktop at least 6 CPUs and 12 GB of memory, and use "
            "<code>fw dev up --profile minimal</code> when you only need the web app and the "
            "accounts service. Cold starts should then take under two minutes.</p>",
        ),
    ],
}

_DEPLOY_STEPS = [
    (
        "Merge to main",
        "<p>Your pull request needs one approving review and a green Conveyor build. "
        "Merging builds an image tagged with the commit SHA.</p>",
    ),
    (
        "Check staging",
        "<p>Conveyor deploys main to staging automatically. Watch the "
        "<b>staging-smoke</b> job and the service dashboard in Grafana for 10 minutes.</p>",
    ),
    (
        "Promote to production",
        "<p>Run the promote command below or click <b>Promote</b> in the Conveyor UI. Post "
        "the service, SHA and pull request link in <b>#eng-deploys</b>.</p>",
    ),
    (
        "Watch the canary",
        "<p>Conveyor sends 5% of traffic to the new version for 15 minutes and rolls back "
        "automatically if the error rate exceeds 1% or p95 latency rises by more than 20%.</p>",
    ),
]

_DEPLOY_ROLLBACK_STEP = (
    "Roll back if needed",
    "<p>If the canary passes but you spot a problem later, run "
    "<code>fw deploy rollback</code>. It redeploys the previous image in under two minutes; "
    "tell #eng-deploys what you rolled back and why.</p>",
)

_DEPLOY_INTRO = p(
    "<p>All production deploys go through <b>Conveyor</b>, our CI/CD pipeline. You never "
    "deploy from a laptop. This page covers a normal service deploy; schema changes also "
    "need the database migration checklist.</p>"
)

_DEPLOY_AFTER = [
    h2("After the deploy"),
    p(
        "<p>Keep an eye on <b>#alerts-production</b> for 30 minutes after the canary finishes. "
        "If something looks odd, say so in #eng-deploys before you log off.</p>"
    ),
]

_DEPLOY_V1 = [
    _DEPLOY_INTRO,
    callout(
        "warning",
        "Deploy freeze",
        "<p>No production deploys after <b>16:00 Berlin time on Fridays</b>, or during "
        "company-wide freezes announced in #eng-announce. Hotfixes for SEV1 and SEV2 "
        "incidents are exempt with approval from the incident commander.</p>",
    ),
    h2("Steps"),
    steps(*_DEPLOY_STEPS),
    code(
        "bash",
        "fw deploy promote billing-api --sha 3f9c2e1 --to production\n"
        "fw deploy status billing-api --env production --watch",
    ),
    *_DEPLOY_AFTER,
]

_DEPLOY_V2 = [
    *_DEPLOY_V1[:3],
    steps(*_DEPLOY_STEPS, _DEPLOY_ROLLBACK_STEP),
    code(
        "bash",
        "fw deploy promote billing-api --sha 3f9c2e1 --to production\n"
        "fw deploy status billing-api --env production --watch\n"
        "# only if something is wrong after the canary:\n"
        "fw deploy rollback billing-api --env production",
    ),
    *_DEPLOY_AFTER,
]

_DEPLOY_V3 = [
    _DEPLOY_INTRO,
    callout(
        "warning",
        "Deploy freeze",
        "<p>No production deploys after <b>15:00 Berlin time on Fridays</b>, on the working day "
        "before a public holiday in Germany or the UK, or during company-wide freezes announced "
        "in #eng-announce. Hotfixes for SEV1 and SEV2 incidents are exempt with approval from "
        "the incident commander.</p>",
    ),
    *_DEPLOY_V2[2:],
]

DEPLOY_TO_PRODUCTION = {
    "slug": "deploy-to-production",
    "title": "Deploy to production",
    "kind": "howto",
    "summary": (
        "How to ship a service change to production through Conveyor, including the canary, "
        "the Friday deploy freeze and how to roll back."
    ),
    "tags": ["deployments", "ci"],
    "owner": "owner",
    "review": "verified",
    "body": _DEPLOY_V1,
    "revisions": [
        revision("Added the rollback step and command", False, "editor", _DEPLOY_V2),
        revision(
            "Friday deploy freeze now starts at 15:00 and covers the day before public holidays",
            True,
            "owner",
            _DEPLOY_V3,
        ),
    ],
}

_INCIDENT_INTRO = p(
    "<p>Use this runbook when something customer-facing is broken or degraded. When in doubt, "
    "declare an incident: closing one costs a minute, declaring one too late can cost a "
    "customer.</p>"
)

_INCIDENT_STEP_DECLARE = (
    "Declare the incident",
    "<p>In Relay, type <code>/incident declare</code>, choose a severity and write a one-line "
    "summary. The bot creates a channel named <code>#inc-YYYYMMDD-short-name</code> and pages "
    "the on-call engineer through Nightwatch.</p>",
)
_INCIDENT_STEP_ROLES = (
    "Assign roles",
    "<p>Name an <b>incident commander</b> (IC) and a <b>communications lead</b>. The IC "
    "coordinates and decides; they should not be the person typing the fix.</p>",
)
_INCIDENT_STEP_STABILISE = (
    "Stabilise first",
    "<p>Prefer rollback, feature flags in Switchboard or failover over forward fixes. Write "
    "every action into the incident channel as you take it.</p>",
)
_INCIDENT_STEP_STATUS = (
    "Update the status page",
    "<p>For customer-visible impact, the comms lead publishes a Beacon status update within "
    "<b>15 minutes</b> of declaring, using the templates in Beacon.</p>",
)
_INCIDENT_STEP_UPDATES = (
    "Keep stakeholders updated",
    "<p>For SEV1 and SEV2 the comms lead posts an update in <b>#incidents</b> every 30 "
    "minutes, even if nothing has changed.</p>",
)
_INCIDENT_STEP_CLOSE = (
    "Resolve and follow up",
    "<p>When impact has ended, the IC runs <code>/incident resolve</code>. A post-incident "
    "review is due within <b>5 business days</b> for SEV1 and SEV2.</p>",
)

_INCIDENT_SECURITY = callout(
    "danger",
    "Security incidents",
    "<p>If you suspect a breach or leaked credentials, do not discuss it in public channels. "
    "Page Security through Nightwatch (service <code>security-oncall</code>) and follow their "
    "lead.</p>",
)

_INCIDENT_CONTACTS = table(
    [
        ["Role", "Who", "How to reach them"],
        ["Engineering on-call", "Primary of the owning team", "/page eng-primary in Relay"],
        ["Security", "Security on-call", "/page security-oncall in Relay"],
        ["Customer Support", "Support duty manager", "#support-escalations"],
        ["Communications", "Marketing & Communications duty", "#comms-urgent"],
    ],
    caption="Key contacts during an incident",
)

_INCIDENT_V1 = [
    _INCIDENT_INTRO,
    h2("Steps"),
    steps(
        _INCIDENT_STEP_DECLARE,
        _INCIDENT_STEP_ROLES,
        _INCIDENT_STEP_STABILISE,
        _INCIDENT_STEP_UPDATES,
        _INCIDENT_STEP_CLOSE,
    ),
    _INCIDENT_SECURITY,
    h2("Who to call"),
    _INCIDENT_CONTACTS,
]

_INCIDENT_V2 = [
    _INCIDENT_INTRO,
    h2("Steps"),
    steps(
        _INCIDENT_STEP_DECLARE,
        _INCIDENT_STEP_ROLES,
        _INCIDENT_STEP_STABILISE,
        _INCIDENT_STEP_STATUS,
        _INCIDENT_STEP_UPDATES,
        _INCIDENT_STEP_CLOSE,
    ),
    _INCIDENT_SECURITY,
    h2("Who to call"),
    _INCIDENT_CONTACTS,
]

_INCIDENT_V3 = [
    _INCIDENT_INTRO,
    h2("Steps"),
    steps(
        (
            "Declare the incident",
            "<p>In Relay, type <code>/incident declare</code>, choose a severity and write a "
            "one-line summary. The bot creates a numbered channel such as "
            "<code>#inc-1042</code> and pages the on-call engineer through Nightwatch.</p>",
        ),
        _INCIDENT_STEP_ROLES,
        _INCIDENT_STEP_STABILISE,
        _INCIDENT_STEP_STATUS,
        _INCIDENT_STEP_UPDATES,
        _INCIDENT_STEP_CLOSE,
    ),
    _INCIDENT_SECURITY,
    h2("Who to call"),
    _INCIDENT_CONTACTS,
]

SEVERITY_LEVELS = {
    "slug": "severity-levels",
    "title": "Severity levels",
    "kind": "reference",
    "summary": "How we classify incidents from SEV1 to SEV4 and what each level requires.",
    "tags": ["incidents", "on-call"],
    "owner": "owner",
    "review": "verified",
    "body": [
        p(
            "<p>Severity describes customer impact, not how hard the fix is. Pick the level "
            "that matches what customers experience right now, and change it as you learn "
            "more.</p>"
        ),
        table(
            [
                ["Severity", "Definition", "Examples", "Response"],
                [
                    "SEV1",
                    "Full outage or data loss for many customers",
                    "Login down in all regions; payments failing",
                    "Page immediately, IC required, updates every 30 minutes",
                ],
                [
                    "SEV2",
                    "Major feature degraded for many customers or broken for some",
                    "Exports delayed by more than 1 hour; EU region slow",
                    "Page immediately, IC required, updates every 30 minutes",
                ],
                [
                    "SEV3",
                    "Minor degradation with a workaround",
                    "One third-party integration failing",
                    "Fix in business hours, tracked in Compass",
                ],
                [
                    "SEV4",
                    "Cosmetic or internal-only problem",
                    "Typo in an admin report",
                    "Normal backlog",
                ],
            ],
            caption="Severity levels",
        ),
        callout(
            "info",
            "Upgrade early",
            "<p>It is always fine to start at SEV2 and downgrade later. Upgrading late is the "
            "most common finding in our post-incident reviews.</p>",
        ),
        faq(
            "Who decides the severity?",
            "<p>The person who declares the incident picks the first severity. After that, the "
            "incident commander owns it.</p>",
        ),
        faq(
            "Does a SEV3 need a post-incident review?",
            "<p>Not by default. Write one if the same problem has happened twice in 30 days or "
            "if the team thinks there is something to learn.</p>",
        ),
    ],
}

POST_INCIDENT_REVIEW_TEMPLATE = {
    "slug": "post-incident-review-template",
    "title": "Post-incident review template",
    "kind": "reference",
    "summary": "The blameless review template we use after every SEV1 and SEV2 incident.",
    "tags": ["incidents", "templates"],
    "owner": "editor",
    "review": "verified",
    "body": [
        p(
            "<p>Post-incident reviews (PIRs) are blameless. We write them to understand how our "
            "systems and processes allowed the incident, and to agree a short list of actions "
            "that make a repeat less likely.</p>"
        ),
        quote(
            "We look for what made the failure possible, not for who pressed the button.",
            "Fernway engineering principles",
        ),
        h2("Template"),
        code(
            "text",
            "Title: INC-<number> <short description>\n"
            "Severity: SEV1 | SEV2\n"
            "Incident commander / comms lead:\n"
            "Customer impact: who, what, for how long (start and end in UTC)\n"
            "Timeline: detection, escalation, mitigation, resolution\n"
            "Contributing factors: technical, process, organisational\n"
            "What went well:\n"
            "Where we got lucky:\n"
            "Actions: owner, Compass ticket, due date",
        ),
        h2("The review meeting"),
        p(
            "<p>The incident commander runs a 45-minute meeting with everyone involved. Each "
            "action gets an owner and a Compass ticket with the label <code>pir-action</code>, "
            "due within 30 days. Publish the finished review in #incidents.</p>"
        ),
        callout(
            "info",
            "Good actions",
            '<p>Prefer a few specific, owned actions over a long wish list. "Add an alert on '
            'queue depth above 10,000 for billing-worker" is a good action; "improve '
            'monitoring" is not.</p>',
        ),
    ],
}

INCIDENT_RESPONSE_RUNBOOK = {
    "slug": "incident-response-runbook",
    "title": "Incident response runbook",
    "kind": "howto",
    "summary": (
        "What to do when production is broken: declare, assign an incident commander, "
        "stabilise, communicate and follow up."
    ),
    "tags": ["incidents", "on-call"],
    "owner": "owner",
    "review": "verified",
    "body": _INCIDENT_V1,
    "revisions": [
        revision("Added the status page step", False, "editor", _INCIDENT_V2),
        revision(
            "Incident channels are now numbered (#inc-1042) instead of dated",
            False,
            "owner",
            _INCIDENT_V3,
        ),
    ],
    "children": [SEVERITY_LEVELS, POST_INCIDENT_REVIEW_TEMPLATE],
}

ON_CALL_HANDBOOK = {
    "slug": "on-call-handbook",
    "title": "On-call handbook",
    "kind": "guide",
    "summary": (
        "How on-call rotations work at Fernway: expectations, handovers, pay and what to do "
        "when you miss a page."
    ),
    "tags": ["on-call", "incidents"],
    "owner": "editor",
    "review": "due",
    "body": [
        p(
            "<p>Every team that owns a production service runs a weekly rotation in Nightwatch, "
            "from Monday 10:00 to Monday 10:00 Berlin time, with a primary and a secondary. "
            "When you are paged for something customer-facing, follow the "
            '<a href="page:engineering/incident-response-runbook">incident response runbook</a>'
            ".</p>"
        ),
        h2("What we expect from you"),
        p(
            "<ul><li>Acknowledge SEV1 and SEV2 pages within <b>5 minutes</b>.</li>"
            "<li>Stay within 15 minutes of a laptop and a reliable connection.</li>"
            "<li>Hand over in <b>#oncall-handover</b> on Monday morning: open alerts, "
            "ongoing incidents and anything flaky.</li>"
            "<li>If you are ill, tell your secondary and your lead; do not just go quiet.</li>"
            "</ul>"
        ),
        h2("On-call pay"),
        table(
            [
                ["Type", "Germany", "United Kingdom"],
                ["Standby, weekday", "€40 per day", "£35 per day"],
                ["Standby, weekend or public holiday", "€80 per day", "£70 per day"],
                ["Worked out of hours after a page", "1 hour off in lieu per hour", "Same"],
            ],
            caption="Logged automatically from Nightwatch and paid with the next payroll",
        ),
        callout(
            "info",
            "Swapping shifts",
            "<p>Swap directly in Nightwatch and tell your team lead. Swaps need to be in place "
            "before the shift starts so that paging follows the right person.</p>",
        ),
        faq(
            "What happens if I miss a page?",
            "<p>Nightwatch escalates to the secondary after 10 minutes and to the engineering "
            "manager after 20. Missing a page is not a disciplinary issue; we look at why it "
            "happened in the weekly on-call review.</p>",
        ),
    ],
}

_REVIEW_INTRO = p(
    "<p>Code review is how we share knowledge and keep quality up, not a gate to get past. "
    "Every change to a production repository needs at least one approving review.</p>"
)

_REVIEW_AUTHORS_V1 = p(
    "<ul><li>Keep pull requests under about <b>400 changed lines</b>; split larger work.</li>"
    "<li>Write a description: what changed, why, and how you tested it.</li>"
    "<li>Link the Compass ticket and add screenshots for UI changes.</li>"
    "<li>Review your own diff before asking anyone else.</li></ul>"
)

_REVIEW_AUTHORS_V2 = p(
    "<ul><li>Keep pull requests under about <b>400 changed lines</b>; split larger work.</li>"
    "<li>Write a description: what changed, why, and how you tested it.</li>"
    "<li>Link the Compass ticket and add screenshots for UI changes.</li>"
    "<li>Put generated files (lockfiles, OpenAPI clients) in a separate commit so reviewers "
    "can skip them.</li>"
    "<li>Review your own diff before asking anyone else.</li></ul>"
)

_REVIEW_REVIEWERS_V1 = p(
    "<ul><li>Respond within <b>one business day</b>, even if only to say when you will look.</li>"
    "<li>Prefix comments with <code>nit:</code>, <code>question:</code> or "
    "<code>blocker:</code> so the author knows what must change.</li>"
    "<li>Approve when the change is good enough, not when it is how you would have written "
    "it.</li></ul>"
)

_REVIEW_REVIEWERS_V3 = p(
    "<ul><li>Respond within <b>one business day</b>, even if only to say when you will look. "
    "Pull requests labelled <code>urgent</code> get a first response within four working "
    "hours.</li>"
    "<li>Prefix comments with <code>nit:</code>, <code>question:</code> or "
    "<code>blocker:</code> so the author knows what must change.</li>"
    "<li>Approve when the change is good enough, not when it is how you would have written "
    "it.</li></ul>"
)

_REVIEW_TAIL = [
    callout(
        "info",
        "Tone",
        "<p>Comment on the code, not the person. Ask questions rather than give orders, and "
        "say when something is good.</p>",
    ),
    faq(
        "Can I merge without a review?",
        "<p>Only during a SEV1 or SEV2 incident with the incident commander's approval. Get a "
        "retrospective review within 24 hours and link it in the incident channel.</p>",
    ),
]

_REVIEW_V1 = [
    _REVIEW_INTRO,
    h2("For authors"),
    _REVIEW_AUTHORS_V1,
    h2("For reviewers"),
    _REVIEW_REVIEWERS_V1,
    *_REVIEW_TAIL,
]
_REVIEW_V2 = [
    _REVIEW_INTRO,
    h2("For authors"),
    _REVIEW_AUTHORS_V2,
    h2("For reviewers"),
    _REVIEW_REVIEWERS_V1,
    *_REVIEW_TAIL,
]
_REVIEW_V3 = [
    _REVIEW_INTRO,
    h2("For authors"),
    _REVIEW_AUTHORS_V2,
    h2("For reviewers"),
    _REVIEW_REVIEWERS_V3,
    *_REVIEW_TAIL,
]

CODE_REVIEW_GUIDELINES = {
    "slug": "code-review-guidelines",
    "title": "Code review guidelines",
    "kind": "guide",
    "summary": "How to write pull requests that are easy to review, and how to review them well.",
    "tags": ["code-review", "ci"],
    "owner": "editor",
    "review": "verified",
    "body": _REVIEW_V1,
    "revisions": [
        revision("Added guidance on generated files", False, "editor", _REVIEW_V2),
        revision(
            "Added the four-hour response for urgent pull requests", False, "owner", _REVIEW_V3
        ),
    ],
}

DATABASE_MIGRATION_CHECKLIST = {
    "slug": "database-migration-checklist",
    "title": "Database migration checklist",
    "kind": "howto",
    "summary": (
        "Checklist for changing a production Postgres schema without locking tables or "
        "breaking the running version of the code."
    ),
    "tags": ["databases", "deployments"],
    "owner": "owner",
    "review": "stale",
    "body": [
        p(
            "<p>We use the <i>expand and contract</i> pattern: first add what the new code "
            "needs, deploy the code, and only later remove what the old code used. Every "
            "migration must work with both the current and the next version of the service.</p>"
        ),
        steps(
            (
                "Write a backwards-compatible migration",
                "<p>Add nullable columns or columns with constant defaults. Never rename or drop "
                "a column in the same release that stops using it.</p>",
            ),
            (
                "Check the locking impact",
                "<p>Set <code>lock_timeout</code>, create indexes <code>CONCURRENTLY</code>, "
                "and add foreign keys as <code>NOT VALID</code> before validating them.</p>",
            ),
            (
                "Test on a staging snapshot",
                "<p>Run it against the nightly anonymised snapshot and note how long it takes. "
                "Anything over 60 seconds needs a plan in the pull request.</p>",
            ),
            (
                "Ship the migration on its own",
                "<p>Deploy the migration in a separate release before the code that depends on "
                "it.</p>",
            ),
            (
                "Contract later",
                "<p>Remove old columns at least one release later, once no running version "
                "reads them.</p>",
            ),
        ),
        code(
            "sql",
            "SET lock_timeout = '3s';\n"
            "SET statement_timeout = '15min';\n"
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_invoices_account_created\n"
            "    ON invoices (account_id, created_at);",
        ),
        callout(
            "warning",
            "Large tables",
            "<p>Tables with more than 50 million rows (<code>events</code>, "
            "<code>audit_log</code>, <code>invoice_lines</code>) need a review from the "
            "Platform team in #platform-db before you merge.</p>",
        ),
        p(
            "<p>Migrations run as part of the normal pipeline described in "
            '<a href="page:engineering/deploy-to-production">Deploy to production</a>'
            "; there is no separate manual step.</p>"
        ),
    ],
}

ARCHITECTURE_DECISION_RECORDS = {
    "slug": "architecture-decision-records",
    "title": "Architecture decision records",
    "kind": "reference",
    "summary": (
        "Where our architecture decision records live, when to write one, the template and the "
        "decisions every engineer should know."
    ),
    "tags": ["architecture", "databases", "api"],
    "owner": "owner",
    "review": "verified",
    "body": [
        p(
            "<p>An architecture decision record (ADR) is a short document that captures one "
            "significant decision, its context and its consequences. ADRs live next to the code "
            "in <code>docs/adr/</code> and are numbered in order.</p>"
        ),
        h2("When to write one"),
        p(
            "<ul><li>You introduce a new datastore, language or external dependency.</li>"
            "<li>You change how services talk to each other.</li>"
            "<li>You choose between options that other teams will have to live with.</li></ul>"
        ),
        code(
            "text",
            "# ADR-0042: <decision in a few words>\n"
            "Status: Proposed | Accepted | Superseded by ADR-xxxx\n"
            "Context: what forces are at play\n"
            "Decision: what we will do\n"
            "Consequences: what becomes easier, what becomes harder",
            caption="ADR template",
        ),
        table(
            [
                ["ADR", "Decision", "Status"],
                ["ADR-0007", "Postgres is the default datastore", "Accepted"],
                ["ADR-0012", "Cross-service events go through Kafka", "Accepted"],
                ["ADR-0019", "GraphQL gateway for the web app", "Superseded by ADR-0031"],
                ["ADR-0031", "REST with OpenAPI for public and internal APIs", "Accepted"],
                ["ADR-0034", "Feature flags are managed in Switchboard", "Accepted"],
            ],
            caption="Decisions every engineer should know",
        ),
        p(
            "<p>To propose an ADR, open a pull request with status <i>Proposed</i> and post it in "
            "#architecture-forum. The Architecture Forum meets on Thursdays at 15:00 and "
            "decides within two meetings.</p>"
        ),
    ],
}

API_VERSIONING_POLICY = {
    "slug": "api-versioning-policy",
    "title": "API versioning policy",
    "kind": "policy",
    "summary": (
        "Rules for changing the public Fernway API: what counts as breaking, how we version, "
        "and how long deprecated versions live."
    ),
    "tags": ["api", "architecture"],
    "owner": "owner",
    "review": "verified",
    "body": [
        p(
            "<p>This policy applies to the public REST API at <code>api.fernway.io</code> and to "
            "webhooks. Customers build integrations they rarely revisit, so we change the API "
            "slowly and predictably.</p>"
        ),
        h2("Rules"),
        p(
            "<ul><li>The major version is in the URL, for example <code>/v2/invoices</code>.</li>"
            "<li>Additive changes (new endpoints, optional fields, new response fields) can ship "
            "at any time.</li>"
            "<li>Breaking changes need a new major version: removing or renaming fields, "
            "changing types, making optional input required, or changing error codes.</li></ul>"
        ),
        table(
            [
                ["Phase", "Duration", "What happens"],
                [
                    "Deprecation announced",
                    "At least 12 months before sunset",
                    "Deprecation and Sunset headers, changelog entry, email to API admins",
                ],
                [
                    "Brownouts",
                    "Final 30 days",
                    "Scheduled one-hour windows where the old version returns 410",
                ],
                ["Sunset", "From the sunset date", "The old version returns 410 Gone"],
            ],
            caption="Deprecation timeline",
        ),
        callout(
            "warning",
            "Exceptions",
            "<p>Security fixes may break behaviour without notice. Any other exception needs "
            "written approval from the VP Engineering and the Head of Customer Success.</p>",
        ),
        faq(
            "Is adding a new enum value a breaking change?",
            "<p>For response fields, yes, unless the field is documented as an open enum. Many "
            "customer integrations use strict parsing.</p>",
        ),
    ],
}


# =========================================================================================
# People & HR
# =========================================================================================

_PTO_INTRO = p(
    "<p>At Fernway, <b>PTO</b> (paid time off), <b>vacation</b> and <b>annual leave</b> all "
    "mean the same thing: paid days away from work that you book in Peoplehub. Public "
    "holidays come on top of your allowance.</p>"
)

_PTO_TABLE = table(
    [
        ["Location", "Annual leave", "Public holidays"],
        ["Germany", "28 working days", "Berlin public holidays"],
        ["United Kingdom", "27 working days", "The 8 bank holidays in England"],
        [
            "Remote (employer of record)",
            "25 days or the local statutory minimum, whichever is higher",
            "Local public holidays",
        ],
    ],
    caption="Allowance for a full-time employee; part-time is pro rata",
)

_PTO_BOOKING_V1 = p(
    "<ul><li>Book in Peoplehub under <b>Time off &gt; Request</b>.</li>"
    "<li>Give at least two weeks' notice for more than three consecutive days.</li>"
    "<li>Your manager approves or declines within three working days.</li>"
    "<li>More than 15 consecutive working days needs your department head's approval.</li>"
    "</ul>"
)

_PTO_BOOKING_V3 = p(
    "<ul><li>Book in Peoplehub under <b>Time off &gt; Request</b>.</li>"
    "<li>For half days, choose <i>Half day (AM)</i> or <i>Half day (PM)</i> in the same "
    "form.</li>"
    "<li>Give at least two weeks' notice for more than three consecutive days.</li>"
    "<li>Your manager approves or declines within three working days.</li>"
    "<li>More than 15 consecutive working days needs your department head's approval.</li>"
    "</ul>"
)

_PTO_CARRY_V1 = p(
    "<p>You can carry over up to <b>5 unused days</b> into the next calendar year. Carried-over "
    "days must be used by <b>31 March</b>; after that they expire.</p>"
)

_PTO_CARRY_V2 = p(
    "<p>You can carry over up to <b>10 unused days</b> into the next calendar year. "
    "Carried-over days must be used by <b>30 April</b>; after that they expire. Statutory "
    "rules for long-term sickness and parental leave still apply.</p>"
)

_PTO_NUDGE = callout(
    "info",
    "Please take your time off",
    "<p>Rest is part of the job. People Partners check in with anyone who has taken fewer than "
    "10 days by 30 September.</p>",
)

_PTO_V1 = [
    _PTO_INTRO,
    h2("How much you get"),
    _PTO_TABLE,
    h2("Booking time off"),
    _PTO_BOOKING_V1,
    h2("Carrying days over"),
    _PTO_CARRY_V1,
    _PTO_NUDGE,
]
_PTO_V2 = [
    _PTO_INTRO,
    h2("How much you get"),
    _PTO_TABLE,
    h2("Booking time off"),
    _PTO_BOOKING_V1,
    h2("Carrying days over"),
    _PTO_CARRY_V2,
    _PTO_NUDGE,
]
_PTO_V3 = [
    _PTO_INTRO,
    h2("How much you get"),
    _PTO_TABLE,
    h2("Booking time off"),
    _PTO_BOOKING_V3,
    h2("Carrying days over"),
    _PTO_CARRY_V2,
    _PTO_NUDGE,
]

VACATION_PTO_POLICY = {
    "slug": "vacation-and-pto-policy",
    "title": "Vacation and PTO policy",
    "kind": "policy",
    "summary": (
        "How much annual leave you get in each country, how to book vacation in Peoplehub and "
        "how many unused days you can carry over."
    ),
    "tags": ["leave", "pto"],
    "owner": "comms",
    "review": "verified",
    "body": _PTO_V1,
    "revisions": [
        revision(
            "Carry-over raised from 5 to 10 days; deadline moved to 30 April",
            True,
            "comms",
            _PTO_V2,
        ),
        revision("Added how to book half days", False, "editor", _PTO_V3),
    ],
}

PARENTAL_LEAVE_POLICY = {
    "slug": "parental-leave-policy",
    "title": "Parental leave policy",
    "kind": "policy",
    "summary": (
        "Fully paid parental leave for birth, adoptive and non-birth parents, and how to plan "
        "your leave and return."
    ),
    "tags": ["leave", "benefits"],
    "owner": "comms",
    "review": "verified",
    "body": [
        p(
            "<p>This policy applies to every Fernway employee from their first day, regardless "
            "of gender or how they become a parent. Fernway tops up statutory pay "
            "(<i>Elterngeld</i> in Germany, Statutory Maternity or Shared Parental Pay in the "
            "UK) to your full salary for the paid weeks below.</p>"
        ),
        table(
            [
                ["Leave type", "Paid at full salary", "Further leave"],
                ["Birth parent", "20 weeks", "Up to the statutory maximum, unpaid by Fernway"],
                ["Non-birth parent or partner", "8 weeks", "Up to the statutory maximum"],
                ["Primary adopter or surrogacy parent", "20 weeks", "Up to the statutory maximum"],
                ["Secondary adopter", "8 weeks", "Up to the statutory maximum"],
            ],
            caption="Paid weeks can be taken in up to three blocks within 12 months of the birth",
        ),
        h2("How to plan your leave"),
        steps(
            (
                "Tell your manager or People Partner",
                "<p>In the UK, by the 15th week before the due date; in Germany, at least 7 "
                "weeks before your Elternzeit starts. You can talk to your People Partner first "
                "in confidence.</p>",
            ),
            (
                "Submit the request in Peoplehub",
                "<p>Use <b>Time off &gt; Parental leave</b> and attach the MATB1 form (UK) or "
                "the birth certificate once you have it (Germany).</p>",
            ),
            (
                "Plan the handover",
                "<p>Agree cover with your manager at least four weeks before you leave.</p>",
            ),
            (
                "Stay in touch as much as you want",
                "<p>You can work up to 10 paid keeping-in-touch days. None are required.</p>",
            ),
            (
                "Come back gradually",
                "<p>Returning parents can work 80% of their hours at full pay for the first "
                "four weeks back.</p>",
            ),
        ),
        callout(
            "info",
            "Annual leave keeps accruing",
            "<p>You keep accruing annual leave while on parental leave. Plan with your People "
            "Partner how to take it before or after.</p>",
        ),
    ],
}

_EXPENSE_INTRO = p(
    "<p>Fernway reimburses reasonable costs you incur doing your job. Spend company money as "
    "if it were your own, and when in doubt ask Finance in <b>#ask-finance</b> before you "
    "pay.</p>"
)

_EXPENSE_LIMITS_V1 = table(
    [
        ["Category", "Limit", "Notes"],
        ["Hotel, London", "£180 per night", "Including taxes, excluding breakfast"],
        ["Hotel, Berlin", "€150 per night", "Including taxes, excluding breakfast"],
        ["Hotel, other cities", "€160 / £140 per night", "Higher in New York and Zurich"],
        ["Meals while travelling", "€60 / £50 per day", "No alcohol unless with a client"],
        ["Client entertainment", "€80 / £70 per person", "Pre-approval above 6 attendees"],
        ["Train", "Standard class", "First class for journeys over 4 hours"],
        ["Flights", "Economy", "Premium economy for flights over 6 hours"],
        ["Team events", "€35 / £30 per person per quarter", "Booked by the team lead"],
    ],
    caption="Expense limits",
)

_EXPENSE_LIMITS_V2 = table(
    [
        ["Category", "Limit", "Notes"],
        ["Hotel, London", "£210 per night", "Including taxes, excluding breakfast"],
        ["Hotel, Berlin", "€170 per night", "Including taxes, excluding breakfast"],
        ["Hotel, other cities", "€160 / £140 per night", "Higher in New York and Zurich"],
        ["Meals while travelling", "€60 / £50 per day", "No alcohol unless with a client"],
        ["Client entertainment", "€80 / £70 per person", "Pre-approval above 6 attendees"],
        ["Train", "Standard class", "First class for journeys over 4 hours"],
        ["Flights", "Economy", "Premium economy for flights over 6 hours"],
        ["Team events", "€35 / £30 per person per quarter", "Booked by the team lead"],
    ],
    caption="Expense limits",
)

_EXPENSE_RECEIPTS_V1 = p(
    "<p>Submit claims in Spendwise within <b>30 days</b> of your trip, with an itemised receipt "
    "for every item. A clear photo is enough; you do not need to keep the paper copy.</p>"
)

_EXPENSE_RECEIPTS_V3 = p(
    "<p>Submit claims in Spendwise within <b>30 calendar days</b> of the date of each expense, "
    "not of the end of the trip, with an itemised receipt for every item. A clear photo is "
    "enough; you do not need to keep the paper copy.</p>"
)

_EXPENSE_TAIL = [
    callout(
        "warning",
        "Not reimbursed",
        "<ul><li>Fines, parking tickets and penalty fares</li>"
        "<li>Seat, class or room upgrades you chose</li>"
        "<li>Items over €25 without a receipt or a signed missing-receipt declaration</li></ul>",
    ),
    faq(
        "Who approves my expenses?",
        "<p>Your manager, for claims up to €1,000. Above that your department head approves as "
        "well. Finance pays approved claims with the next monthly payroll.</p>",
    ),
]

_EXPENSE_V1 = [
    _EXPENSE_INTRO,
    h2("Limits"),
    _EXPENSE_LIMITS_V1,
    h2("Receipts and deadlines"),
    _EXPENSE_RECEIPTS_V1,
    *_EXPENSE_TAIL,
]
_EXPENSE_V2 = [
    _EXPENSE_INTRO,
    h2("Limits"),
    _EXPENSE_LIMITS_V2,
    h2("Receipts and deadlines"),
    _EXPENSE_RECEIPTS_V1,
    *_EXPENSE_TAIL,
]
_EXPENSE_V3 = [
    _EXPENSE_INTRO,
    h2("Limits"),
    _EXPENSE_LIMITS_V2,
    h2("Receipts and deadlines"),
    _EXPENSE_RECEIPTS_V3,
    *_EXPENSE_TAIL,
]

EXPENSE_POLICY = {
    "slug": "expense-policy",
    "title": "Expense policy",
    "kind": "policy",
    "summary": (
        "What Fernway reimburses, the limits for hotels, meals and travel, and the deadlines "
        "for submitting receipts."
    ),
    "tags": ["expenses", "travel"],
    "owner": "comms",
    "review": "verified",
    "body": _EXPENSE_V1,
    "revisions": [
        revision(
            "Raised hotel limits: London £180 to £210, Berlin €150 to €170",
            True,
            "comms",
            _EXPENSE_V2,
        ),
        revision(
            "Clarified that the 30-day deadline counts from each expense, not the trip end",
            False,
            "editor",
            _EXPENSE_V3,
        ),
    ],
}

SUBMIT_AN_EXPENSE_CLAIM = {
    "slug": "submit-an-expense-claim",
    "title": "Submit an expense claim",
    "kind": "howto",
    "summary": "Step-by-step: from receipt photo to reimbursement in Spendwise.",
    "tags": ["expenses", "travel"],
    "owner": "employee",
    "review": "verified",
    "body": [
        p(
            "<p>Claims go through Spendwise, on the web or in the mobile app. Check what you "
            "can claim and the limits in the "
            '<a href="page:people-hr/expense-policy">expense policy</a>'
            " first.</p>"
        ),
        steps(
            (
                "Capture the receipt",
                "<p>Photograph it in the Spendwise app, or forward e-receipts to "
                "<code>receipts@fernway.spendwise.app</code> from your work address.</p>",
            ),
            (
                "Create the claim",
                "<p>Spendwise reads the amount, date and merchant. Check them and pick a "
                "category such as <i>Travel - Hotel</i> or <i>Client entertainment</i>.</p>",
            ),
            (
                "Add the cost centre",
                "<p>Your cost centre is filled in from Peoplehub. Add a project code for "
                "customer-billable travel.</p>",
            ),
            (
                "Submit",
                "<p>Group a trip into one report and click <b>Submit for approval</b>. Your "
                "manager gets an email and a Relay notification.</p>",
            ),
            (
                "Get paid",
                "<p>Approved claims are paid with the next monthly payroll. Claims approved "
                "after the 20th go into the following month.</p>",
            ),
        ),
        callout(
            "info",
            "Company card holders",
            "<p>Card transactions appear in Spendwise automatically. Attach the receipt within "
            "7 days or the card may be suspended.</p>",
        ),
        faq(
            "I paid in another currency. What do I enter?",
            "<p>Enter the amount in the currency you paid. Spendwise converts it at the ECB "
            "reference rate on the transaction date.</p>",
        ),
    ],
}

_REMOTE_INTRO = p(
    "<p>Fernway is remote-friendly: we have offices in Berlin and London, and about 40% of us "
    "work fully remotely. This policy sets out what we expect from each way of working.</p>"
)

_REMOTE_TABLE = table(
    [
        ["Arrangement", "Expectation"],
        ["Office-based", "In the office at least 3 days a week, including the team anchor day"],
        ["Hybrid", "In the office on the team anchor day, the rest as you and your team agree"],
        [
            "Fully remote",
            "Working hours overlapping with 10:00-15:00 Berlin time; in-person team week "
            "twice a year, paid by Fernway",
        ],
    ],
    caption="Your arrangement is recorded in Peoplehub and agreed with your manager",
)

_REMOTE_ABROAD_V1 = p(
    "<p>You must live and normally work in your country of employment. You can work from "
    "another country for up to <b>20 working days a year</b> with a <i>Work from abroad</i> "
    "request in Peoplehub, approved at least two weeks in advance.</p>"
)

_REMOTE_ABROAD_V3 = p(
    "<p>You must live and normally work in your country of employment. You can work from "
    "another country for up to <b>20 working days a year</b> with a <i>Work from abroad</i> "
    "request in Peoplehub, approved at least two weeks in advance. UK employees working in the "
    "EU must also stay within the Schengen 90/180-day rule.</p>"
)

_REMOTE_OFFICE_V1 = p(
    "<p>Hybrid and fully remote employees get a one-off <b>home office allowance of €500 "
    "(£450)</b> for a desk, chair and monitor, plus a monthly internet contribution of €25 "
    "(£20) paid through payroll.</p>"
)

_REMOTE_OFFICE_V2 = p(
    "<p>Hybrid and fully remote employees get a one-off <b>home office allowance of €750 "
    "(£650)</b> for a desk, chair and monitor, plus a monthly internet contribution of €25 "
    "(£20) paid through payroll. The allowance renews every four years.</p>"
)

_REMOTE_SECURITY = callout(
    "warning",
    "Working securely away from the office",
    "<p>Use FernGate VPN on any network you do not control, lock your screen whenever you step "
    "away and never let family members use your work laptop.</p>",
)

_REMOTE_V1 = [
    _REMOTE_INTRO,
    h2("Working arrangements"),
    _REMOTE_TABLE,
    h2("Where you can work"),
    _REMOTE_ABROAD_V1,
    h2("Home office"),
    _REMOTE_OFFICE_V1,
    _REMOTE_SECURITY,
]
_REMOTE_V2 = [
    _REMOTE_INTRO,
    h2("Working arrangements"),
    _REMOTE_TABLE,
    h2("Where you can work"),
    _REMOTE_ABROAD_V1,
    h2("Home office"),
    _REMOTE_OFFICE_V2,
    _REMOTE_SECURITY,
]
_REMOTE_V3 = [
    _REMOTE_INTRO,
    h2("Working arrangements"),
    _REMOTE_TABLE,
    h2("Where you can work"),
    _REMOTE_ABROAD_V3,
    h2("Home office"),
    _REMOTE_OFFICE_V2,
    _REMOTE_SECURITY,
]

REMOTE_WORK_POLICY = {
    "slug": "remote-work-policy",
    "title": "Remote work policy",
    "kind": "policy",
    "summary": (
        "Office-based, hybrid and fully remote arrangements, working from abroad, and the home "
        "office allowance."
    ),
    "tags": ["remote-work", "benefits", "travel"],
    "owner": "comms",
    "review": "due",
    "body": _REMOTE_V1,
    "revisions": [
        revision(
            "Home office allowance raised from €500 to €750 (£450 to £650)",
            True,
            "comms",
            _REMOTE_V2,
        ),
        revision(
            "Added the Schengen rule for UK employees working from the EU",
            False,
            "editor",
            _REMOTE_V3,
        ),
    ],
}

PERFORMANCE_REVIEW_CYCLE = {
    "slug": "performance-review-cycle",
    "title": "Performance review cycle",
    "kind": "guide",
    "summary": (
        "The annual review timeline, how ratings and calibration work, and what happens to "
        "people who joined recently."
    ),
    "tags": ["performance", "managers"],
    "owner": "comms",
    "review": "verified",
    "body": [
        p(
            "<p>We run one annual review in November and a lighter mid-year check-in in June. "
            "The annual review feeds into promotions and pay changes that take effect on "
            "1 January. Everything happens in the <b>Reviews</b> section of Peoplehub.</p>"
        ),
        table(
            [
                ["Phase", "When", "Who"],
                ["Self-review", "1-14 November", "Everyone"],
                ["Peer feedback", "1-14 November", "3-5 peers, chosen with your manager"],
                ["Manager review", "15-28 November", "Managers"],
                ["Calibration", "First week of December", "Managers and People Partners"],
                ["Review conversations", "By 20 December", "Managers with each report"],
                ["Outcomes take effect", "1 January", "Payroll and Peoplehub"],
            ],
            caption="Annual review timeline",
        ),
        h2("Ratings"),
        p(
            "<p>We use four ratings: <b>Exceeds</b>, <b>Strong</b>, <b>Developing</b> and "
            "<b>Not yet meeting</b>. There is no forced distribution, but calibration makes "
            "sure a rating means the same thing in every department.</p>"
        ),
        callout(
            "info",
            "Joined after 1 October?",
            "<p>You skip the annual review and have a 90-day review with your manager "
            "instead. Your first pay review is in the following cycle.</p>",
        ),
        faq(
            "Can I see my peer feedback?",
            "<p>Your manager shares a summary with you. Individual comments are only attributed "
            "if the peer chose to share their name.</p>",
        ),
    ],
}

SICK_LEAVE_FAQ = {
    "slug": "sick-leave-faq",
    "title": "Sick leave FAQ",
    "kind": "faq",
    "summary": "Answers to the most common questions about reporting sickness and sick pay.",
    "tags": ["leave", "wellbeing"],
    "owner": "comms",
    "review": "verified",
    "body": [
        p(
            "<p>If you are ill, rest. These answers cover Germany and the UK; remote colleagues "
            "employed through our employer of record follow local rules, which your People "
            "Partner can explain.</p>"
        ),
        faq(
            "How do I report that I am sick?",
            "<p>Message your manager before 10:00 local time and log the absence in Peoplehub "
            "under <b>Time off &gt; Sick</b>. You do not need to say what is wrong.</p>",
        ),
        faq(
            "When do I need a doctor's note?",
            "<p><b>Germany:</b> from the fourth calendar day. Your doctor reports it "
            "electronically (eAU); just tell us in Peoplehub. <b>UK:</b> you self-certify for "
            "up to 7 calendar days and need a fit note after that.</p>",
        ),
        faq(
            "How long am I paid while sick?",
            "<p><b>Germany:</b> full pay for up to six weeks per illness, then sick pay from "
            "your health insurer. <b>UK:</b> full pay for up to 20 working days in any rolling "
            "12 months, then Statutory Sick Pay.</p>",
        ),
        faq(
            "I got sick during my vacation. Do I lose those days?",
            "<p>No. Send a doctor's note or fit note for the days you were ill and we credit "
            "them back to your annual leave.</p>",
        ),
        faq(
            "My child is sick. What can I do?",
            "<p>Everyone gets 5 paid family care days a year. In Germany you can also use "
            "<i>Kinderkrankentage</i> through your health insurance.</p>",
        ),
        faq(
            "Does this apply to mental health?",
            "<p>Yes, in exactly the same way. The Harbour employee assistance programme is also "
            "available 24/7 and is confidential.</p>",
        ),
    ],
}

BENEFITS_GERMANY = {
    "slug": "benefits-germany",
    "title": "Benefits in Germany",
    "kind": "reference",
    "summary": "Pension, mobility and wellbeing benefits for employees on a German contract.",
    "tags": ["benefits"],
    "owner": "comms",
    "review": "verified",
    "body": [
        p(
            "<p>These benefits apply to employees on a German employment contract, whether you "
            "work from the Berlin office or remotely within Germany.</p>"
        ),
        table(
            [
                ["Benefit", "Details"],
                [
                    "Company pension (bAV)",
                    "Deferred compensation with a 20% employer top-up on what you pay in",
                ],
                ["Deutschlandticket", "Paid in full as a job ticket"],
                ["Bike leasing", "Up to two bikes through salary conversion"],
                ["Sports membership", "€30 a month towards a gym or sports network membership"],
                ["Childcare", "Kindergarten fees reimbursed tax-free up to €150 a month"],
            ],
        ),
        p(
            "<p>Enrol in the pension and bike leasing through <b>Peoplehub &gt; Benefits</b>. "
            "Changes take effect from the first day of the following month.</p>"
        ),
        callout(
            "info",
            "Pension advice",
            "<p>Our pension broker runs free one-to-one sessions in German and English every "
            "second Tuesday. Book through #ask-people.</p>",
        ),
        faq(
            "When can I join the company pension?",
            "<p>From your first day. If you enrol in your first three months, Fernway backdates "
            "the 20% employer top-up to your start date.</p>",
        ),
    ],
}

BENEFITS_UK = {
    "slug": "benefits-uk",
    "title": "Benefits in the UK",
    "kind": "reference",
    "summary": "Pension, health and travel benefits for employees on a UK contract.",
    "tags": ["benefits"],
    "owner": "comms",
    "review": "stale",
    "body": [
        p(
            "<p>These benefits apply to employees on a UK employment contract, whether you work "
            "from the London office or remotely within the UK.</p>"
        ),
        table(
            [
                ["Benefit", "Details"],
                ["Pension", "Salary sacrifice; Fernway pays 5% when you pay at least 5%"],
                ["Private medical insurance", "Meridian Health, covering you and your family"],
                ["Life assurance", "4 times your base salary"],
                ["Season ticket loan", "Interest-free, repaid over 10 months"],
                ["Cycle to Work", "Up to £2,000 through salary sacrifice"],
            ],
        ),
        p(
            "<p>Enrol through <b>Peoplehub &gt; Benefits</b>. You can change your pension "
            "contribution once a month; medical cover changes only at renewal in April or "
            "after a life event.</p>"
        ),
        callout(
            "warning",
            "Salary sacrifice and minimum wage",
            "<p>Salary sacrifice can't take your pay below the National Minimum Wage. Peoplehub "
            "blocks such changes automatically.</p>",
        ),
        faq(
            "Can I opt out of the pension?",
            "<p>You are enrolled automatically after your first month, as UK law requires. You "
            "can opt out within a month of enrolment and get your contributions back, but you "
            "also lose the employer contribution.</p>",
        ),
    ],
}

BENEFITS_OVERVIEW = {
    "slug": "benefits-overview",
    "title": "Benefits overview",
    "kind": "reference",
    "summary": "The benefits every Fernway employee gets, with links to country-specific details.",
    "tags": ["benefits", "wellbeing", "remote-work"],
    "owner": "comms",
    "review": "verified",
    "body": [
        p(
            "<p>Every Fernway employee gets the benefits below from their first day. Pension, "
            "insurance and mobility benefits depend on your country of employment and are "
            "described in the pages underneath this one.</p>"
        ),
        table(
            [
                ["Benefit", "What you get"],
                ["Learning budget", "€1,200 / £1,000 a year for courses, books and conferences"],
                ["Employee assistance", "Harbour: 24/7 counselling, legal and money advice"],
                ["Home office", "One-off allowance plus a monthly internet contribution"],
                ["Laptop", "MacBook or ThinkPad of your choice, refreshed every 4 years"],
                ["Family care", "5 paid days a year to look after a sick relative"],
                ["Volunteering", "2 paid days a year for a charity of your choice"],
            ],
            caption="Benefits for everyone",
        ),
        p(
            "<p>The learning budget resets every January and does not carry over. Agree bigger "
            "items, such as a conference abroad, with your manager first, then book and claim "
            "them in Spendwise under <i>Learning</i>. Travel to a conference is paid from the "
            "team travel budget, not from your learning budget.</p>"
        ),
        callout(
            "info",
            "Questions?",
            "<p>Ask in <b>#ask-people</b> or email benefits@fernway.io. The People Operations "
            "team answers within two working days.</p>",
        ),
    ],
    "children": [BENEFITS_GERMANY, BENEFITS_UK],
}


# =========================================================================================
# IT Help
# =========================================================================================

_VPN_INTRO = p(
    "<p>FernGate VPN uses your SSO login plus a six-digit code from the <b>Keystone "
    "Authenticator</b> app. If you have a new phone, or your codes are suddenly rejected, you "
    "need to reset your token.</p>"
)

_VPN_STEP_PORTAL = (
    "Open a reset request",
    "<p>Go to <code>help.fernway.io</code> and choose <b>Access &gt; VPN token reset</b>. "
    "Requests are picked up within 30 minutes during office hours.</p>",
)
_VPN_STEP_VERIFY = (
    "Verify your identity",
    "<p>The Service Desk calls you on video and asks you to show your face and your Fernway "
    "badge or an ID document. We never reset tokens over chat or email alone.</p>",
)
_VPN_STEP_ENROL = (
    "Enrol the new token",
    "<p>You receive a QR code by email. Scan it in Keystone Authenticator within 10 minutes; "
    "after that it expires and you need a new one.</p>",
)
_VPN_STEP_TEST_V1 = (
    "Test the connection",
    "<p>Open FernGate, choose the <b>EU-Berlin</b> or <b>UK-London</b> gateway and sign in "
    "with your new code.</p>",
)
_VPN_STEP_TEST_V2 = (
    "Test the connection",
    "<p>Open FernGate 5, leave the gateway on <b>Automatic</b> (it picks "
    "<code>eu-central</code> or <code>uk-south</code>) and sign in with your new code.</p>",
)
_VPN_STEP_SELF_SERVICE = (
    "Try self-service first",
    "<p>If you registered a backup device, go to <code>id.fernway.io/security</code> and "
    "choose <b>Replace authenticator</b>. It takes two minutes and you can skip the remaining "
    "steps.</p>",
)

_VPN_TAIL = [
    callout(
        "warning",
        "Never share your codes",
        "<p>The Service Desk will never ask you for a code from Keystone. If someone does, "
        "report it as phishing.</p>",
    ),
    faq(
        "I am travelling and locked out. Who can help?",
        "<p>Call the Service Desk on <b>+49 30 5557 1200</b>. The line is staffed 24/7 for "
        "people who cannot work at all.</p>",
    ),
]

_VPN_V1 = [
    _VPN_INTRO,
    steps(_VPN_STEP_PORTAL, _VPN_STEP_VERIFY, _VPN_STEP_ENROL, _VPN_STEP_TEST_V1),
    *_VPN_TAIL,
]
_VPN_V2 = [
    _VPN_INTRO,
    steps(_VPN_STEP_PORTAL, _VPN_STEP_VERIFY, _VPN_STEP_ENROL, _VPN_STEP_TEST_V2),
    *_VPN_TAIL,
]
_VPN_V3 = [
    _VPN_INTRO,
    steps(
        _VPN_STEP_SELF_SERVICE,
        _VPN_STEP_PORTAL,
        _VPN_STEP_VERIFY,
        _VPN_STEP_ENROL,
        _VPN_STEP_TEST_V2,
    ),
    *_VPN_TAIL,
]

RESET_VPN_TOKEN = {
    "slug": "reset-vpn-token",
    "title": "Reset your VPN token",
    "kind": "howto",
    "summary": (
        "New phone or rejected codes? How to reset your FernGate VPN token, by self-service or "
        "through the Service Desk."
    ),
    "tags": ["vpn", "accounts", "remote-work"],
    "owner": "admin",
    "review": "verified",
    "body": _VPN_V1,
    "revisions": [
        revision("Updated gateway names for FernGate 5", False, "admin", _VPN_V2),
        revision(
            "Added the self-service reset for people with a backup device",
            False,
            "editor",
            _VPN_V3,
        ),
    ],
}

LAPTOP_REPLACEMENT = {
    "slug": "laptop-replacement",
    "title": "Laptop replacement",
    "kind": "howto",
    "summary": (
        "When you are due a new laptop, how to request one, and how to hand back the old one "
        "safely."
    ),
    "tags": ["hardware"],
    "owner": "admin",
    "review": "due",
    "body": [
        p(
            "<p>Laptops are replaced every four years, or earlier if they are broken beyond "
            "repair. Peoplehub shows your laptop's refresh date under <b>My equipment</b>.</p>"
        ),
        table(
            [
                ["Role", "Standard laptop", "Refresh"],
                ["Engineering and Data", "MacBook Pro 14-inch, M3 Pro, 36 GB", "4 years"],
                ["Everyone else", "MacBook Air 13-inch, M3, 16 GB", "4 years"],
                ["Windows exception", "Lenovo ThinkPad T14, 32 GB", "4 years"],
            ],
        ),
        steps(
            (
                "Request the replacement",
                "<p>In <code>help.fernway.io</code>, choose <b>Hardware &gt; Laptop "
                "replacement</b>. Broken laptops jump the queue.</p>",
            ),
            (
                "Back up your files",
                "<p>Make sure everything you need is in Drive. Local files are not migrated.</p>",
            ),
            (
                "Collect or receive the new laptop",
                "<p>Pick it up at the IT bar in Berlin or London, or we ship it to remote "
                "colleagues within 5 working days. It arrives enrolled in Fleet.</p>",
            ),
            (
                "Return the old laptop within 14 days",
                "<p>Hand it in at the IT bar or use the prepaid return box. IT wipes it and "
                "recycles or donates it.</p>",
            ),
        ),
        p(
            "<p>Before you hand the old one back, check that your vault is synced as described "
            "in "
            '<a href="page:it-help/password-manager-setup">Set up the password manager</a>'
            ".</p>"
        ),
        callout(
            "danger",
            "Lost or stolen laptop",
            "<p>Report it within one hour on <b>+49 30 5557 1200</b> or at help.fernway.io. "
            "Security will lock and wipe it remotely.</p>",
        ),
    ],
}

PASSWORD_MANAGER_SETUP = {
    "slug": "password-manager-setup",
    "title": "Set up the password manager",
    "kind": "howto",
    "summary": (
        "Install Vaultkeeper, choose a strong master passphrase and move your work credentials "
        "out of the browser."
    ),
    "tags": ["accounts", "security"],
    "owner": "admin",
    "review": "verified",
    "body": [
        p(
            "<p><b>Vaultkeeper</b> is Fernway's password manager. Every work credential that is "
            "not covered by SSO must live in Vaultkeeper, not in your browser, a spreadsheet or "
            "a note.</p>"
        ),
        steps(
            (
                "Install Vaultkeeper",
                "<p>Open the Self Service app on your laptop and install Vaultkeeper and its "
                "browser extension.</p>",
            ),
            (
                "Sign in with SSO",
                "<p>Use your Fernway account. Your account is created automatically on your "
                "first day.</p>",
            ),
            (
                "Create your master passphrase",
                "<p>Use at least four random words and 20 characters. It is the one passphrase "
                "you must remember; never reuse it anywhere.</p>",
            ),
            (
                "Save your recovery kit",
                "<p>Print the recovery kit or store it somewhere safe at home. The Service Desk "
                "cannot read your private vault.</p>",
            ),
            (
                "Move credentials out of the browser",
                "<p>Import saved logins from Chrome or Firefox, then delete them from the "
                "browser.</p>",
            ),
        ),
        h2("Shared team vaults"),
        p(
            "<p>Teams share credentials in vaults named <i>Team - &lt;team name&gt;</i>. Request "
            "a new one at help.fernway.io; the team lead becomes the owner and manages "
            "access.</p>"
        ),
        faq(
            "I forgot my master passphrase. What now?",
            "<p>Use your recovery kit. Without it, the Service Desk can reset your account and "
            "restore access to team vaults, but items in your private vault are lost.</p>",
        ),
    ],
}

REPORT_PHISHING = {
    "slug": "report-phishing",
    "title": "Phishing: how to report it",
    "kind": "howto",
    "summary": "How to spot a phishing email, how to report it, and what to do if you clicked.",
    "tags": ["security", "accounts"],
    "owner": "admin",
    "review": "verified",
    "body": [
        p(
            "<p>Our filters block around 2,000 phishing emails a month, but some always get "
            "through. Recent examples impersonated Peoplehub payslip notifications and DocuSign "
            "contract requests.</p>"
        ),
        h2("Warning signs"),
        p(
            "<ul><li>Urgency: <i>your account will be closed today</i></li>"
            "<li>A sender address that does not match the display name</li>"
            "<li>Login pages that are not on <code>id.fernway.io</code></li>"
            "<li>Unexpected attachments, especially HTML or ZIP files</li></ul>"
        ),
        steps(
            (
                "Don't click, reply or forward",
                "<p>Leave links and attachments alone.</p>",
            ),
            (
                "Press Report phish",
                "<p>Use the <b>Report phish</b> button in the Mail toolbar. It sends the email "
                "with its headers to Security and removes it from your inbox.</p>",
            ),
            (
                "Wait for the verdict",
                "<p>Security replies within one business hour and removes the email from every "
                "other inbox that received it.</p>",
            ),
        ),
        callout(
            "danger",
            "Clicked a link or entered your password?",
            "<p>Change your password at id.fernway.io right away, then page Security with "
            "<code>/page security-oncall</code> in Relay. Minutes matter.</p>",
        ),
        quote(
            "Reporting a phish you fell for is never a disciplinary matter. The only mistake is "
            "staying quiet.",
            "Priya Raman, Chief Information Security Officer",
        ),
    ],
}

SOFTWARE_REQUEST_PROCESS = {
    "slug": "software-request-process",
    "title": "Software request process",
    "kind": "policy",
    "summary": (
        "How to get new software or SaaS tools approved, and how long each type of request takes."
    ),
    "tags": ["software", "security"],
    "owner": "admin",
    "review": "stale",
    "body": [
        p(
            "<p>All software used for Fernway work must be approved, so that we know where "
            "company and customer data goes and what we pay for. Approved apps are in the Self "
            "Service catalogue and install without a request.</p>"
        ),
        table(
            [
                ["Request type", "Example", "Approval", "Typical time"],
                ["Catalogue app", "Figma, Docker Desktop", "Automatic", "Same day"],
                ["Free tool, no company data", "A diagram tool", "IT", "2 working days"],
                ["Browser extension", "A grammar checker", "Security", "3 working days"],
                [
                    "Tool that handles company or customer data",
                    "A new SaaS product",
                    "IT, Security and Finance if paid",
                    "2-3 weeks",
                ],
            ],
        ),
        steps(
            (
                "Check the catalogue",
                "<p>Search Self Service first; we may already have an approved tool for the "
                "job.</p>",
            ),
            (
                "Raise a request",
                "<p>At help.fernway.io, choose <b>Software &gt; New request</b>. Describe the "
                "business need, the data involved and the number of users.</p>",
            ),
            (
                "Vendor review",
                "<p>For tools that handle data, Security sends the vendor a questionnaire and "
                "checks their certifications.</p>",
            ),
            (
                "Purchase",
                "<p>Finance buys paid tools centrally. Do not put subscriptions on a personal "
                "or company card.</p>",
            ),
        ),
        callout(
            "warning",
            "No shadow IT",
            "<p>Signing up to a tool with your Fernway email and uploading company data without "
            "approval breaches the information security policy.</p>",
        ),
    ],
}

PRINTER_SETUP_BERLIN = {
    "slug": "printer-setup-berlin",
    "title": "Printers in the Berlin office",
    "kind": "reference",
    "summary": "Where the printers are in Berlin, what each one can do and who refills them.",
    "tags": ["printing", "offices"],
    "owner": "admin",
    "review": "verified",
    "body": [
        p(
            "<p>The Berlin office has three PrintPoint devices. All of them release jobs from "
            "the <b>Fernway-Secure</b> queue when you tap your badge.</p>"
        ),
        table(
            [
                ["Location", "Device", "Can do"],
                ["Floor 3, next to the kitchen", "BER-3-01", "A4, duplex, scan to email"],
                ["Floor 4, by meeting room Spree", "BER-4-01", "A4 and A3, colour, stapling"],
                ["Floor 4, reception", "BER-4-02", "A4 only"],
            ],
        ),
        p(
            "<p>Paper and toner are refilled by the Office team every Monday and Thursday. If a "
            "printer is empty or jammed in between, post in <b>#berlin-office</b>.</p>"
        ),
        faq(
            "Can I print posters for an event?",
            "<p>BER-4-01 prints up to A3. For anything larger, ask the Office team in "
            "#berlin-office at least three working days before the event; they order it from "
            "our print supplier.</p>",
        ),
        faq(
            "My badge is not recognised by the printer. What do I do?",
            "<p>Tap it once and enter your Fernway username when asked; the printer links the "
            "badge to your account. New badges take up to an hour to sync.</p>",
        ),
        callout(
            "info",
            "Scanning",
            "<p>Scans from BER-3-01 go to your Fernway email as PDF. Files larger than 20 MB "
            "are sent as a Drive link instead.</p>",
        ),
    ],
}

PRINTER_SETUP_LONDON = {
    "slug": "printer-setup-london",
    "title": "Printers in the London office",
    "kind": "reference",
    "summary": "Where the printers are in London and what to do if one is out of order.",
    "tags": ["printing", "offices"],
    "owner": "admin",
    "review": "stale",
    "body": [
        p(
            "<p>The London office has two PrintPoint devices, both on the <b>Fernway-Secure</b> "
            "queue. The old <i>LDN-Canon-2</i> queue was removed; delete it from your laptop if "
            "you still see it.</p>"
        ),
        table(
            [
                ["Location", "Device", "Can do"],
                ["Floor 1, near the lifts", "LDN-1-01", "A4, duplex, scan to email"],
                ["Floor 2, print corner", "LDN-2-01", "A4 and A3, colour"],
            ],
        ),
        p(
            "<p>Report problems in <b>#london-office</b>. Building reception can't help with "
            "our printers, as they are managed by Fernway IT.</p>"
        ),
        faq(
            "The printer says my badge is unknown. What now?",
            "<p>Badges issued by the building are not linked to PrintPoint. Tap your badge, "
            "enter your Fernway username when asked, and the printer remembers the badge from "
            "then on. If that fails, raise a ticket at help.fernway.io.</p>",
        ),
        faq(
            "Can I print large runs, such as 200 event handouts?",
            "<p>Anything over 100 pages should go to our print supplier through the Office "
            "team, who can usually deliver within two working days.</p>",
        ),
        callout(
            "warning",
            "Confidential documents",
            "<p>Use the locked shredding bin next to LDN-2-01 for anything containing customer "
            "or employee data. Never leave printouts on the tray.</p>",
        ),
    ],
}

PRINTER_SETUP = {
    "slug": "printer-setup",
    "title": "Printer setup",
    "kind": "howto",
    "summary": "Set up follow-me printing once and print securely in the Berlin or London office.",
    "tags": ["printing", "offices"],
    "owner": "admin",
    "review": "verified",
    "body": [
        p(
            "<p>Both offices use <b>PrintPoint</b> follow-me printing. You print to one queue "
            "and release the job at any printer with your badge, so nothing sits on a tray for "
            "others to read.</p>"
        ),
        steps(
            (
                "Install the driver",
                "<p>Open Self Service and install <b>PrintPoint</b>. It adds the "
                "Fernway-Secure queue.</p>",
            ),
            (
                "Print",
                "<p>Choose <b>Fernway-Secure</b> as the printer. Colour and duplex are set at "
                "the printer, not in the dialog.</p>",
            ),
            (
                "Release the job",
                "<p>Tap your badge on any PrintPoint device and pick your job. Unreleased jobs "
                "are deleted after 24 hours.</p>",
            ),
        ),
        faq(
            "My job does not show up at the printer. What is wrong?",
            "<p>Check that you printed to <b>Fernway-Secure</b> and not to a printer your laptop "
            "found on the network by itself. If the queue is right, restart the PrintPoint "
            "client from the menu bar and print again.</p>",
        ),
        faq(
            "Can I print from my phone?",
            "<p>Yes: email the document from your Fernway account to "
            "<code>print@fernway.io</code> and release it with your badge.</p>",
        ),
        p(
            "<p>Printer locations and office-specific details are in the pages for Berlin and "
            "London below.</p>"
        ),
    ],
    "children": [PRINTER_SETUP_BERLIN, PRINTER_SETUP_LONDON],
}

GUEST_WIFI = {
    "slug": "guest-wifi",
    "title": "Wi-Fi for guests",
    "kind": "faq",
    "summary": "How visitors get onto the guest Wi-Fi in Berlin and London, and its limits.",
    "tags": ["wifi", "offices"],
    "owner": "admin",
    "review": "verified",
    "body": [
        p(
            "<p>Visitors, candidates and contractors without a Fernway laptop use the guest "
            "network. It is separated from our internal network and only reaches the "
            "internet.</p>"
        ),
        faq(
            "Which network should guests use?",
            "<p><b>Fernway-Guest</b> in both offices. Employees' laptops use "
            "<b>Fernway-Corp</b>, which signs in automatically with a certificate.</p>",
        ),
        faq(
            "How does a guest get access?",
            "<p>They connect to Fernway-Guest and enter their host's email on the portal page. "
            "The host gets an approval link; access lasts 24 hours. Reception can also hand out "
            "printed vouchers.</p>",
        ),
        faq(
            "Can a visitor stay connected for a whole week?",
            "<p>Yes: ask reception for a multi-day voucher, valid for up to 5 days.</p>",
        ),
        faq(
            "Is there a speed limit?",
            "<p>Each device gets 20 Mbit/s. Peer-to-peer traffic and outgoing mail servers are "
            "blocked.</p>",
        ),
        faq(
            "We are hosting an event for 40 people. What do we need?",
            "<p>Request an event network at help.fernway.io at least 5 working days before "
            "the event. You get a dedicated network name and one shared access code.</p>",
        ),
        callout(
            "warning",
            "Keep Fernway-Corp private",
            "<p>Never connect a guest's device to Fernway-Corp or share your certificate or "
            "login with them.</p>",
        ),
    ],
}


# =========================================================================================
# Sales
# =========================================================================================

_DISCOUNT_INTRO = p(
    "<p>List prices are in the price book in Northstar CRM. Any discount off list price needs "
    "approval according to the table below. Approvals are requested on the opportunity with "
    "<b>Request discount</b>, never by email or in Relay.</p>"
)

_DISCOUNT_TABLE_V1 = table(
    [
        ["Discount off list", "Who approves", "Turnaround"],
        ["Up to 15%", "Account Executive (self-approval)", "Immediate"],
        ["15% to 25%", "Sales Manager", "1 business day"],
        ["25% to 35%", "Regional VP Sales", "2 business days"],
        ["Over 35%", "Deal Desk and the Chief Revenue Officer", "3 business days"],
    ],
    caption="Discounts are calculated on first-year annual contract value (ACV)",
)

_DISCOUNT_TABLE_V2 = table(
    [
        ["Discount off list", "Who approves", "Turnaround"],
        ["Up to 10%", "Account Executive (self-approval)", "Immediate"],
        ["10% to 25%", "Sales Manager", "1 business day"],
        ["25% to 35%", "Regional VP Sales", "2 business days"],
        ["Over 35%", "Deal Desk and the Chief Revenue Officer", "3 business days"],
    ],
    caption="Discounts are calculated on first-year annual contract value (ACV)",
)

_DISCOUNT_TABLE_V3 = table(
    [
        ["Discount off list", "Who approves", "Turnaround"],
        ["Up to 10%", "Account Executive (self-approval)", "Immediate"],
        ["10% to 25%", "Sales Manager", "1 business day"],
        ["25% to 35%", "Regional VP Sales", "2 business days"],
        ["Over 35%", "Deal Desk and the Chief Revenue Officer", "3 business days"],
        [
            "Multi-year prepaid (3 years)",
            "An extra 5% at each tier without further approval",
            "Immediate",
        ],
    ],
    caption="Discounts are calculated on first-year annual contract value (ACV)",
)

_DISCOUNT_RULES = p(
    "<ul><li>Non-standard terms go to Deal Desk whatever the discount: payment terms over "
    "45 days, uncapped liability, or termination for convenience.</li>"
    "<li>Approvals are valid for 30 days. After that, request them again.</li>"
    "<li>Renewal discounts follow the same table, measured against the current list price."
    "</li></ul>"
)

_DISCOUNT_TAIL = [
    callout(
        "danger",
        "No side letters",
        "<p>Every commitment to a customer must be in the order form. Promises made outside "
        "the contract, in emails or side letters, are a serious breach of this policy.</p>",
    ),
    faq(
        "Do free months count as a discount?",
        "<p>Yes. Convert them into an effective discount on first-year ACV; two free months on "
        "an annual contract is a 16.7% discount.</p>",
    ),
]

_DISCOUNT_V1 = [
    _DISCOUNT_INTRO,
    _DISCOUNT_TABLE_V1,
    h2("Rules"),
    _DISCOUNT_RULES,
    *_DISCOUNT_TAIL,
]
_DISCOUNT_V2 = [
    _DISCOUNT_INTRO,
    _DISCOUNT_TABLE_V2,
    h2("Rules"),
    _DISCOUNT_RULES,
    *_DISCOUNT_TAIL,
]
_DISCOUNT_V3 = [
    _DISCOUNT_INTRO,
    _DISCOUNT_TABLE_V3,
    h2("Rules"),
    _DISCOUNT_RULES,
    *_DISCOUNT_TAIL,
]

DISCOUNT_APPROVAL_POLICY = {
    "slug": "discount-approval-policy",
    "title": "Discount approval policy",
    "kind": "policy",
    "summary": (
        "Who can approve which discount off list price, how to request approval in Northstar "
        "CRM, and what always goes to Deal Desk."
    ),
    "tags": ["discounts", "pricing"],
    "owner": "owner",
    "review": "verified",
    "body": _DISCOUNT_V1,
    "revisions": [
        revision(
            "Account Executive self-approval lowered from 15% to 10%",
            True,
            "owner",
            _DISCOUNT_V2,
        ),
        revision("Added the multi-year prepaid row", False, "editor", _DISCOUNT_V3),
    ],
}

CRM_HYGIENE_GUIDE = {
    "slug": "crm-hygiene-guide",
    "title": "CRM hygiene guide",
    "kind": "guide",
    "summary": (
        "The Northstar CRM fields we rely on for the forecast, and a 30-minute weekly routine "
        "to keep your pipeline clean."
    ),
    "tags": ["crm", "pipeline"],
    "owner": "editor",
    "review": "verified",
    "body": [
        p(
            "<p>Our forecast, territory planning and commission all come from Northstar CRM. "
            "If it is not in Northstar, it did not happen. Discount requests also live there; "
            "see the "
            '<a href="page:sales/discount-approval-policy">discount approval policy</a>'
            ".</p>"
        ),
        h2("The fields we check"),
        table(
            [
                ["Field", "Rule", "Checked"],
                [
                    "Next step and date",
                    "Set on every open opportunity; never in the past",
                    "Weekly",
                ],
                ["Close date", "Realistic; moved no more than twice without a note", "Weekly"],
                ["Stage", "Matches the exit criteria for the stage", "Weekly"],
                ["Contacts", "At least two contacts with roles on deals over €25k ACV", "Monthly"],
                ["Amount", "First-year ACV in EUR, matching the latest quote", "Weekly"],
            ],
        ),
        h2("Your weekly routine"),
        steps(
            (
                "Run the hygiene report",
                "<p>Every Friday, open the <b>My pipeline hygiene</b> report in Northstar. Red "
                "rows break at least one rule.</p>",
            ),
            (
                "Fix the red rows",
                "<p>Update next steps, close dates and amounts. Close-lost anything with no "
                "customer contact in 60 days.</p>",
            ),
            (
                "Log your activities",
                "<p>Make sure calls and meetings synced from your calendar are attached to the "
                "right opportunity.</p>",
            ),
        ),
        callout(
            "info",
            "Forecast call",
            "<p>Revenue Operations takes a forecast snapshot every Monday at 09:00 CET. Changes "
            "after that count towards the following week.</p>",
        ),
    ],
}

PRICING_FAQ = {
    "slug": "pricing-faq",
    "title": "Pricing FAQ",
    "kind": "faq",
    "summary": "Quick answers to the pricing questions customers ask most often.",
    "tags": ["pricing", "discounts", "renewals"],
    "owner": "editor",
    "review": "due",
    "body": [
        p(
            "<p>Use these answers on calls and in emails. For anything not covered, ask in "
            "<b>#deal-desk</b>.</p>"
        ),
        faq(
            "What plans do we sell?",
            "<p>Starter, Growth and Enterprise, all priced per user per month. Enterprise adds "
            "SSO, audit logs, the EU data residency option and a named customer success "
            "manager.</p>",
        ),
        faq(
            "Is there a minimum number of users?",
            "<p>Starter has no minimum. Growth starts at 10 users and Enterprise at 50.</p>",
        ),
        faq(
            "Do we offer monthly billing?",
            "<p>On Starter and Growth, yes, at list price. Annual prepaid contracts get two "
            "months free. Enterprise is annual only.</p>",
        ),
        faq(
            "Do nonprofits and schools get a discount?",
            "<p>Registered nonprofits and accredited education institutions get 30% off Growth "
            "and Enterprise. It needs proof of status and does not stack with other "
            "discounts.</p>",
        ),
        faq(
            "How much can the price go up at renewal?",
            "<p>Our standard order form caps renewal increases at 7% a year.</p>",
        ),
        faq(
            "Which currencies can customers pay in?",
            "<p>EUR, GBP and USD. The currency is fixed for the length of the contract.</p>",
        ),
    ],
}

PROPOSAL_TEMPLATE_GUIDE = {
    "slug": "proposal-template-guide",
    "title": "Proposal template guide",
    "kind": "guide",
    "summary": (
        "Which proposal template to use, how to structure a proposal, and when Deal Desk needs "
        "to review it."
    ),
    "tags": ["proposals", "pricing", "templates"],
    "owner": "editor",
    "review": "verified",
    "body": [
        p(
            "<p>Generate proposals from the opportunity in Northstar with <b>Create "
            "proposal</b>. It fills in the customer details, the quote and the current legal "
            "links. Templates also live in Drive under <i>Sales &gt; Proposals &gt; "
            "Templates</i>.</p>"
        ),
        h2("Structure"),
        p(
            "<ol><li>Executive summary in the customer's words: their problem and goal</li>"
            "<li>Proposed solution and rollout plan</li>"
            "<li>Customer references from the same industry</li>"
            "<li>Commercials: the quote generated by Northstar</li>"
            "<li>Security and compliance: a link to the Trust Center</li>"
            "<li>Next steps with dates</li></ol>"
        ),
        callout(
            "warning",
            "Never copy an old proposal",
            "<p>Old proposals contain expired prices, outdated legal terms and sometimes "
            "another customer's name. Always start from the template.</p>",
        ),
        h2("Review"),
        p(
            "<p>Proposals over <b>€100,000 ACV</b> or with non-standard terms are reviewed by "
            "Deal Desk before they are sent. Allow two business days.</p>"
        ),
        faq(
            "Can I change the legal terms in a proposal?",
            "<p>No. Proposals link to our standard terms; any change is negotiated by Legal in "
            "the order form.</p>",
        ),
    ],
}

PARTNER_REFERRAL_PROCESS = {
    "slug": "partner-referral-process",
    "title": "Partner referral process",
    "kind": "howto",
    "summary": (
        "How referral partners register deals, how we validate them, and when referral fees "
        "are paid."
    ),
    "tags": ["partners", "crm"],
    "owner": "owner",
    "review": "stale",
    "body": [
        p(
            "<p>Referral partners introduce customers to us and earn a fee when the deal "
            "closes. The Partnerships team owns the programme; ask in <b>#partners</b>.</p>"
        ),
        steps(
            (
                "The partner registers the deal",
                "<p>Partners submit the company, contact and expected size in the partner "
                "portal. A registration is valid for 90 days.</p>",
            ),
            (
                "Partnerships validates it",
                "<p>Within 2 business days we check that there is no open opportunity and no "
                "sales activity on the account in the last 90 days.</p>",
            ),
            (
                "The opportunity is created",
                "<p>Northstar creates the opportunity with <b>Lead source = Partner</b> and "
                "assigns it to the territory's Account Executive.</p>",
            ),
            (
                "The fee is paid",
                "<p>Finance pays the referral fee once the customer has paid the first "
                "invoice.</p>",
            ),
        ),
        table(
            [
                ["Tier", "Referral fee", "Requirement"],
                ["Registered", "10% of first-year ACV", "Signed partner agreement"],
                ["Premier", "15% of first-year ACV", "3 closed referrals in 12 months"],
            ],
        ),
        callout(
            "info",
            "Conflicts",
            "<p>If an Account Executive was already talking to the customer, the Head of "
            "Partnerships and the Regional VP Sales decide together within a week.</p>",
        ),
    ],
}

SECURITY_QUESTIONNAIRE = {
    "slug": "enterprise-security-questionnaire",
    "title": "Answer an enterprise security questionnaire",
    "kind": "howto",
    "summary": (
        "How to handle security questionnaires from enterprise prospects using the Trust "
        "Center and the Answerbank library."
    ),
    "tags": ["security", "proposals"],
    "owner": "editor",
    "review": "verified",
    "body": [
        p(
            "<p>Most enterprise prospects send a security questionnaire: SIG Lite, CAIQ or their "
            "own spreadsheet with 100 to 400 questions. Most answers already exist; your job is "
            "to reuse them and route the rest to Security.</p>"
        ),
        steps(
            (
                "Start with the Trust Center",
                "<p>Send <code>trust.fernway.io</code> first. Many prospects accept our SOC 2 "
                "report instead of a questionnaire.</p>",
            ),
            (
                "Request help in #security-questionnaires",
                "<p>Post the opportunity link and due date. Allow at least 5 business days.</p>",
            ),
            (
                "Fill in what you can from Answerbank",
                "<p>Answerbank holds about 900 pre-approved answers. Use its import to "
                "pre-fill the spreadsheet.</p>",
            ),
            (
                "Security reviews the gaps",
                "<p>Security answers anything not in Answerbank and adds new answers to the "
                "library.</p>",
            ),
            (
                "Send and log it",
                "<p>Send the final version from Northstar so it is stored on the opportunity.</p>",
            ),
        ),
        table(
            [
                ["Document", "Where", "NDA needed"],
                ["SOC 2 Type II report", "Trust Center", "Yes"],
                ["ISO 27001 certificate", "Trust Center", "No"],
                ["Penetration test summary", "Trust Center", "Yes"],
                ["Data processing agreement", "Legal, via #legal-requests", "No"],
            ],
        ),
        callout(
            "warning",
            "Don't improvise",
            "<p>Never promise a control or feature that is not in Answerbank. Incorrect answers "
            "become contractual commitments.</p>",
        ),
    ],
}

SALES_STAGES = {
    "slug": "sales-stages",
    "title": "Sales stages and exit criteria",
    "kind": "reference",
    "summary": "The opportunity stages in Northstar CRM, their exit criteria and probabilities.",
    "tags": ["crm", "pipeline"],
    "owner": "owner",
    "review": "verified",
    "body": [
        p(
            "<p>An opportunity moves to the next stage only when the exit criteria are met. The "
            "probability feeds the weighted forecast and is set automatically.</p>"
        ),
        table(
            [
                ["Stage", "Exit criteria", "Probability"],
                ["0 Qualify", "Pain confirmed; budget range and timeline known", "5%"],
                ["1 Discovery", "Economic buyer identified; success criteria agreed", "10%"],
                ["2 Solution fit", "Demo or trial done; technical fit confirmed", "25%"],
                ["3 Proposal", "Proposal sent; decision process mapped", "50%"],
                ["4 Negotiation", "Verbal yes; order form with legal", "75%"],
                ["5 Closed won", "Order form signed by both parties", "100%"],
                ["Closed lost", "Loss reason and competitor recorded", "0%"],
            ],
        ),
        callout(
            "info",
            "Skipping stages",
            "<p>You can skip stages, but you cannot skip the fields: Northstar asks for every "
            "earlier stage's exit criteria before it saves.</p>",
        ),
        p(
            "<p>Sales managers review stage changes in the Monday pipeline meeting. Deals that "
            "sit in one stage for more than 45 days are flagged in the hygiene report.</p>"
        ),
    ],
}

RENEWALS_PLAYBOOK = {
    "slug": "renewals-playbook",
    "title": "Renewals playbook",
    "kind": "guide",
    "summary": "The 120-day renewal timeline, price uplifts and what to do with at-risk accounts.",
    "tags": ["renewals", "pricing", "discounts"],
    "owner": "editor",
    "review": "verified",
    "body": [
        p(
            "<p>About 70% of our annual revenue comes from renewals. Account Managers own them, "
            "with the customer success manager as a partner on every Enterprise account.</p>"
        ),
        table(
            [
                ["Days before renewal", "What happens"],
                ["120", "Northstar creates the renewal opportunity; health score review"],
                ["90", "Business review with the customer; agree expansion or risks"],
                ["60", "Renewal quote sent, including the price uplift"],
                ["30", "Order form signed, or escalation to the Regional VP"],
            ],
        ),
        h2("Price uplifts"),
        p(
            "<p>The default uplift is 5%, within the 7% cap in our order form. Waiving the "
            "uplift counts as a discount under the discount approval policy.</p>"
        ),
        callout(
            "warning",
            "At-risk accounts",
            "<p>If the health score is red at 120 days, open a save plan in Northstar and "
            "invite the customer success manager and your Sales Manager within a week.</p>",
        ),
        faq(
            "The customer wants to reduce seats at renewal. Can we agree?",
            "<p>Yes, down to the plan minimum, but flag it in the forecast as a contraction "
            "straight away. Ask why first: seat reductions are often a sign of low adoption "
            "that customer success can still fix before the renewal date.</p>",
        ),
    ],
}


# =========================================================================================
# Onboarding
# =========================================================================================

_FIRST_WEEK_INTRO = p(
    "<p>Welcome to Fernway! This checklist covers your first five days. Your manager and your "
    "buddy know it too, so tick things off together and ask as many questions as you like.</p>"
)

_FW_DAY1_AM_V1 = (
    "Day 1, morning: get set up",
    "<p>Collect your laptop at reception (Berlin and London); remote colleagues receive it "
    "three days before their start date. Sign in with your Fernway account and set up "
    "Vaultkeeper.</p>",
)
_FW_DAY1_AM_V3 = (
    "Day 1, morning: get set up",
    "<p>Collect your laptop at the IT bar (Berlin: floor 3; London: floor 1); remote "
    "colleagues receive it three days before their start date. Sign in with your Fernway "
    "account and set up Vaultkeeper.</p>",
)
_FW_DAY1_PM = (
    "Day 1, afternoon: welcome session",
    "<p>Join the welcome session at 14:00 CET with the People team and a member of the "
    "leadership team. The invitation is already in your calendar.</p>",
)
_FW_DAY2 = (
    "Day 2: meet your buddy",
    "<p>Your buddy books 30 minutes with you. Join the Relay channels for your team, your "
    "office or #remote, and #announcements.</p>",
)
_FW_DAY3_V1 = (
    "Day 3: mandatory training",
    "<p>Complete security awareness, data protection and code of conduct training in Academy. "
    "It takes about 90 minutes in total.</p>",
)
_FW_DAY3_V2 = (
    "Day 3: mandatory training",
    "<p>Complete security awareness, data protection and code of conduct training in Academy. "
    "It takes about 90 minutes in total and must be done by the end of your first week; "
    "access to customer data is only switched on afterwards.</p>",
)
_FW_DAY4 = (
    "Day 4: join your team's rituals",
    "<p>Sit in on stand-ups, planning or pipeline meetings. Listening is the job this week.</p>",
)
_FW_DAY5 = (
    "Day 5: check in with your manager",
    "<p>Spend 30 minutes reviewing the week and agree your 30-60-90 day plan in Peoplehub.</p>",
)

_FIRST_WEEK_TIP = callout(
    "info",
    "Feeling overwhelmed?",
    "<p>Totally normal. Nobody expects you to remember every tool or acronym in week one; the "
    "onboarding glossary is there for exactly that.</p>",
)

_FIRST_WEEK_V1 = [
    _FIRST_WEEK_INTRO,
    steps(_FW_DAY1_AM_V1, _FW_DAY1_PM, _FW_DAY2, _FW_DAY3_V1, _FW_DAY4, _FW_DAY5),
    _FIRST_WEEK_TIP,
]
_FIRST_WEEK_V2 = [
    _FIRST_WEEK_INTRO,
    steps(_FW_DAY1_AM_V1, _FW_DAY1_PM, _FW_DAY2, _FW_DAY3_V2, _FW_DAY4, _FW_DAY5),
    _FIRST_WEEK_TIP,
]
_FIRST_WEEK_V3 = [
    _FIRST_WEEK_INTRO,
    steps(_FW_DAY1_AM_V3, _FW_DAY1_PM, _FW_DAY2, _FW_DAY3_V2, _FW_DAY4, _FW_DAY5),
    _FIRST_WEEK_TIP,
]

FIRST_WEEK_CHECKLIST = {
    "slug": "first-week-checklist",
    "title": "Your first week checklist",
    "kind": "howto",
    "summary": "Day-by-day checklist for your first week at Fernway, from laptop to 30-60-90 plan.",
    "tags": ["onboarding", "buddies"],
    "owner": "comms",
    "review": "verified",
    "body": _FIRST_WEEK_V1,
    "revisions": [
        revision(
            "Mandatory training must now be finished in week one", False, "comms", _FIRST_WEEK_V2
        ),
        revision(
            "Laptop collection moved from reception to the IT bar", False, "editor", _FIRST_WEEK_V3
        ),
    ],
}

WHOS_WHO = {
    "slug": "whos-who",
    "title": "Who's who",
    "kind": "reference",
    "summary": "The leadership team and the departments at Fernway, with who to ask for what.",
    "tags": ["onboarding", "teams"],
    "owner": "comms",
    "review": "due",
    "body": [
        p(
            "<p>Fernway has about 600 people in six departments. Everyone's profile, manager "
            "and team are in the People directory; this page is the short version.</p>"
        ),
        table(
            [
                ["Role", "Name", "Based in"],
                ["Chief Executive Officer", "Hannah Becker", "Berlin"],
                ["Chief Technology Officer", "Tom Okafor", "London"],
                ["Chief Financial Officer", "Marta Lindqvist", "Berlin"],
                ["Chief Revenue Officer", "Daniel Weiss", "London"],
                ["Chief People Officer", "Aisha Grant", "Remote (Manchester)"],
                ["Chief Information Security Officer", "Priya Raman", "London"],
            ],
            caption="Leadership team",
        ),
        table(
            [
                ["Department", "Approx. people", "Ask them about"],
                ["Engineering", "250", "Product, platform, security, data"],
                ["Sales", "120", "Deals, customers, partners, renewals"],
                ["Operations", "100", "Customer support, IT, facilities"],
                ["Marketing & Communications", "45", "Brand, events, internal comms"],
                ["Finance", "30", "Expenses, invoices, budgets, payroll"],
                ["People & HR", "25", "Leave, benefits, hiring, reviews"],
            ],
            caption="Departments",
        ),
        p(
            "<p>For anyone else, use the People directory in Hearth: search by name, team or "
            "skill, and open the org chart from any profile. Profiles show each person's "
            "office, time zone and usual working hours, which helps when you schedule across "
            "Berlin, London and remote colleagues.</p>"
        ),
        callout(
            "info",
            "All-hands",
            "<p>The whole company meets on the first Thursday of every month at 16:00 CET. "
            "Recordings are posted in #announcements.</p>",
        ),
    ],
}

TOOLS_YOU_WILL_USE = {
    "slug": "tools-you-will-use",
    "title": "Tools you will use",
    "kind": "reference",
    "summary": "The everyday tools at Fernway, what each one is for and how you get access.",
    "tags": ["tools", "onboarding", "software"],
    "owner": "admin",
    "review": "verified",
    "body": [
        p(
            "<p>You sign in to almost everything with your Fernway account through single "
            "sign-on at <code>id.fernway.io</code>. Most tools are ready on your first day.</p>"
        ),
        table(
            [
                ["Tool", "What it is for", "Access"],
                ["Relay", "Chat, calls and channels", "Everyone, day one"],
                ["Mail and Calendar", "Email and meetings", "Everyone, day one"],
                ["Hearth", "This intranet: news, people and knowledge", "Everyone, day one"],
                ["Peoplehub", "Time off, payslips, reviews, benefits", "Everyone, day one"],
                ["Spendwise", "Expenses and company cards", "Everyone, day one"],
                ["Vaultkeeper", "Password manager", "Everyone, day one"],
                ["FernGate VPN", "Access to internal systems", "Everyone, day one"],
                ["Compass", "Issues and project tracking", "Requested by your manager"],
                ["Northstar CRM", "Customers and opportunities", "Sales and Customer Success"],
                ["Conveyor", "Build and deploy pipeline", "Engineering"],
            ],
        ),
        p(
            "<p>Need something that is not on the list? Follow the "
            '<a href="page:it-help/software-request-process">software request process</a>'
            "; many tools are already in the Self Service catalogue.</p>"
        ),
        callout(
            "warning",
            "Use work tools for work",
            "<p>Keep company data in Fernway tools. Personal cloud storage and personal chat "
            "apps are not allowed for work files or customer conversations.</p>",
        ),
    ],
}

GLOSSARY = {
    "slug": "glossary",
    "title": "Glossary",
    "kind": "reference",
    "summary": "The acronyms and internal names you will hear in your first weeks at Fernway.",
    "tags": ["glossary", "onboarding", "teams"],
    "owner": "comms",
    "review": "verified",
    "body": [
        p(
            "<p>Every company has its own language. Here is ours. Missing a term? Ask in "
            "#onboarding and we will add it.</p>"
        ),
        table(
            [
                ["Term", "Meaning"],
                ["ACV", "Annual contract value: what a customer pays per year"],
                ["ADR", "Architecture decision record"],
                ["Anchor day", "The day a team agrees to be in the office together"],
                ["Beacon", "Our public status page at status.fernway.io"],
                ["Conveyor", "The CI/CD pipeline that builds and deploys our services"],
                ["Deal Desk", "Sales team that reviews non-standard deals and pricing"],
                ["IC", "Incident commander: the person coordinating an incident"],
                ["PIR", "Post-incident review"],
                ["PTO", "Paid time off; the same as vacation or annual leave"],
                ["SEV1-SEV4", "Incident severity levels, SEV1 being the worst"],
                ["Switchboard", "Our feature flag service"],
                ["Tenant", "One customer's isolated workspace in the product"],
            ],
            first_col_is_header=True,
        ),
        p(
            "<p>Team names are usually what they sound like: <i>Payments</i> builds billing and "
            "invoicing, <i>Platform</i> runs infrastructure and <i>Growth</i> owns sign-up and "
            "the free trial.</p>"
        ),
    ],
}

BUDDY_PROGRAMME = {
    "slug": "buddy-programme",
    "title": "Buddy programme",
    "kind": "guide",
    "summary": (
        "Every new joiner gets a buddy for their first three months. What buddies do, and how "
        "to volunteer."
    ),
    "tags": ["onboarding", "buddies"],
    "owner": "comms",
    "review": "verified",
    "body": [
        p(
            "<p>Your buddy is a colleague from your department but not your team, who helps "
            "with the questions you might not want to ask your manager. Your buddy goes "
            "through the first week checklist with you.</p>"
        ),
        h2("For new joiners"),
        p(
            "<ul><li>Your buddy's name is in your welcome email.</li>"
            "<li>Ask anything: where the good lunch is, who owns which service, how a process "
            "really works.</li>"
            "<li>Give feedback on the programme in the 90-day survey.</li></ul>"
        ),
        h2("For buddies"),
        p(
            "<ul><li>Meet on day two for 30 minutes.</li>"
            "<li>Have a weekly coffee for the first six weeks, then monthly until three "
            "months.</li>"
            "<li>Expense up to €30 / £25 a month for coffee or lunch with your buddy, "
            "category <i>Buddy programme</i>.</li></ul>"
        ),
        quote(
            "My buddy told me which meetings I could skip and which ones I really couldn't. "
            "That alone saved me a month.",
            "Lena, Product Designer, joined in 2023",
        ),
        faq(
            "How do I become a buddy?",
            "<p>Sign up in Peoplehub under <b>Growth &gt; Buddy programme</b>. You need to "
            "have been at Fernway for at least six months.</p>",
        ),
    ],
}

NEW_MANAGER_ONBOARDING = {
    "slug": "new-manager-onboarding",
    "title": "New manager onboarding",
    "kind": "guide",
    "summary": (
        "What new and newly promoted managers do in their first 90 days, and the tools and "
        "training available."
    ),
    "tags": ["managers", "onboarding", "performance"],
    "owner": "comms",
    "review": "stale",
    "body": [
        p(
            "<p>Whether you joined as a manager or were just promoted, the first 90 days are "
            "about getting to know your people and learning the processes you now own. Your "
            "People Partner is your first point of contact.</p>"
        ),
        table(
            [
                ["When", "What"],
                ["Week 1", "1:1 with each report; manager permissions in Peoplehub"],
                ["Weeks 2-6", "Manager Essentials: four half-day sessions"],
                ["Month 2", "Team health check with your People Partner"],
                ["Month 3", "Shadow a calibration or a hiring panel"],
            ],
            caption="Your first 90 days",
        ),
        h2("Things you now approve"),
        p(
            "<ul><li>Time off requests, within three working days</li>"
            "<li>Expense claims up to €1,000</li>"
            "<li>Access requests for Compass and team vaults</li></ul>"
        ),
        callout(
            "warning",
            "Confidential information",
            "<p>As a manager you will see salaries, health information and performance data. "
            "Never share it outside the people who need to know, including with other "
            "managers.</p>",
        ),
        faq(
            "How often should I have 1:1s?",
            "<p>Weekly for 30 minutes is our default. Some teams move to every two weeks after "
            "a few months, but never less often.</p>",
        ),
    ],
}

ONBOARDING_FAQ = {
    "slug": "onboarding-faq",
    "title": "Onboarding FAQ",
    "kind": "faq",
    "summary": "Practical answers for new joiners: pay day, payslips, probation and who to ask.",
    "tags": ["onboarding", "hardware", "pto"],
    "owner": "comms",
    "review": "verified",
    "body": [
        p(
            "<p>The questions new joiners ask us most in their first month. Still stuck? Post "
            "in #onboarding; someone from People Operations answers the same day.</p>"
        ),
        faq(
            "When do I get paid?",
            "<p>In Germany on the last working day of the month; in the UK on the 25th, or the "
            "working day before if it falls on a weekend.</p>",
        ),
        faq(
            "Where are my payslips?",
            "<p>In Peoplehub under <b>Pay &gt; Payslips</b>, from your first payroll onwards.</p>",
        ),
        faq(
            "How long is probation?",
            "<p>Six months in Germany and three months in the UK. Your manager has a check-in "
            "with you at the halfway point.</p>",
        ),
        faq(
            "Can I choose a different laptop or keyboard layout?",
            "<p>Yes, within the standard models. Ask the Service Desk at help.fernway.io; "
            "swaps in the first month are free.</p>",
        ),
        faq(
            "Who do I ask about my contract or visa?",
            "<p>Your People Partner. Visa questions go to the mobility specialists via "
            "mobility@fernway.io.</p>",
        ),
    ],
}

OFFICE_GUIDE = {
    "slug": "office-guide",
    "title": "Office guide: Berlin and London",
    "kind": "reference",
    "summary": "Opening hours, access, desks and facilities in the Berlin and London offices.",
    "tags": ["offices", "onboarding", "wifi"],
    "owner": "admin",
    "review": "verified",
    "body": [
        p(
            "<p>Both offices are open to every employee, including remote colleagues visiting "
            "for a team week. Book a desk in Hearth under <b>Offices &gt; Book a desk</b>.</p>"
        ),
        table(
            [
                ["", "Berlin", "London"],
                ["Location", "Kreuzberg, floors 3-4", "Shoreditch, floors 1-2"],
                ["Opening hours", "07:00-21:00, Mon-Fri", "07:30-20:00, Mon-Fri"],
                ["Desks", "180 bookable desks", "120 bookable desks"],
                ["Lunch", "Free lunch on Tuesdays and Thursdays", "Free lunch on Wednesdays"],
                ["Bikes", "Indoor bike room, 60 spaces", "Basement bike store with showers"],
                ["Relay channel", "#berlin-office", "#london-office"],
            ],
            first_col_is_header=True,
        ),
        callout(
            "info",
            "Visitors",
            "<p>Register visitors in Hearth the day before. They sign in at reception and get "
            "a guest badge and Wi-Fi voucher.</p>",
        ),
        p(
            "<p>Your badge opens both offices. If it stops working, the Office team can "
            "reissue it in ten minutes.</p>"
        ),
        h2("Getting there"),
        p(
            "<p><b>Berlin:</b> five minutes on foot from U-Bahn Schlesisches Tor (U1). "
            "<b>London:</b> four minutes from Shoreditch High Street station. Both offices have "
            "step-free access, a quiet room, a parents' room and showers. Travel costs for "
            "remote colleagues visiting for a team week are covered under the expense "
            "policy.</p>"
        ),
    ],
}


# =========================================================================================
# Leadership (private)
# =========================================================================================

BOARD_MEETING_NOTES_TEMPLATE = {
    "slug": "board-meeting-notes-template",
    "title": "Board meeting notes template",
    "kind": "reference",
    "summary": "The structure we use for board meeting preparation and minutes.",
    "tags": ["board", "templates", "planning"],
    "owner": "admin",
    "review": "verified",
    "body": [
        p(
            "<p>The board meets quarterly, about three weeks after quarter end. The board pack "
            "goes out <b>seven days</b> before the meeting; minutes are drafted by the Chief of "
            "Staff and approved at the next meeting.</p>"
        ),
        code(
            "text",
            "Board meeting - Q<n> FY<yy>\n"
            "Date / location / attendees / apologies\n"
            "1. Minutes of the previous meeting and matters arising\n"
            "2. CEO update: highlights, lowlights, asks of the board\n"
            "3. Financials: P&L vs plan, cash runway, forecast\n"
            "4. Go-to-market: pipeline, net revenue retention, churn\n"
            "5. Product and engineering: roadmap progress, major incidents\n"
            "6. People: headcount vs plan, attrition, engagement\n"
            "7. Decisions requested (with resolution wording)\n"
            "8. Any other business; closed session",
            caption="Minutes template",
        ),
        callout(
            "warning",
            "Confidential",
            "<p>Board materials are shared only in the Board data room. Never forward them by "
            "email or paste figures into Relay.</p>",
        ),
        p(
            "<p>Action items from the board are tracked in the leadership Compass project with "
            "the label <code>board-action</code> and reviewed in the weekly leadership "
            "meeting.</p>"
        ),
    ],
}

FY_PLANNING_PRINCIPLES = {
    "slug": "fy-planning-principles",
    "title": "FY planning principles",
    "kind": "guide",
    "summary": "The principles and timeline the leadership team uses to plan the financial year.",
    "tags": ["planning", "budgets"],
    "owner": "admin",
    "review": "verified",
    "body": [
        p(
            "<p>Planning starts in September and the plan is approved by the board in "
            "December. These principles keep the process short and the plan honest.</p>"
        ),
        h2("Principles"),
        p(
            "<ol><li><b>Three company goals, no more.</b> Every department plan maps to "
            "them.</li>"
            "<li><b>Plan to 90% of target revenue.</b> Hiring is tied to the plan, stretch "
            "targets are tracked separately.</li>"
            "<li><b>Headcount is released quarterly</b>, not all in January.</li>"
            "<li><b>Every new investment names what stops</b> to make room for it.</li></ol>"
        ),
        table(
            [
                ["When", "Milestone"],
                ["Mid-September", "Leadership offsite: company goals drafted"],
                ["October", "Department plans and headcount requests"],
                ["Early November", "Finance consolidates; first trade-off session"],
                ["Late November", "Final plan to leadership"],
                ["December board", "Board approval"],
            ],
        ),
        h2("What we expect from department heads"),
        p(
            "<p>Bring one page per department: the outcomes you commit to, the headcount you "
            "need by quarter, and the two or three things you will stop doing. Finance "
            "prepares the baseline cost model, so please do not build your own spreadsheets; "
            "comment on theirs.</p>"
        ),
        quote(
            "A plan is a set of decisions about what we will not do.",
            "Hannah Becker, CEO",
        ),
    ],
}

COMPENSATION_BANDS_PROCESS = {
    "slug": "compensation-bands-process",
    "title": "Compensation bands process",
    "kind": "policy",
    "summary": (
        "How compensation bands are reviewed each year and who approves changes. Contains no "
        "salary figures."
    ),
    "tags": ["compensation", "planning", "budgets"],
    "owner": "admin",
    "review": "due",
    "body": [
        p(
            "<p>Every role at Fernway sits in a band per level and location. Bands are reviewed "
            "once a year so that the annual pay review in December uses up-to-date ranges. "
            "The bands themselves are kept in Peoplehub, not on this page.</p>"
        ),
        steps(
            (
                "Market data refresh (August)",
                "<p>People Analytics refreshes benchmark data from two salary surveys for "
                "Germany, the UK and our main remote markets.</p>",
            ),
            (
                "Proposal (September)",
                "<p>The Chief People Officer proposes band changes with their cost impact on "
                "the following year's plan.</p>",
            ),
            (
                "Review (October)",
                "<p>The CFO and each department head review the proposal. Changes that cost "
                "more than 1% of payroll go to the leadership team.</p>",
            ),
            (
                "Approval (November)",
                "<p>The CEO approves; the board's remuneration committee is informed.</p>",
            ),
        ),
        callout(
            "danger",
            "Confidentiality",
            "<p>Draft bands must not be shared with managers before approval. Leaks create "
            "expectations we may not be able to meet.</p>",
        ),
        p(
            "<p>Employees can see the band for their own role and level in Peoplehub; managers "
            "see the bands for their reports.</p>"
        ),
    ],
}


# =========================================================================================
# Spaces, must-reads and the knowledge index
# =========================================================================================

SPACES: list[dict] = [
    {
        "slug": "engineering",
        "title": "Engineering",
        "summary": "How we build, ship and run Fernway's software.",
        "description": (
            "<p>Runbooks, guidelines and references for everyone in <b>Engineering</b>. "
            "Start with:</p><ul><li>Local development setup</li><li>Deploy to production</li>"
            "<li>Incident response runbook</li></ul>"
        ),
        "owners": ["owner"],
        "editors": ["editor"],
        "edit_policy": "everyone",
        "review_interval_days": 180,
        "private_to_group": None,
        "pages": [
            LOCAL_DEVELOPMENT_SETUP,
            DEPLOY_TO_PRODUCTION,
            INCIDENT_RESPONSE_RUNBOOK,
            ON_CALL_HANDBOOK,
            CODE_REVIEW_GUIDELINES,
            DATABASE_MIGRATION_CHECKLIST,
            ARCHITECTURE_DECISION_RECORDS,
            API_VERSIONING_POLICY,
        ],
    },
    {
        "slug": "people-hr",
        "title": "People & HR",
        "summary": "Policies and answers about leave, pay, benefits and growing at Fernway.",
        "description": (
            "<p>Everything the People team maintains: <b>policies</b> you are expected to know, "
            "and guides for the moments that matter, from booking vacation to parental "
            "leave.</p>"
        ),
        "owners": ["comms"],
        "editors": ["editor"],
        "edit_policy": "editors",
        "review_interval_days": 365,
        "private_to_group": None,
        "pages": [
            VACATION_PTO_POLICY,
            PARENTAL_LEAVE_POLICY,
            EXPENSE_POLICY,
            SUBMIT_AN_EXPENSE_CLAIM,
            REMOTE_WORK_POLICY,
            PERFORMANCE_REVIEW_CYCLE,
            SICK_LEAVE_FAQ,
            BENEFITS_OVERVIEW,
        ],
    },
    {
        "slug": "it-help",
        "title": "IT Help",
        "summary": "Self-service answers from the IT Service Desk.",
        "description": (
            "<p>Fix common problems yourself, day or night. If a page does not solve it, raise "
            "a ticket at <b>help.fernway.io</b> or call <i>+49 30 5557 1200</i>.</p>"
        ),
        "owners": ["admin"],
        "editors": ["editor"],
        "edit_policy": "everyone",
        "review_interval_days": 90,
        "private_to_group": None,
        "pages": [
            RESET_VPN_TOKEN,
            LAPTOP_REPLACEMENT,
            PASSWORD_MANAGER_SETUP,
            REPORT_PHISHING,
            SOFTWARE_REQUEST_PROCESS,
            PRINTER_SETUP,
            GUEST_WIFI,
        ],
    },
    {
        "slug": "sales",
        "title": "Sales",
        "summary": "Policies, playbooks and references for selling and renewing Fernway.",
        "description": (
            "<p>Maintained by Revenue Operations and Deal Desk. Pricing and discount rules "
            "here are <b>binding</b>; playbooks are our current best advice.</p>"
        ),
        "owners": ["owner"],
        "editors": ["editor"],
        "edit_policy": "editors",
        "review_interval_days": 180,
        "private_to_group": None,
        "pages": [
            DISCOUNT_APPROVAL_POLICY,
            CRM_HYGIENE_GUIDE,
            PRICING_FAQ,
            PROPOSAL_TEMPLATE_GUIDE,
            PARTNER_REFERRAL_PROCESS,
            SECURITY_QUESTIONNAIRE,
            SALES_STAGES,
            RENEWALS_PLAYBOOK,
        ],
    },
    {
        "slug": "onboarding",
        "title": "Onboarding",
        "summary": "Everything you need in your first weeks at Fernway.",
        "description": (
            "<p>New here? Welcome! Start with <b>Your first week checklist</b>, then explore "
            "the tools, the people and the words we use.</p>"
        ),
        "owners": ["comms"],
        "editors": ["editor", "owner"],
        "edit_policy": "everyone",
        "review_interval_days": 180,
        "private_to_group": None,
        "pages": [
            FIRST_WEEK_CHECKLIST,
            WHOS_WHO,
            TOOLS_YOU_WILL_USE,
            GLOSSARY,
            BUDDY_PROGRAMME,
            NEW_MANAGER_ONBOARDING,
            ONBOARDING_FAQ,
            OFFICE_GUIDE,
        ],
    },
    {
        "slug": "leadership",
        "title": "Leadership",
        "summary": "Private working space for the leadership team.",
        "description": (
            "<p>Templates and processes for the leadership team. <b>Visible only to the "
            "Leadership group.</b></p>"
        ),
        "owners": ["admin"],
        "editors": ["admin"],
        "edit_policy": "editors",
        "review_interval_days": 365,
        "private_to_group": "Leadership",
        "pages": [
            BOARD_MEETING_NOTES_TEMPLATE,
            FY_PLANNING_PRINCIPLES,
            COMPENSATION_BANDS_PROCESS,
        ],
    },
]

MUST_READS = [
    {"space": "people-hr", "page": "expense-policy", "audience": {"everyone": True}},
    {
        "space": "engineering",
        "page": "incident-response-runbook",
        "audience": {"departments": ["Engineering"]},
    },
]

KNOWLEDGE_INDEX = {
    "title": "Knowledge",
    "slug": "knowledge",
    "intro": (
        "<p>How things work at Fernway: policies, how-tos, runbooks and answers, kept up to date "
        "by the teams who own them. Pick a space below or search for what you need.</p>"
    ),
}
