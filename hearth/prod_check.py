"""What `make prod-check` verifies in a response: security headers, and no debug page.

`header_problems` and `debug_page_problems` are pure functions over a response's headers
and body (no server, no settings): the test suite checks them against Django's test client
and `check_site` against a real gunicorn (`scripts/prod_check.py`). Each returns a list of
problems, empty when all is well. Standard library only: it runs outside Django.
"""

import http.client
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

HOST = "127.0.0.1"

# What Django's debug pages (technical 404 and 500) say and Hearth's pages never do.
DEBUG_MARKERS = (
    "Using the URLconf defined in",
    "seeing this error because you have <code>DEBUG = True</code>",
    "Traceback (most recent call last)",
    "technical_500",
    'id="traceback"',
)
HSTS_MIN_SECONDS = 60 * 60 * 24 * 180  # half a year, as HSTS preload lists require at least
_FEATURE = r"[\w-]+=(\*|self|\([^)]*\))"
_PERMISSIONS_POLICY = re.compile(rf"\s*{_FEATURE}(\s*,\s*{_FEATURE})*\s*")
REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}


def _directives(policy: str) -> dict[str, list[str]]:
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def header_problems(
    headers: Mapping[str, str], *, https: bool = True, require_csp: bool = False
) -> list[str]:
    """The security headers a production page must carry, and what is wrong with them.

    Content-Security-Policy and Permissions-Policy are checked when present (and the
    policy is required when `require_csp`: the settings declare one).
    """
    get = {name.lower(): value for name, value in headers.items()}.get
    problems = []
    hsts = get("strict-transport-security")
    if https:
        match = re.search(r"max-age=(\d+)", hsts or "")
        if not match:
            problems.append("Strict-Transport-Security is missing")
        elif int(match.group(1)) < HSTS_MIN_SECONDS:
            problems.append(f"Strict-Transport-Security max-age is below {HSTS_MIN_SECONDS}")
    if (get("x-content-type-options") or "").lower() != "nosniff":
        problems.append("X-Content-Type-Options is not nosniff")
    referrer = (get("referrer-policy") or "").lower()
    if not referrer:
        problems.append("Referrer-Policy is missing")
    elif not set(map(str.strip, referrer.split(","))) <= REFERRER_POLICIES:
        problems.append(f"Referrer-Policy {referrer!r} leaks full addresses to other sites")
    csp = get("content-security-policy")
    frame_options = (get("x-frame-options") or "").upper()
    if csp:
        directives = _directives(csp)
        if "default-src" not in directives and "script-src" not in directives:
            problems.append("Content-Security-Policy has neither default-src nor script-src")
        scripts = directives.get("script-src", directives.get("default-src", []))
        if "'unsafe-inline'" in scripts or "'unsafe-eval'" in scripts:
            problems.append("Content-Security-Policy allows inline or eval'd scripts")
        if "frame-ancestors" not in directives and frame_options not in {"DENY", "SAMEORIGIN"}:
            problems.append("neither CSP frame-ancestors nor X-Frame-Options limits framing")
    else:
        if require_csp:
            problems.append("Content-Security-Policy is missing")
        if frame_options not in {"DENY", "SAMEORIGIN"}:
            problems.append("X-Frame-Options is not DENY or SAMEORIGIN")
    permissions = get("permissions-policy")
    if permissions is not None and not _PERMISSIONS_POLICY.fullmatch(permissions):
        problems.append(f"Permissions-Policy is malformed: {permissions!r}")
    return problems


def debug_page_problems(body: str) -> list[str]:
    """A debug page in a response body: its markers, one problem each."""
    return [f"debug page: {marker!r} in the body" for marker in DEBUG_MARKERS if marker in body]


@dataclass
class Report:
    failures: list[str] = field(default_factory=list)

    def check(self, name: str, problems: list[str]) -> None:
        if problems:
            self.failures.append(name)
            print(f"FAIL  {name}")
            for problem in problems:
                print(f"        {problem}")
        else:
            print(f"ok    {name}")


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str


class Browser:
    """HTTP to a local gunicorn, as a TLS proxy would forward it when `https`; keeps cookies."""

    def __init__(self, port: int, *, https: bool = True) -> None:
        self.port = port
        self.https = https
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        *,
        https: bool | None = None,
        form: dict[str, str] | None = None,
    ) -> Answer:
        secure = self.https if https is None else https
        headers = {"Host": f"{HOST}:{self.port}"}
        if secure:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            origin = f"{'https' if secure else 'http'}://{HOST}:{self.port}"
            headers.update(Origin=origin, Referer=f"{origin}{path}")
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    cookie_name, _, rest = value.partition("=")
                    self.cookies[cookie_name] = rest.split(";", 1)[0]
            return Answer(response.status, dict(response.getheaders()), text)
        finally:
            conn.close()


def _status(answer: Answer, expected: int) -> list[str]:
    return [] if answer.status == expected else [f"answered {answer.status}, not {expected}"]


def check_site(
    port: int, report: Report, *, username: str, password: str, https: bool, require_csp: bool
) -> None:
    """Ask a running Hearth for its pages and check each answer (see scripts/prod_check.py)."""
    browser = Browser(port, https=https)
    login = browser.request("GET", "/accounts/login/")
    report.check("sign-in page answers 200", _status(login, 200))
    report.check(
        "security headers on the sign-in page",
        header_problems(login.headers, https=https, require_csp=require_csp),
    )
    if https:
        cookies = [v for k, v in login.headers.items() if k.lower() == "set-cookie"]
        report.check(
            "cookies are Secure",
            [f"not Secure: {c.split(';')[0]}" for c in cookies if "secure" not in c.lower()],
        )
        plain = browser.request("GET", "/accounts/login/", https=False)
        redirected = plain.status == 301 and plain.headers.get("Location", "").startswith("https:")
        report.check(
            "plain HTTP is redirected to HTTPS",
            [] if redirected else [f"{plain.status} {plain.headers.get('Location')}"],
        )
    for path in ("/healthz", "/healthz/live"):
        report.check(
            f"{path} answers 200 over plain HTTP",
            _status(browser.request("GET", path, https=False), 200),
        )
    # Django takes the CSRF cookie's secret as the form's token too.
    token = browser.cookies.get("csrftoken", "")
    form = {"csrfmiddlewaretoken": token, "username": username, "password": password}
    report.check(
        "sign-in works", _status(browser.request("POST", "/accounts/login/", form=form), 302)
    )
    for path in ("/no-such-page/", "/static/..%2f..%2fhearth%2fsettings%2fbase.py"):
        answer = browser.request("GET", path)
        problems = _status(answer, 404) + debug_page_problems(answer.body)
        if "<html" not in answer.body:
            problems.append("not Hearth's 404 page")
        report.check(f"{path} is Hearth's 404, no debug page", problems)
        report.check(
            f"security headers on {path}",
            header_problems(answer.headers, https=https, require_csp=require_csp),
        )
    report.check(
        "static files are served",
        _status(browser.request("GET", "/static/hearth/css/hearth.css"), 200),
    )
