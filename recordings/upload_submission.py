"""The recording a member may send with their story at /submit/.

Registered with the hook "story_submission_attachments" (stories.submission.attachments),
so the story form never imports this app. The member's file arrives in resumable chunks
(recordings.upload_views) or, without JavaScript, with the form; either way it becomes a
Recording of the new draft story in the transaction that creates the story, and the usual
processing task makes its web copy without metadata once that commits. Nobody outside the
editors hears it before the story is published and the narrator agreed to publishing
their voice (recordings.views asks on every request).

The file is moved (not copied: it may be 200 MB) from the upload into RECORDINGS_ROOT while
the transaction runs, and the upload's folder is removed only once it commits. If it rolls
back instead, no row names the moved file any more: `rolled_back` moves it back into the
upload, so nothing is left in the recordings folder and the member's upload is whole
again, as the form still names it (sent again, it is attached again; abandoned, the
two-day clean-up of uploads removes it).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from recordings import limits, upload_field, upload_store
from recordings.models import Recording

FIELD = "recording"


class SubmittedRecording:
    def __init__(self, form):
        self.form = form
        self.upload = None
        self.recording = None  # made by attach(), until its transaction ends
        field = upload_field.RecordingUploadField(label=_("Recording"), required=False)
        form.fields[FIELD] = upload_field.for_user(field, form.user, "recording-submit")

    def clean(self):
        value = self.form.cleaned_data.get(FIELD)
        if isinstance(value, upload_store.ReceivedFile):
            self.upload = value.upload
        elif value:  # sent with the form, without JavaScript
            try:
                limits.check_upload(value)
                self.upload = upload_store.keep_file(self.form.user, value)
            except ValidationError as error:
                self.form.add_error(FIELD, error)
        # Shown as already uploaded if the form comes back with another field's error.
        self.form.fields[FIELD].widget.kept_upload = self.upload

    def render(self):
        return render_to_string("recordings/submission_fieldset.html", {"field": self.form[FIELD]})

    def attach(self, story, member):
        if self.upload is None:
            return
        upload = self.upload
        self.recording = Recording(story=story)
        self.recording.original = upload.as_file()  # moved into place, not copied
        self.recording.save()  # the processing task runs once the story is committed
        transaction.on_commit(lambda: upload_store.discard(upload))

    def rolled_back(self):
        recording, self.recording = self.recording, None
        if recording is not None:
            upload_store.take_back(self.upload, recording.original)
