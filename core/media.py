"""Uploaded images (originals and renditions) served through Django, checked for privacy.

`{% image %}` writes rendition URLs under MEDIA_URL (/media/images/...), and their names
are guessable from the original's, so a web server handing out /media/ as-is would leak
the files of private spaces. This view answers every /media/ URL instead: it finds the
image the file belongs to (one query), asks `core.privacy.may_fetch_file` (one more), and
streams it, or answers 404 (no hint it exists). Documents are never served from here:
Wagtail's document view (/documents/<id>/<name>) serves them, behind the same check.
Anything under /media/ that is not a known image file answers 404 too.
"""

import mimetypes

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET
from wagtail.images import get_image_model

from core.privacy import may_fetch_file


def _owner_of(name: str) -> tuple[int, str] | None:
    """(image id, collection path) of the image whose original or rendition is `name`."""
    Image = get_image_model()
    row = Image.objects.filter(file=name).values_list("pk", "collection__path").first()
    if row is None:
        row = (
            Image.get_rendition_model()
            .objects.filter(file=name)
            .values_list("image_id", "image__collection__path")
            .first()
        )
    return row


@require_GET
def serve(request: HttpRequest, path: str) -> FileResponse:
    if ".." in path.split("/") or path.startswith("/"):
        raise Http404
    owner = _owner_of(path)
    if owner is None:
        raise Http404
    image_id, collection_path = owner
    if not may_fetch_file(request, collection_path, image_id=image_id):
        raise Http404
    try:
        handle = default_storage.open(path, "rb")
    except (FileNotFoundError, SuspiciousFileOperation, OSError) as error:
        raise Http404 from error
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    # Private to the browser that asked: a shared cache must not hand it to someone else.
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
