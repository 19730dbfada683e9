"""A recorded testimony: a recording that belongs to a story, its web copy, its picture and
its transcripts.

A Recording is its own record (a snippet with a story chooser), not a child of the story's
page revisions: processing updates its status in the background, and publishing an older
page revision must never put back a stale status or a deleted file. The story's page never
imports this app; the app adds itself to story pages through a hook.

Transcripts are kept per language as WebVTT text (checked on save) and parsed into
TranscriptCue rows, so later work (segments with an index, search to the moment) can refer
to cues and times without reparsing.

Segments are the recording's index (OHMS-style): where each part of the testimony starts,
its title, synopsis and keywords in both languages, and the themes and places it speaks of.
They are edited with the recording (an inline panel, hence ClusterableModel and ParentalKey)
and shown only inside the story page, so they are as visible as the story is.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel

from archive.languages import CODES
from recordings import transcripts
from recordings.signals import recording_changed
from recordings.storage import private_storage
from recordings.times import ClockSecondsField


class Status(models.TextChoices):
    WAITING = "waiting", _("Waiting to be processed")
    PROCESSING = "processing", _("Processing")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
    WITHDRAWN = "withdrawn", _("Web copy deleted: the narrator withdrew consent")


class Kind(models.TextChoices):
    AUDIO = "audio", _("Audio")
    VIDEO = "video", _("Video")


class Failure(models.TextChoices):
    NOT_MEDIA = "not_media", _("The file is not a recording the archive can read.")
    TOO_BIG = "too_big", _("The file is bigger than the archive accepts.")
    TOO_LONG = "too_long", _("The recording is longer than the archive accepts.")
    FFMPEG = "ffmpeg", _("ffmpeg could not make the web copy.")
    METADATA = "metadata", _("Metadata was left in the web copy, so it was not kept.")
    MISSING = "missing", _("The original file is missing.")


class Recording(ClusterableModel):
    story = models.ForeignKey(
        "stories.StoryPage",
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        related_name="recordings",
    )
    sort_order = models.PositiveSmallIntegerField(_("order on the page"), default=0)
    original = models.FileField(
        _("recording"),
        storage=private_storage,
        upload_to="originals/%Y/%m/",
        help_text=_(
            "Audio or video as recorded (m4a, mp3, Ogg/Opus, WAV, WebM, MP4 or MOV). Kept "
            "privately as it is; listeners get a web copy without any metadata."
        ),
    )
    original_size = models.BigIntegerField(_("size in bytes"), null=True, editable=False)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, blank=True)
    status = models.CharField(
        _("processing"), max_length=12, choices=Status.choices, default=Status.WAITING
    )
    failure = models.CharField(
        _("reason for the failure"), max_length=12, choices=Failure.choices, blank=True
    )
    failure_detail = models.TextField(_("what ffmpeg said"), blank=True)
    duration = models.FloatField(_("duration in seconds"), null=True, blank=True)
    web_file = models.FileField(
        _("web copy"), storage=private_storage, upload_to="web/", blank=True, editable=False
    )
    image = models.FileField(
        _("poster or waveform"),
        storage=private_storage,
        upload_to="images/",
        blank=True,
        editable=False,
    )
    transcript_en = models.TextField(
        _("transcript (English)"),
        blank=True,
        help_text=_("WebVTT. Upload a .vtt or .srt file below, or paste and edit it here."),
    )
    transcript_es = models.TextField(
        _("transcript (Spanish)"),
        blank=True,
        help_text=_("WebVTT. Upload a .vtt or .srt file below, or paste and edit it here."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["story", "sort_order", "pk"]
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")

    def __str__(self):
        kind = self.get_kind_display() or _("Recording")
        return f"{kind} #{self.pk or '–'}: {self.story.title}" if self.story_id else str(kind)

    def save(self, *args, process=True, **kwargs):
        """A new original is processed once the save is committed (recordings.tasks).
        `process=False`: the caller enqueues process_recording itself (load_demo does, to
        process its sample recordings at once and say how it went)."""
        new_original = str(self.original or "") != str(getattr(self, "_stored_original", "") or "")
        if new_original:
            self.status, self.failure, self.failure_detail = Status.WAITING, "", ""
        for language in CODES:  # any way in: SRT becomes WebVTT, a wrong file is refused
            field = f"transcript_{language}"
            setattr(self, field, transcripts.normalise(getattr(self, field)))
        # Its segments are saved with it (ClusterableModel): one signal for them all, below.
        self._saving_whole = True
        try:
            super().save(*args, **kwargs)
        finally:
            self._saving_whole = False
        self._stored_original = self.original.name
        self.rebuild_cues()
        recording_changed.send(sender=Recording, recording_id=self.pk)
        if new_original and self.original and process:
            from recordings.tasks import process_recording

            pk = self.pk
            transaction.on_commit(lambda: process_recording.enqueue(pk), robust=True)

    @classmethod
    def from_db(cls, db, field_names, values):
        recording = super().from_db(db, field_names, values)
        recording._stored_original = recording.__dict__.get("original")
        return recording

    def transcript(self, language):
        return getattr(self, f"transcript_{language}", "")

    def clean(self):
        super().clean()
        errors = {}
        for language in CODES:
            field = f"transcript_{language}"
            try:
                setattr(self, field, transcripts.normalise(getattr(self, field)))
            except ValidationError as error:
                errors[field] = error
        if errors:
            raise ValidationError(errors)

    @property
    def duration_clock(self):
        return transcripts.clock(self.duration) if self.duration else ""

    @property
    def is_ready(self):
        return self.status == Status.READY and bool(self.web_file)

    def rebuild_cues(self):
        cues = []
        for language in CODES:
            text = self.transcript(language)
            parsed = transcripts.parse_webvtt(text) if text.strip() else []
            cues += [
                TranscriptCue(
                    recording=self,
                    language=language,
                    position=number,
                    start=cue.start,
                    end=cue.end,
                    text=cue.text,
                )
                for number, cue in enumerate(parsed)
            ]
        self.cues.all().delete()
        TranscriptCue.objects.bulk_create(cues)

    def cues_in(self, language):
        return [cue for cue in self.cues.all() if cue.language == language]


class TranscriptCue(models.Model):
    """One timed line of a transcript in one language."""

    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="cues")
    language = models.CharField(max_length=8, choices=[(code, code) for code in CODES])
    position = models.PositiveIntegerField()
    start = models.FloatField()
    end = models.FloatField()
    text = models.TextField()

    class Meta:
        ordering = ["recording", "language", "position"]
        indexes = [models.Index(fields=["recording", "language", "position"])]

    def __str__(self):
        return f"{self.clock} {self.text}"

    @property
    def clock(self):
        return transcripts.clock(self.start)

    @property
    def start_seconds(self):
        return int(self.start)


class Segment(ClusterableModel):
    """One part of a recording's index: from `start` to the next part's start (or the end).

    A later search record per segment and language can use `search_key` (stable while the
    segment exists) and `search_text(language)`: its title, synopsis and keywords and the
    transcript lines spoken inside it."""

    recording = ParentalKey(
        Recording, verbose_name=_("recording"), on_delete=models.CASCADE, related_name="segments"
    )
    start = ClockSecondsField(
        _("starts at"),
        help_text=_("From the start of the recording, such as 12:30 or 1:02:03."),
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    synopsis = models.TextField(_("synopsis"), blank=True)
    keywords = models.CharField(
        _("keywords"), max_length=500, blank=True, help_text=_("Separated by semicolons.")
    )
    themes = ParentalManyToManyField(
        "archive.Theme", verbose_name=_("themes"), blank=True, related_name="recording_segments"
    )
    places = ParentalManyToManyField(
        "archive.Place", verbose_name=_("places"), blank=True, related_name="recording_segments"
    )

    # Here, not in admin.py: wagtail-modeltranslation turns "title" into title_en and
    # title_es when the apps are ready, before the admin hooks load.
    panels = [
        FieldPanel("start"),
        FieldPanel("title"),
        FieldPanel("synopsis"),
        FieldPanel("keywords"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("places"),
    ]

    class Meta:
        ordering = ["recording", "start", "pk"]
        indexes = [models.Index(fields=["recording", "start"])]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")

    def __str__(self):
        return f"{self.clock} {self.title}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)  # its themes and places too (ParentalManyToManyField)
        if not getattr(self.recording, "_saving_whole", False):
            recording_changed.send(sender=Segment, recording_id=self.recording_id)

    def clean(self):
        super().clean()
        if not any((getattr(self, f"title_{language}") or "").strip() for language in CODES):
            raise ValidationError(_("Give the segment a title in at least one language."))
        duration = self.recording.duration if self.recording_id else None
        if duration and self.start is not None and self.start > duration:
            raise ValidationError(
                {
                    "start": _("The recording is only %(length)s long.")
                    % {"length": transcripts.clock(duration)}
                }
            )

    @property
    def clock(self):
        return transcripts.clock(self.start or 0)

    def in_languages(self, field):
        """{language: text} of a translated field ("title", "synopsis"), the languages it is
        written in only: what the channels beyond the page (API, OAI, bag, timelines) give."""
        texts = {code: (getattr(self, f"{field}_{code}", "") or "").strip() for code in CODES}
        return {code: text for code, text in texts.items() if text}

    def keyword_list(self, language):
        text = getattr(self, f"keywords_{language}", "") or ""
        return [word.strip() for word in text.split(";") if word.strip()]

    @property
    def search_key(self):
        return f"segment:{self.pk}"

    def end(self):
        """Where the next segment starts, or the recording's end (None if not known)."""
        later = [s.start for s in self.recording.segments.all() if s.start > self.start]
        return min(later) if later else self.recording.duration

    def cues_within(self, language):
        end = self.end()
        return [
            cue
            for cue in self.recording.cues_in(language)
            if cue.start >= self.start and (end is None or cue.start < end)
        ]

    def search_text(self, language):
        parts = [
            getattr(self, f"title_{language}", ""),
            getattr(self, f"synopsis_{language}", ""),
            "; ".join(self.keyword_list(language)),
        ]
        parts += [cue.text for cue in self.cues_within(language)]
        return "\n".join(part for part in parts if part)
