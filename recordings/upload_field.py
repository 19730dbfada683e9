"""A form field for a recording that may arrive in resumable chunks.

Without JavaScript it is a plain file field: the file comes with the form, and the limits
are said next to it. With JavaScript (recordings/static/recordings/upload.js) the file goes
ahead in chunks to recordings.upload_views while the member fills in the rest, and the form
only carries the finished upload's id in `<name>_upload`. The field gives the form either
the posted file or the finished upload (upload_store.ReceivedFile), and refuses an id that
is not a finished upload of this account (someone else's, unfinished, or expired).

The form sets `widget.user` (whose uploads may be named) and `widget.purpose` (which
browser-storage slot remembers an unfinished upload: one per form kind and account, under
the story-draft prefix so logging out removes it with the drafts).
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from recordings import limits, upload_store

ACCEPT = "audio/*,video/*,.m4a,.mp3,.ogg,.opus,.wav,.webm,.mp4,.mov"
DEFAULT_CHUNK_BYTES = 1024 * 1024  # small: on a dropping link, little is sent twice
STORAGE_PREFIX = "memoria-story-draft:"  # stories/static/stories/drafts.js removes these

UNFINISHED = _(
    "Your recording had not finished uploading, or it was removed after two days. Please "
    "choose the file again."
)
LIMITS = _(
    "Audio or video (m4a, mp3, Ogg/Opus, WAV, WebM, MP4 or MOV), at most %(megabytes)s MB "
    "and %(minutes)s minutes."
)
# What upload.js says, in the page's language.
TEXTS = {
    "uploading": _("Uploading the recording… %(percent)s%% (%(sent)s of %(total)s MB)"),
    "paused": _("Upload paused at %(percent)s%%. Press “Resume” to go on."),
    "retrying": _(
        "The connection dropped at %(percent)s%%. Nothing sent is lost: trying again in "
        "%(seconds)s seconds…"
    ),
    "checking": _("Uploaded. Checking the recording…"),
    "done": _("Recording uploaded: %(name)s"),
    "interrupted": _(
        "The upload of %(name)s stopped at %(percent)s%%. Choose the same file again to "
        "go on from there."
    ),
    "waiting": _("Please wait until the recording has finished uploading, then send again."),
    "failed": _("The recording could not be uploaded. Please try again."),
    "removed": _("The recording was removed."),
    "pause": _("Pause"),
    "resume": _("Resume"),
    "remove": _("Remove the recording"),
}


class Unfinished:
    """What the widget gives for an id that names no finished upload of this account."""

    def __bool__(self):
        return True


class RecordingUploadWidget(forms.FileInput):
    template_name = "recordings/upload_widget.html"
    user = None
    purpose = "recording"
    kept_upload = None  # a finished upload the form already holds (set after cleaning)

    def __init__(self, attrs=None):
        super().__init__(attrs={"accept": ACCEPT, **(attrs or {})})

    def value_from_datadict(self, data, files, name):
        if files.get(name):
            return files.get(name)
        upload_id = data.get(f"{name}_upload", "")
        if not upload_id or data.get(f"{name}_remove"):
            return None
        found = upload_store.find(upload_id, self.user) if self.user is not None else None
        return found.as_file() if found is not None and found.complete else Unfinished()

    def value_omitted_from_data(self, data, files, name):
        return name not in files and not data.get(f"{name}_upload")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        kept = value.upload if isinstance(value, upload_store.ReceivedFile) else self.kept_upload
        attrs = context["widget"]["attrs"]
        attrs["aria-describedby"] = f"{attrs.get('id', name)}_limits"
        user_pk = getattr(self.user, "pk", None)
        context.update(
            kept=kept,
            endpoint=reverse("recording_uploads"),
            storage_key=f"{STORAGE_PREFIX}{user_pk}:{self.purpose}" if user_pk else "",
            max_bytes=settings.RECORDINGS_MAX_BYTES,
            chunk_bytes=getattr(settings, "RECORDING_UPLOAD_CHUNK_BYTES", DEFAULT_CHUNK_BYTES),
            limits=LIMITS % limit_params(),
            texts={key.replace("_", "-"): str(text) for key, text in TEXTS.items()},
        )
        context["texts"]["too-big"] = str(limits.MESSAGES["too_big"]) % limit_params()
        return context


def limit_params():
    return {
        "megabytes": settings.RECORDINGS_MAX_BYTES // (1024 * 1024),
        "minutes": settings.RECORDINGS_MAX_SECONDS // 60,
    }


class RecordingUploadField(forms.FileField):
    widget = RecordingUploadWidget

    def clean(self, data, initial=None):
        if isinstance(data, Unfinished):
            raise ValidationError(UNFINISHED, code="unfinished")
        return super().clean(data, initial)

    def bound_data(self, data, initial):
        return None if isinstance(data, Unfinished) else super().bound_data(data, initial)

    def has_changed(self, initial, data):
        return bool(data) and not isinstance(data, Unfinished)


def for_user(field, user, purpose):
    """Tell the field's widget whose uploads it may name and where the browser keeps it."""
    field.widget.user = user
    field.widget.purpose = purpose
    return field
