"""Recordings in Wagtail's admin: a snippet with a story chooser, the upload checked before
it is stored (sent ahead in resumable chunks when the browser runs JavaScript,
recordings.upload_field), transcripts uploaded (WebVTT or SRT) or edited as text, and the
processing status and failure reason shown read-only."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.snippets.views.snippets import SnippetViewSet

from archive.languages import CODES
from recordings import limits, transcripts, upload_field, upload_store
from recordings.models import Recording


def _transcript_file(label):
    return forms.FileField(
        label=label, required=False, widget=forms.FileInput(attrs={"accept": ".vtt,.srt,text/vtt"})
    )


class RecordingForm(WagtailAdminModelForm):
    # One per language in archive.languages.CODES.
    transcript_file_en = _transcript_file(_("Upload the English transcript (.vtt or .srt)"))
    transcript_file_es = _transcript_file(_("Upload the Spanish transcript (.vtt or .srt)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No "currently:" link: the original has no address anyone may open. The file may
        # come in chunks ahead of the form, which then names the finished upload.
        if "original" in self.fields:
            model_field = self.fields["original"]
            field = upload_field.RecordingUploadField(
                label=model_field.label,
                help_text=model_field.help_text,
                required=model_field.required,
            )
            self.fields["original"] = upload_field.for_user(field, self.for_user, "recording-admin")

    def clean_original(self):
        upload = self.cleaned_data.get("original")
        if isinstance(upload, UploadedFile):
            limits.check_upload(upload)
        return upload

    def save(self, commit=True):
        recording = super().save(commit=commit)
        received = self.cleaned_data.get("original")
        if commit and isinstance(received, upload_store.ReceivedFile):
            upload_store.discard(received.upload)  # its file was moved into the recording
        return recording

    def clean(self):
        cleaned_data = super().clean()
        for language in CODES:
            upload = cleaned_data.get(f"transcript_file_{language}")
            if not upload:
                continue
            try:
                cleaned_data[f"transcript_{language}"] = transcripts.read_upload(upload)
            except ValidationError as error:
                self.add_error(f"transcript_file_{language}", error)
        return cleaned_data


Recording.base_form_class = RecordingForm
Recording.panels = [
    PageChooserPanel("story", "stories.StoryPage"),
    FieldPanel("original"),
    FieldPanel("sort_order"),
    MultiFieldPanel(
        [
            FieldPanel(name, read_only=True)
            for name in ("status", "failure", "failure_detail", "kind", "duration")
        ],
        heading=_("Processing"),
    ),
    MultiFieldPanel(
        [
            FieldPanel("transcript_file_en"),
            FieldPanel("transcript_en"),
            FieldPanel("transcript_file_es"),
            FieldPanel("transcript_es"),
        ],
        heading=_("Transcripts"),
    ),
]


class RecordingViewSet(SnippetViewSet):
    model = Recording
    icon = "media"
    menu_label = _("Recordings")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["__str__", "story", "kind", "status", "failure"]
    list_filter = ["status", "kind"]
