"""What `make prod-check` verifies in a response: security headers, and no debug page.

Pure functions over a response's headers and body (no server, no settings), so the test
suite checks them against Django's test client and `scripts/prod_check.py` against a real
gunicorn. Each returns a list of problems, empty when all is well.
"""

import re
from collections.abc import Mapping

# What Django's debug pages (technical 404 and 500) say and Hearth's pages never do.
DEBUG_MARKERS = (
    "Using the URLconf defined in",
    "You're seeing this error because you have <code>DEBUG = True</code>",
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
