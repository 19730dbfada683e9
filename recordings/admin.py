"""Recordings in Wagtail's admin: a snippet with a story chooser, the upload checked before
it is stored (sent ahead in resumable chunks when the browser runs JavaScript,
recordings.upload_field), transcripts uploaded (WebVTT or SRT) or edited as text, the
processing status and failure reason shown read-only, the segment index edited inline, and
an OHMS XML file imported into the index and a transcript (recordings/ohms.py). A processed
recording plays on its edit page as in the story's preview (RecordingPreviewPanel), so the
transcripts and the index can be checked against the voice before the story is published."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel, Panel
from wagtail.snippets.views.snippets import SnippetViewSet

from archive.languages import CODES
from recordings import limits, ohms, sections, transcripts, upload_field, upload_store
from recordings.models import Recording


def _transcript_file(label):
    return forms.FileField(
        label=label, required=False, widget=forms.FileInput(attrs={"accept": ".vtt,.srt,text/vtt"})
    )


def _language_choices(blank=None):
    languages = [(code, translation.get_language_info(code)["name_translated"]) for code in CODES]
    return ([("", blank)] if blank else []) + languages


class RecordingForm(WagtailAdminModelForm):
    # One per language in archive.languages.CODES.
    transcript_file_en = _transcript_file(_("Upload the English transcript (.vtt or .srt)"))
    transcript_file_es = _transcript_file(_("Upload the Spanish transcript (.vtt or .srt)"))
    ohms_file = forms.FileField(
        label=_("OHMS XML file"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".xml,text/xml,application/xml"}),
        help_text=_(
            "Its index points become segments (matched by start time, so nothing already "
            "written is lost) and its synchronised transcript replaces the transcript in "
            "that language."
        ),
    )
    ohms_language = forms.ChoiceField(label=_("Language of the OHMS file"), required=False)
    ohms_alt_language = forms.ChoiceField(
        label=_("Language of its translation (the *_alt fields)"), required=False
    )

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
        segments = self.formsets.get("segments")
        for form in segments.forms if segments else ():
            # New segments learn their recording now, so their clean() can check the time
            # against its length (modelcluster sets it only when saving).
            form.instance.recording = self.instance
        if "ohms_language" in self.fields:
            self.fields["ohms_language"].choices = _language_choices()
            self.fields["ohms_alt_language"].choices = _language_choices(_("No translation"))

    def clean_original(self):
        upload = self.cleaned_data.get("original")
        if isinstance(upload, UploadedFile):
            limits.check_upload(upload)
        return upload

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
        self._clean_ohms(cleaned_data)
        return cleaned_data

    def _clean_ohms(self, cleaned_data):
        """Read the OHMS file now, so a bad one is refused with the form and nothing saved."""
        self.ohms = None
        upload = cleaned_data.get("ohms_file")
        if not upload:
            return
        language = cleaned_data.get("ohms_language") or CODES[0]
        alt_language = cleaned_data.get("ohms_alt_language") or None
        if alt_language == language:
            self.add_error("ohms_alt_language", _("The translation must be in the other language."))
            return
        try:
            self.ohms = ohms.read(upload.read(ohms.MAX_OHMS_BYTES + 1))
        except ValidationError as error:
            self.add_error("ohms_file", error)
            return
        self.ohms_languages = (language, alt_language)

    def save(self, commit=True):
        recording = super().save(commit=commit)
        received = self.cleaned_data.get("original")
        if commit and isinstance(received, upload_store.ReceivedFile):
            upload_store.discard(received.upload)  # its file was moved into the recording
        if commit and getattr(self, "ohms", None):
            ohms.import_into(recording, self.ohms, *self.ohms_languages)
            recording.refresh_from_db()
        return recording


class RecordingPreviewPanel(Panel):
    """The saved recording as the story's preview shows it (sections.admin_recording_preview):
    its player from the admin's addresses (recordings/preview.py), tracks, transcript and
    index, or why it cannot be played yet. Only for someone who may preview its story."""

    class BoundPanel(Panel.BoundPanel):
        class Media:
            css = {"all": ["recordings/admin_preview.css"]}

        def is_shown(self):
            return self.instance.pk is not None and self.instance.story_id is not None

        def render_html(self, parent_context=None):
            section = sections.admin_recording_preview(self.request, self.instance)
            if not section:
                return format_html(
                    '<p class="help-block">{}</p>',
                    _("Only the people who may edit this recording's story can listen to it."),
                )
            return format_html(
                '<div class="recording-preview"><p class="help">{}</p>{}</div>',
                _(
                    "As saved: after changing a transcript or the index, save to hear them "
                    "together."
                ),
                section,
            )


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
    RecordingPreviewPanel(heading=_("Listen")),
    MultiFieldPanel(
        [
            FieldPanel("transcript_file_en"),
            FieldPanel("transcript_en"),
            FieldPanel("transcript_file_es"),
            FieldPanel("transcript_es"),
        ],
        heading=_("Transcripts"),
    ),
    InlinePanel("segments", heading=_("Index (segments)"), label=_("Segment")),
    MultiFieldPanel(
        [FieldPanel("ohms_file"), FieldPanel("ohms_language"), FieldPanel("ohms_alt_language")],
        heading=_("Import an OHMS file"),
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
