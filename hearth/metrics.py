"""/metrics for Prometheus (django-prometheus), only when PROMETHEUS_ENABLED is set.

The scraper must send `Authorization: Bearer PROMETHEUS_TOKEN`; anyone else gets a 404,
as if the URL did not exist. With several gunicorn workers, set PROMETHEUS_MULTIPROC_DIR
(an empty directory) so the figures of every worker are added up.
"""

import hmac

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django_prometheus.exports import ExportToDjangoView


@login_not_required
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    sent = request.headers.get("Authorization", "")
    expected = f"Bearer {settings.PROMETHEUS_TOKEN}"
    if not hmac.compare_digest(sent.encode(), expected.encode()):
        raise Http404
    return ExportToDjangoView(request)
