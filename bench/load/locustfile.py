"""What 200 members of staff do on Hearth, for locust (driven by bench/load/run.py).

Each simulated person signs in through the real form with an account of their own, then
reads pages (most of the time), searches, reacts, comments and acknowledges must-reads,
with think time between actions. Every comment carries a unique token; the token is logged
with what the server answered, so the harness can check afterwards that each comment the
server confirmed exists exactly once, and that none it refused was stored.
"""

import itertools
import json
import os
import random
import re
import time
import uuid
from pathlib import Path

from locust import HttpUser, between, events, task

PLAN = json.loads(Path(os.environ["HEARTH_LOAD_PLAN"]).read_text())
RESULTS = Path(os.environ["HEARTH_LOAD_RESULTS"])
PASSWORD = os.environ["HEARTH_LOAD_PASSWORD"]
WAIT = [float(part) for part in os.environ.get("HEARTH_LOAD_WAIT", "2,8").split(",")]
SEARCHES = [
    "expenses",
    "onboarding",
    "security",
    "holiday",
    "incident",
    "brand",
    "vpn",
    "laptop",
    "travel policy",
    "values",
    "release",
    "pension",
]
REACTIONS = ["helpful", "like", "insightful", "celebrate"]
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

_accounts = itertools.cycle(PLAN["users"])
_journal = (RESULTS / f"writes-{os.getpid()}.jsonl").open("a", buffering=1)
_failures = (RESULTS / f"failures-{os.getpid()}.jsonl").open("a", buffering=1)


def journal(kind: str, **fields) -> None:
    """One line per write attempt: what was sent and what the server answered."""
    _journal.write(json.dumps({"kind": kind, "at": time.time(), **fields}) + "\n")


@events.request.add_listener
def record_failure(
    request_type, name, response_time, response_length, response=None, exception=None, **kwargs
):
    """Every failed request with its time, so failures can be set against the fault windows."""
    status = getattr(response, "status_code", None)
    if exception is not None or (status is not None and status >= 400):
        _failures.write(
            json.dumps(
                {
                    "at": time.time(),
                    "name": name,
                    "status": status,
                    "error": repr(exception)[:200] if exception else "",
                }
            )
            + "\n"
        )


class StaffMember(HttpUser):
    wait_time = between(*WAIT)

    def on_start(self) -> None:
        self.username = next(_accounts)
        page = self.client.get("/accounts/login/", name="sign in (form)")
        token = CSRF_INPUT.search(page.text)
        self.client.post(
            "/accounts/login/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            name="sign in",
        )

    def _csrf(self) -> dict[str, str]:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}

    def _page(self) -> dict:
        return random.choice(PLAN["pages"])

    @task(10)
    def read_page(self) -> None:
        self.client.get(self._page()["url"], name="read a page")

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="home")

    @task(4)
    def search(self) -> None:
        self.client.get("/search/", params={"q": random.choice(SEARCHES)}, name="search")

    def _write(self, kind: str, path: str, data: dict | None = None, **fields) -> None:
        """POST as a form would (no redirect followed: its answer is the write's answer) and
        journal the attempt with that answer, or the error if none came."""
        try:
            response = self.client.post(
                path, data=data or {}, headers=self._csrf(), name=kind, allow_redirects=False
            )
            status = response.status_code
        except Exception as error:  # the journal records every attempt
            status = repr(error)[:100]
        journal(kind, user=self.username, status=status, **fields)

    @task(2)
    def react(self) -> None:
        page = self._page()
        kind = random.choice(REACTIONS)
        path = f"/community/pages/{page['id']}/reactions/"
        self._write("reaction", path, {"reaction": f"{kind}:on"}, page=page["id"], reaction=kind)

    @task(1)
    def comment(self) -> None:
        page = self._page()
        token = uuid.uuid4().hex
        text = f"Load test comment {token}: thanks, this helped."
        path = f"/community/pages/{page['id']}/comments/"
        self._write("comment", path, {"text": text}, page=page["id"], token=token)

    @task(1)
    def acknowledge(self) -> None:
        if not PLAN["must_reads"]:
            return
        page = random.choice(PLAN["must_reads"])
        self.client.get(page["url"], name="read a must-read")
        self._write("acknowledge", f"/pages/{page['id']}/acknowledge/", page=page["id"])
