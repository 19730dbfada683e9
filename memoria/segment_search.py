"""Recording segments as search records of their own (issue 18, "search to the moment").

search and recordings sit in the same layer and may not import each other, so the project
joins them here: a document per segment and language, registered with search.sources, and
the recordings' edits that re-index them (connected in MemoriaConfig.ready()).

A segment is exactly as visible as its story (the story's window: audience, embargo,
expiry), and its words are searchable even when the narrators keep their voice private
("words yes, voice no": the transcript is public). Its address opens the story at the
segment's start (`?t=`) and at the recording's section, which holds the player when the
reader may hear it and the transcript in any case: the link promises the moment, not
playback, so a change of voice consent needs no re-index.
"""

from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _

from archive.languages import CODES, translated
from archive.visibility import story_windows
from recordings.models import Segment
from recordings.signals import recording_changed
from recordings.transcripts import clock
from search import indexing, sources
from search.documents import DocumentData, of_one_record, story_fields, url_in

KIND = "segment"


def segment_documents(segment, story, window):
    """A document in each language the segment has words in (its index or transcript)."""
    recording = segment.recording
    themes = list({t.pk: t for t in [*segment.themes.all(), *story.themes.all()]}.values())
    places = list({p.pk: p for p in [*segment.places.all(), *story.places.all()]}.values())
    shared = story_fields(story, window, themes, places)
    moment = f"?t={int(segment.start)}#recording-{recording.pk}"
    documents = []
    for language in CODES:
        text = segment.search_text(language)
        if not text:
            continue
        title = translated(segment, "title", language)[0] or clock(segment.start)
        documents.append(
            DocumentData(
                key=f"{KIND}:{segment.pk}:{language}",
                kind=KIND,
                record_id=segment.pk,
                language=language,
                title=f"{title} — {translated(story, 'title', language)[0]}",
                text=text,
                url=(url_in(story.get_url, language) or "") + moment,
                **shared,
            )
        )
    return of_one_record(documents)


def documents(ids):
    segments = list(
        Segment.objects.filter(pk__in=list(ids))
        .select_related("recording__story")
        .prefetch_related(
            "themes",
            "places",
            "recording__segments",
            "recording__cues",
            "recording__story__themes",
            "recording__story__places",
            "recording__story__narrators",
        )
    )
    windows = story_windows({segment.recording.story_id for segment in segments})
    return [
        document
        for segment in segments
        if segment.recording.story_id in windows
        for document in segment_documents(
            segment, segment.recording.story, windows[segment.recording.story_id]
        )
    ]


def record_ids():
    return Segment.objects.order_by("pk").values_list("pk", flat=True)


def following_stories(story_ids):
    return list(
        Segment.objects.filter(recording__story__in=list(story_ids)).values_list("pk", flat=True)
    )


def _reindex_recording(recording_id):
    # A segment ends where the next starts: a change to one changes its neighbour's words.
    indexing.reindex(
        KIND, list(Segment.objects.filter(recording_id=recording_id).values_list("pk", flat=True))
    )


def _segment_deleted(sender, instance, **kwargs):
    indexing.write_documents(KIND, [instance.pk], [])
    _reindex_recording(instance.recording_id)


def _recording_changed(sender, recording_id, **kwargs):
    # Sent once the transcript lines, or a segment's themes and places, are saved too.
    _reindex_recording(recording_id)


def register():
    sources.register(
        sources.DocumentSource(
            kind=KIND,
            label=_("Recording segment"),
            documents=documents,
            record_ids=record_ids,
            following_stories=following_stories,
        )
    )
    uid = "memoria-segment-search"
    post_delete.connect(_segment_deleted, sender=Segment, dispatch_uid=uid)
    recording_changed.connect(_recording_changed, dispatch_uid=uid)
