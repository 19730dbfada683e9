"""A recording's files, served only to people allowed to hear it, asked on every request.

The web copy, its picture and its caption tracks are answered here only when the reader may
read the story (archive.visibility, the one rule) and its narrators agreed to publishing
their voice (`user_can_hear_story`). Anything else, including a recording that does not
exist or is not processed, gets the same 404. The original is never served.

Behind nginx the file itself can be sent by an internal location after this check
(RECORDINGS_ACCEL_PREFIX, deploy/nginx-memoria.conf), which also answers byte ranges;
otherwise this view answers ranges itself so players can seek.

The admin's preview (recordings/preview.py) has addresses of its own under /admin/ for the
same files (preview_web_file, preview_image, preview_track): the same answers from the same
code, to someone who may preview the story instead of someone who may hear it, and never
kept in any cache.
"""

import re
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from archive.languages import CODES
from archive.visibility import public_stories, user_can_hear_story, with_voice_consent
from recordings import preview, transcripts
from recordings.models import Recording

CONTENT_TYPES = {
    ".m4a": "audio/mp4",
    ".mp4": "video/mp4",
    ".jpg": "image/jpeg",
    ".png": "image/png",
}
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def _hearable(request, pk):
    recording = get_object_or_404(Recording.objects.select_related("story"), pk=pk)
    if not recording.is_ready or not user_can_hear_story(request.user, recording.story):
        raise Http404  # the same answer for "hidden" and "never existed"
    return recording


def _previewable(request, pk):
    """For the admin's preview: a processed recording of a story this user may preview.
    Anyone else gets the same 404 as for a recording that does not exist (Wagtail's admin
    has already sent anyone without admin access to its login page)."""
    recording = get_object_or_404(Recording.objects.select_related("story"), pk=pk)
    if not recording.is_ready or not preview.may_preview(request.user, recording.story):
        raise Http404
    return recording


def _not_kept(response, recording=None):
    """Kept by no cache, shared or the browser's."""
    patch_cache_control(response, private=True, no_store=True)
    return response


def _cache(response, recording):
    heard_by_anyone = with_voice_consent(public_stories()).filter(pk=recording.story_id).exists()
    if heard_by_anyone:
        # Short, so a withdrawn recording does not linger in shared caches.
        patch_cache_control(response, public=True, max_age=300)
        return response
    return _not_kept(response)


def _ranged(request, stored, content_type):
    """The whole file, or the one byte range asked for (206), so a player can seek."""
    size = stored.size
    asked = _RANGE.match(request.headers.get("Range", "").strip())
    if not asked or asked.groups() == ("", ""):
        response = FileResponse(stored.open("rb"), content_type=content_type)
        response["Accept-Ranges"] = "bytes"
        return response
    first, last = asked.groups()
    if first:
        start, end = int(first), min(int(last) if last else size - 1, size - 1)
    else:  # "bytes=-500": the last 500 bytes
        start, end = max(size - int(last), 0), size - 1
    if start > end or start >= size:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    handle = stored.open("rb")
    handle.seek(start)
    response = StreamingHttpResponse(_read(handle, end - start + 1), content_type=content_type)
    response.status_code = 206
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    return response


def _read(handle, remaining):
    try:
        while remaining > 0:
            chunk = handle.read(min(CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        handle.close()


def content_type(stored):
    """The MIME type a stored file is served with (its web copy: audio/mp4 or video/mp4)."""
    suffix = "." + stored.name.rsplit(".", 1)[-1].lower()
    return CONTENT_TYPES.get(suffix, "application/octet-stream")


def track_text(recording, language):
    """A caption track as served: written again from its cues, times and words only (an
    editor's NOTE blocks stay in the admin)."""
    return transcripts.to_webvtt(transcripts.parse_webvtt(recording.transcript(language)))


def _file_response(request, recording, stored, cache=_cache):
    """`stored` (never the original), whole or by range; `cache` says who may keep it."""
    mime = content_type(stored)
    if settings.RECORDINGS_ACCEL_PREFIX:
        response = HttpResponse(content_type=mime)
        response["X-Accel-Redirect"] = settings.RECORDINGS_ACCEL_PREFIX + quote(stored.name)
    else:
        try:
            response = _ranged(request, stored, mime)
        except FileNotFoundError:
            raise Http404 from None
    response["X-Content-Type-Options"] = "nosniff"
    return cache(response, recording)


def _track_response(recording, language, cache=_cache):
    if language not in CODES or not recording.transcript(language).strip():
        raise Http404
    response = HttpResponse(track_text(recording, language), content_type="text/vtt; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    return cache(response, recording)


@require_safe
def web_file(request, pk):
    recording = _hearable(request, pk)
    return _file_response(request, recording, recording.web_file)


def file_extension(stored):
    return stored.name.rsplit(".", 1)[-1].lower()


@require_safe
def web_file_as(request, pk, extension):
    """The web copy at an address ending in its own extension (web.m4a, web.mp4): TimelineJS
    chooses its audio or video player by the end of the address alone."""
    recording = _hearable(request, pk)
    if extension != file_extension(recording.web_file):
        raise Http404
    return _file_response(request, recording, recording.web_file)


@require_safe
def image(request, pk):
    recording = _hearable(request, pk)
    if not recording.image:
        raise Http404
    return _file_response(request, recording, recording.image)


@require_safe
def track(request, pk, language):
    """The caption track in one language (track_text)."""
    return _track_response(_hearable(request, pk), language)


# --- The admin's preview (registered under /admin/ by recordings/wagtail_hooks.py) ----------
@require_safe
def preview_web_file(request, pk):
    recording = _previewable(request, pk)
    return _file_response(request, recording, recording.web_file, cache=_not_kept)


@require_safe
def preview_image(request, pk):
    recording = _previewable(request, pk)
    if not recording.image:
        raise Http404
    return _file_response(request, recording, recording.image, cache=_not_kept)


@require_safe
def preview_track(request, pk, language):
    return _track_response(_previewable(request, pk), language, cache=_not_kept)
