"""Account for every write the load test made: `python -m bench.load.account RESULTS_DIR`.

Reads the journal the simulated staff wrote (each comment's unique token, each reaction and
acknowledgement, with what the server answered) and the database and mail folder after the
run, and prints one JSON object: what was confirmed, what exists, what was lost or doubled.
A write the server confirmed (2xx/3xx) must exist exactly once; one it refused (4xx) must
not exist; one whose answer never came (a killed worker, a timeout) may exist at most once.
"""

import email
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

import django

TOKEN = re.compile(r"Load test comment ([0-9a-f]{32})")


def confirmed(status) -> bool:
    return isinstance(status, int) and 200 <= status < 400


def main(results: Path, mail_dir: Path) -> dict:
    django.setup()
    from django.db.models import Count

    from community.models import Comment, Notification, Reaction
    from knowledge.models import Acknowledgement

    writes = [
        json.loads(line)
        for path in results.glob("writes-*.jsonl")
        for line in path.read_text().splitlines()
        if line.strip()
    ]
    comments = [w for w in writes if w["kind"] == "comment"]
    stored = Counter(
        match.group(1)
        for body in Comment.objects.filter(body__contains="Load test comment").values_list(
            "body", flat=True
        )
        if (match := TOKEN.search(body))
    )
    lost = [w["token"] for w in comments if confirmed(w["status"]) and stored[w["token"]] == 0]
    doubled = [token for token, count in stored.items() if count > 1]
    refused_but_stored = [
        w["token"]
        for w in comments
        if isinstance(w["status"], int) and w["status"] >= 400 and stored[w["token"]] > 0
    ]
    unanswered = [w for w in comments if not isinstance(w["status"], int)]

    reactions = {
        (r["user"], r["page"], r["reaction"])
        for r in writes
        if r["kind"] == "reaction" and confirmed(r["status"])
    }
    have_reactions = set(
        Reaction.objects.filter(
            user__username__startswith="load", comment__isnull=True
        ).values_list("user__username", "page_id", "kind")
    )
    acks = {
        (a["user"], a["page"])
        for a in writes
        if a["kind"] == "acknowledge" and confirmed(a["status"])
    }
    have_acks = set(
        Acknowledgement.objects.filter(user__username__startswith="load").values_list(
            "user__username", "page_id"
        )
    )

    doubled_notifications = (
        Notification.objects.values(
            "recipient", "verb", "comment", "annotation", "page", "detail", "link"
        )
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    mails = Counter()
    for path in sorted(mail_dir.glob("*")) if mail_dir.exists() else []:
        # The file backend appends every message of a connection to one file, separated by
        # a line of dashes; a message is identified by its recipients, subject and body.
        for chunk in path.read_text(errors="replace").split("\n" + "-" * 79 + "\n"):
            if not chunk.strip():
                continue
            message = email.message_from_string(chunk)
            body = (
                message.get_payload(0).get_payload()
                if message.is_multipart()
                else message.get_payload()
            )
            key = (
                message["To"],
                message["Subject"],
                hashlib.sha256(str(body).encode()).hexdigest(),
            )
            mails[key] += 1
    return {
        "comments": {
            "attempted": len(comments),
            "confirmed": sum(confirmed(w["status"]) for w in comments),
            "stored": sum(stored.values()),
            "lost": len(lost),
            "doubled": len(doubled),
            "refused_but_stored": len(refused_but_stored),
            "unanswered": len(unanswered),
            "unanswered_stored": sum(stored[w["token"]] > 0 for w in unanswered),
        },
        "reactions": {"confirmed": len(reactions), "missing": len(reactions - have_reactions)},
        "acknowledgements": {"confirmed": len(acks), "missing": len(acks - have_acks)},
        "notifications": {"total": Notification.objects.count(), "doubled": doubled_notifications},
        "emails": {
            "total": sum(mails.values()),
            "doubled": sum(1 for count in mails.values() if count > 1),
        },
    }


if __name__ == "__main__":
    directory = Path(sys.argv[1])
    print(json.dumps(main(directory, Path(sys.argv[2])), indent=2))
