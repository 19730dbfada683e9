"""The resumable upload endpoint: a small subset of tus 1.0.0 (core, creation, termination).

    POST   recordings/uploads/        Upload-Length, Upload-Metadata: filename <base64>
                                      -> 201, Location: recordings/uploads/<id>
    HEAD   recordings/uploads/<id>    -> Upload-Offset, Upload-Length (GET: the same as JSON)
    PATCH  recordings/uploads/<id>    Upload-Offset, Content-Type: application/offset+octet-stream
                                      -> 204, Upload-Offset
    DELETE recordings/uploads/<id>    -> 204

Used by recordings/static/recordings/upload.js from the member's story form (/submit/) and
the admin's recording form; both then name the finished upload in their own POST
(recordings.upload_field). Under the language prefix, so a refusal (a JSON body with
"error") is in the language of the page that sent the file. Only members and the people
who edit recordings may upload; an upload answers only the account that started it. The
session cookie and the CSRF token (X-CSRFToken) guard every write, as for any form.
"""

import base64
import binascii

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from archive.accounts import ratelimit
from archive.roles import is_member
from recordings import limits, upload_store

TUS_VERSION = "1.0.0"
OFFSET_TYPE = "application/offset+octet-stream"
DEFAULT_RATE_LIMIT = (20, ratelimit.HOUR)  # uploads started per account
STATUS_OF_REFUSAL = {"too_big": 413, "not_media": 415, "too_long": 422, "too_many": 429}

LOG_IN_AGAIN = _("Please log in again to send a recording: your session may have expired.")
NOT_ALLOWED = _("Only members of the network may send recordings.")
RATE_LIMITED = _(
    "You have started many uploads in a short time. Please wait an hour and try again."
)
NOT_FOUND = _(
    "This upload is no longer on the server (uploads are kept for two days). Please choose "
    "the file again."
)
BAD_REQUEST = _("The upload could not be read. Please try again.")


def may_upload(user):
    return bool(user.is_authenticated) and (
        is_member(user)
        or user.has_perm("recordings.add_recording")
        or user.has_perm("recordings.change_recording")
    )


def _refuse_visitor(user):
    """The answer for someone who may not upload, or None when they may."""
    if not user.is_authenticated:
        return _error(LOG_IN_AGAIN, 403)
    return None if may_upload(user) else _error(NOT_ALLOWED, 403)


def _tus(response):
    response["Tus-Resumable"] = TUS_VERSION
    response["Cache-Control"] = "no-store"
    return response


def _error(message, status):
    return _tus(JsonResponse({"error": str(message)}, status=status))


def _refused(error):
    return _error(error.messages[0], STATUS_OF_REFUSAL.get(error.code, 400))


def _rate_limit():
    return getattr(settings, "RECORDING_UPLOAD_RATE_LIMIT", DEFAULT_RATE_LIMIT)


def _rate_key(user):
    return ratelimit.private_key("recording-upload-rate", user.pk)


def _header_int(request, name):
    try:
        value = int(request.headers.get(name, ""))
    except ValueError:
        return None
    return value if value >= 0 else None


def _file_name(request):
    """The "filename" of tus's Upload-Metadata ("key base64,key base64")."""
    for pair in request.headers.get("Upload-Metadata", "").split(","):
        key, _space, value = pair.strip().partition(" ")
        if key == "filename":
            try:
                return base64.b64decode(value, validate=True).decode("utf-8", "replace")
            except (binascii.Error, ValueError):
                return ""
    return ""


def _state(upload, status=204):
    response = HttpResponse(status=status)
    response["Upload-Offset"] = str(upload.offset)
    response["Upload-Length"] = str(upload.length)
    return _tus(response)


@never_cache
@require_http_methods(["OPTIONS", "POST"])
def uploads(request):
    if request.method == "OPTIONS":
        response = HttpResponse(status=204)
        response["Tus-Version"] = TUS_VERSION
        response["Tus-Extension"] = "creation,termination"
        response["Tus-Max-Size"] = str(settings.RECORDINGS_MAX_BYTES)
        return _tus(response)
    if refused := _refuse_visitor(request.user):
        return refused
    limit, window = _rate_limit()
    key = _rate_key(request.user)
    if ratelimit.over_limit(key, limit):
        return _error(RATE_LIMITED, 429)
    length = _header_int(request, "Upload-Length")
    if length is None:
        return _error(BAD_REQUEST, 400)
    try:
        upload = upload_store.create(request.user, length, _file_name(request))
    except ValidationError as error:
        return _refused(error)
    ratelimit.count(key, window)
    response = _state(upload, status=201)
    response["Location"] = reverse("recording_upload", args=[upload.id])
    return response


@never_cache
@require_http_methods(["HEAD", "GET", "PATCH", "DELETE"])
def upload(request, upload_id):
    if refused := _refuse_visitor(request.user):
        return refused
    found = upload_store.find(upload_id, request.user)
    if found is None:
        return _error(NOT_FOUND, 404)
    if request.method == "DELETE":
        upload_store.discard(found)
        return _tus(HttpResponse(status=204))
    if request.method == "PATCH":
        return _append(request, found)
    response = _tus(
        JsonResponse(
            {
                "offset": found.offset,
                "length": found.length,
                "complete": found.complete,
                "name": found.name,
            }
        )
    )
    response["Upload-Offset"] = str(found.offset)
    response["Upload-Length"] = str(found.length)
    return response


def _append(request, found):
    if request.content_type != OFFSET_TYPE:
        return _error(BAD_REQUEST, 415)
    offset = _header_int(request, "Upload-Offset")
    if offset is None:
        return _error(BAD_REQUEST, 400)
    declared = _header_int(request, "Content-Length") or 0
    if offset + declared > found.length:
        upload_store.discard(found)
        return _refused(limits.refusal("too_big"))
    try:
        upload_store.append(found, offset, request)
    except upload_store.OffsetMismatch:
        return _state(found, status=409)  # the client asks where to go on from
    except ValidationError as error:
        return _refused(error)
    return _state(found)
