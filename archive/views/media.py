"""Uploaded photos, served only to people allowed to see them.

A photo used only by a hidden story (draft, members-only, embargoed, withdrawn) must not be
downloadable by guessing or keeping its URL, so nothing under MEDIA_URL is served by the web
server directly: it may only send a resized copy after this view said yes (X-Accel-Redirect).
This view maps the path back to its photo or resized copy and asks
archive.visibility. Documents are not served here: Wagtail's own view at /documents/ applies
collection privacy (signed consent forms live in a restricted collection).
"""

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from archive.models import ArchiveImage, ArchiveRendition
from archive.visibility import public_images, visible_images

ORIGINALS = "original_images/"
RENDITIONS = "images/"


def _find(path):
    """(photo, stored file) for a media path, or (None, None). Only names recorded in the
    database are served, so no path from the URL ever reaches the filesystem."""
    if path.startswith(ORIGINALS):
        photo = ArchiveImage.objects.filter(file=path).first()
        return photo, photo.file if photo else None
    if path.startswith(RENDITIONS):
        rendition = ArchiveRendition.objects.select_related("image").filter(file=path).first()
        return (rendition.image, rendition.file) if rendition else (None, None)
    return None, None


@require_safe
def serve(request, path):
    photo, stored = _find(path)
    if photo is None or not visible_images(request.user).filter(pk=photo.pk).exists():
        # The same answer for "hidden" and "never existed".
        raise Http404
    content_type = mimetypes.guess_type(stored.name)[0] or "application/octet-stream"
    if settings.RENDITIONS_ACCEL_PREFIX and path.startswith(RENDITIONS):
        # Behind nginx, after this same check, nginx sends the resized copy itself from an
        # internal location (deploy/nginx-memoria.conf); no URL reaches it directly.
        response = HttpResponse(content_type=content_type)
        name = quote(path.removeprefix(RENDITIONS))
        response["X-Accel-Redirect"] = f"{settings.RENDITIONS_ACCEL_PREFIX}{name}"
    else:
        try:
            response = FileResponse(stored.open("rb"), content_type=content_type)
        except FileNotFoundError:
            raise Http404 from None
    if public_images(among=[photo.pk]).exists():
        # Short, so a withdrawn photo does not linger in shared caches.
        patch_cache_control(response, public=True, max_age=300)
    else:
        # Seen by a member or editor only: no shared cache may keep it.
        patch_cache_control(response, private=True, no_store=True)
    return response
