"""Recorded testimonies in timelines (issue 18, "a segment can be a timeline event; the embed
plays it; the offline file"). timelines sits below recordings and may not import it, so
the project hands timelines the recordings of the stories it draws, registered with
timelines.sources (connected in MemoriaConfig.ready()).

The questions are the story page's, asked with the page's own functions
(recordings.sections, recordings.views) for a visitor who is not logged in: may anyone read
the story (else nothing), may anyone hear its narrators (archive.visibility,
with_voice_consent; else the words and the index, no address of any file). One query finds
the recordings of every story a timeline draws, whatever their number.
"""

from django.db.models import Prefetch
from django.urls import reverse

from archive.languages import CODES
from archive.visibility import public_stories, story_model, with_voice_consent
from recordings import sections, views
from recordings.models import Kind, Recording, Segment, TranscriptCue
from timelines import sources


def public_recordings(stories, theme_ids, place_ids):
    recordings = _recordings(stories, theme_ids, place_ids)
    if not recordings:
        return []
    # Whatever the caller checked, the rule is asked here, once, about the stories of the
    # recordings found (no more than are described): not about the caller's query, which
    # may hold the rule already and would be compiled into this one again.
    readable = set(
        public_stories()
        .filter(pk__in={recording.story_id for recording in recordings})
        .values_list("pk", flat=True)
    )
    recordings = [recording for recording in recordings if recording.story_id in readable]
    heard = set(
        with_voice_consent(story_model().objects.filter(pk__in=readable)).values_list(
            "pk", flat=True
        )
    )
    return [
        sources.Recorded(
            id=recording.pk,
            story_id=recording.story_id,
            parts=tuple(_parts(recording)),
            languages=tuple(code for code in CODES if recording.cues_in(code)),
            voice=_voice(recording) if playable else None,
            words_only=recording.story_id not in heard,
            lines=_lines(recording.pk),
        )
        for recording, playable in sections.shown(
            recordings, lambda recording: recording.story_id in heard
        )
    ]


def _recordings(stories, theme_ids, place_ids):
    """The recordings of `stories` (a StoryPage queryset or their ids) with a part on the
    themes and places, loaded with what describing them needs."""
    recordings = Recording.objects.filter(story__in=stories)
    if theme_ids or place_ids:
        parts = Segment.objects.all()
        if theme_ids:
            parts = parts.filter(themes__in=theme_ids)
        if place_ids:
            parts = parts.filter(places__in=place_ids)
        recordings = recordings.filter(pk__in=parts.values("recording_id"))
    return list(
        recordings.select_related("story")
        # The transcripts' text is read only for the offline file's tracks (track_text).
        .defer("transcript_en", "transcript_es")
        .prefetch_related(
            # The first line of each transcript says which languages it has (its tracks)
            # without loading every line of every testimony a timeline shows.
            Prefetch("cues", queryset=TranscriptCue.objects.filter(position=0)),
            "segments",
            "segments__themes",
            "segments__places",
        )
    )


def _parts(recording):
    for segment in recording.segments.all():
        yield sources.Part(
            start=segment.start,
            clock=segment.clock,
            end=segment.end(),
            title=segment.in_languages("title"),
            synopsis=segment.in_languages("synopsis"),
            themes=frozenset(theme.pk for theme in segment.themes.all()),
            places=frozenset(place.pk for place in segment.places.all()),
        )


def _lines(recording_id):
    def lines(language):
        cues = TranscriptCue.objects.filter(recording_id=recording_id, language=language)
        return [
            sources.Line(start=cue.start, clock=cue.clock, text=cue.text)
            for cue in cues.order_by("position").only("start", "text")
        ]

    return lines


def _voice(recording):
    web = recording.web_file
    return sources.Voice(
        url=sections.web_file_url(recording),
        named_url=reverse("recording_web_file_as", args=[recording.pk, views.file_extension(web)]),
        media_type=views.content_type(web),
        is_video=recording.kind == Kind.VIDEO,
        image_url=sections.image_url(recording),
        tracks=tuple(
            sources.Track(
                language=track["language"],
                kind=track["kind"],
                label=track["label"],
                url=track["url"],
                text=_track_text(recording, track["language"]),
            )
            for track in sections.caption_tracks(recording, recording.story)
        ),
        size=lambda: web.size,
        open=lambda: web.open("rb"),
    )


def _track_text(recording, language):
    return lambda: views.track_text(recording, language)


def register():
    sources.register(public_recordings)
