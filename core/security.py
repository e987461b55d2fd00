"""The content security policy (django-csp) and where browsers report its violations.

The policy itself is CONTENT_SECURITY_POLICY in settings/base.py: nothing inline, nothing
from elsewhere. Wagtail's admin is the one exception, and a narrow one: some of Wagtail
8's own admin templates still write inline scripts (InlinePanel, MultipleChooserPanel,
the date and time widgets, some choosers) and inline styles, so pages under the admin's
prefix get 'unsafe-inline' for those two directives and nothing more.

Browsers POST what they blocked to /csp-report (`report-uri`); `csp_report` logs it and
sends `csp_violation_reported`, which the browser tests listen to.
"""

import json
import logging
from dataclasses import asdict

from csp.constants import HEADER, HEADER_REPORT_ONLY, SELF, UNSAFE_INLINE
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import Signal, receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.signin import client_address

logger = logging.getLogger("hearth.csp")

ADMIN_PREFIX = "/admin/"
ADMIN_POLICY_REPLACE = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
}

# A violation report is a small JSON object; anything larger is refused unread.
REPORT_MAX_BYTES = 16 * 1024
# Reports one address may send a minute; more are refused (429) and not logged, so a
# page that loops on a violation, or a script, cannot flood the log.
REPORTS_PER_MINUTE = 60
# The fields of a report worth a log line, by their `report-uri` names, each with the
# Reporting API's name for it; each value is cut to FIELD_MAX_CHARS characters.
REPORT_FIELDS = {
    "document-uri": "documentURL",
    "effective-directive": "effectiveDirective",
    "violated-directive": "",
    "blocked-uri": "blockedURL",
    "source-file": "sourceFile",
    "line-number": "lineNumber",
    "column-number": "columnNumber",
    "script-sample": "sample",
    "disposition": "disposition",
}
FIELD_MAX_CHARS = 500

# Sent for every violation report accepted, with `report` (the fields above).
csp_violation_reported = Signal()


# The view-level overrides django-csp's decorators leave on a response; a response with
# none of them gets a policy built once per process (see _policy).
_PER_VIEW = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt",
    "_csp_exempt_ro",
)
# Stands for the request's nonce in a policy built once; replaced per response.
_NONCE_MARK = "hearth-csp-nonce-mark"
_policies: dict[tuple[bool, bool, bool], str] = {}


@receiver(setting_changed)
def _forget_policies(setting, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _policies.clear()


def _policy(admin: bool, report_only: bool, nonce: str | None) -> str:
    """The header django-csp would build for a response without per-view overrides: the
    same string every time but for the nonce, so it is built once and the nonce put in."""
    key = (admin, report_only, nonce is not None)
    policy = _policies.get(key)
    if policy is None:
        parts = PolicyParts(
            replace=dict(ADMIN_POLICY_REPLACE) if admin else None,
            nonce=_NONCE_MARK if nonce is not None else None,
        )
        policy = _policies[key] = build_policy(**asdict(parts), report_only=report_only)
    return policy.replace(_NONCE_MARK, nonce) if nonce is not None else policy


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's wider policy under ADMIN_PREFIX, and the
    header built once rather than per response (issue 19) unless the view changed it."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase):
        if any(hasattr(response, name) for name in _PER_VIEW) or (
            settings.DEBUG and response.status_code in (404, 500)
        ):
            return super().process_response(request, response)
        admin = request.path_info.startswith(ADMIN_PREFIX)
        nonce = getattr(request, "_csp_nonce", None)
        for header, setting, report_only in (
            (HEADER, "CONTENT_SECURITY_POLICY", False),
            (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True),
        ):
            config = getattr(settings, setting, None) or {}
            excluded = tuple(config.get("EXCLUDE_URL_PREFIXES", None) or ())
            policy = _policy(admin, report_only, nonce)
            if policy and header not in response and not request.path_info.startswith(excluded):
                response[header] = policy
        if nonce is None:  # as django-csp: a nonce asked for after the header is an error
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(ADMIN_PREFIX):
            parts.replace = {**ADMIN_POLICY_REPLACE, **(parts.replace or {})}
        return parts


class ReportError(ValueError):
    pass


def parse_report(body: bytes) -> list[dict[str, str]]:
    """The violations a report body describes, each cut to REPORT_FIELDS.

    Takes both formats browsers send: `report-uri`'s {"csp-report": {...}} and the
    Reporting API's [{"type": "csp-violation", "body": {...}}, ...] (camelCase keys).
    Raises ReportError for anything else.
    """
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError) as error:
        raise ReportError(_("The report is not JSON.")) from error
    if isinstance(data, dict) and isinstance(data.get("csp-report"), dict):
        raw_reports = [data["csp-report"]]
    elif isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        raw_reports = [
            item["body"]
            for item in data
            if item.get("type") == "csp-violation" and isinstance(item.get("body"), dict)
        ]
    else:
        raw_reports = []
    if not raw_reports:
        raise ReportError(_("The report holds no content security policy violation."))
    return [_fields(raw) for raw in raw_reports]


def _fields(raw: dict) -> dict[str, str]:
    report = {}
    for field, api_name in REPORT_FIELDS.items():
        value = raw.get(field, raw.get(api_name) if api_name else None)
        if value is not None and not isinstance(value, dict | list):
            report[field] = str(value)[:FIELD_MAX_CHARS]
    return report


def _over_rate(request: HttpRequest) -> bool:
    key = f"csp-report:{client_address(request) or 'unknown'}"
    cache.add(key, 0, timeout=60)
    try:
        return cache.incr(key) > REPORTS_PER_MINUTE
    except ValueError:  # expired between add and incr
        return False


@login_not_required
@csrf_exempt
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Where browsers report what the content security policy blocked: logged, 204."""
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit():
        return HttpResponse(_("Bad Content-Length."), status=400, content_type="text/plain")
    if int(length) > REPORT_MAX_BYTES:
        return HttpResponse(_("The report is too large."), status=413, content_type="text/plain")
    body = request.read(REPORT_MAX_BYTES + 1)
    if len(body) > REPORT_MAX_BYTES:
        return HttpResponse(_("The report is too large."), status=413, content_type="text/plain")
    if _over_rate(request):
        return HttpResponse(_("Too many reports."), status=429, content_type="text/plain")
    try:
        reports = parse_report(body)
    except ReportError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain")
    for report in reports:
        logger.warning(
            "CSP violation: %s blocked %s on %s",
            report.get("effective-directive") or report.get("violated-directive", "?"),
            report.get("blocked-uri", "?"),
            report.get("document-uri", "?"),
            extra={"csp_report": report},
        )
        csp_violation_reported.send(sender=csp_report, report=report)
    return HttpResponse(status=204)
