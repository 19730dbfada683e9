"""Recorded testimonies in the archive's other public channels (issue 18, "everywhere else"):
API v2, OAI-PMH, JSON-LD and the bag. interop and recordings sit in the same layer and may
not import each other, so the project hands interop a story's recordings here, registered
with interop.story_media (connected in MemoriaConfig.ready()).

The questions are the story page's, asked with the page's own functions
(recordings.sections, recordings.views) for a visitor who is not logged in: may anyone read
the story (else nothing), may anyone hear its narrators (archive.visibility,
user_can_hear_story; else the words and the index without any file address).
Timelines ask the same two questions of many stories in one query
(memoria/timeline_recordings.py); here they are asked of one story, whose page has usually
answered the first already (is_story_publicly_visible keeps that answer), at no cost.
"""

from django.contrib.auth.models import AnonymousUser

from archive.languages import CODES
from archive.visibility import is_story_publicly_visible, user_can_hear_story
from interop import story_media
from recordings import sections, views


def public_recordings(story):
    if not is_story_publicly_visible(story):
        return []
    recordings = sections.recordings_of(story)
    if not recordings:
        return []
    hearable = user_can_hear_story(AnonymousUser(), story)
    return [
        story_media.PublicRecording(
            id=recording.pk,
            kind=recording.kind,
            transcripts=tuple(_transcripts(recording)),
            parts=tuple(_parts(recording)),
            voice=_voice(recording, story) if playable else None,
        )
        for recording, playable in sections.shown(recordings, lambda _recording: hearable)
    ]


def _transcripts(recording):
    for language in CODES:
        cues = recording.cues_in(language)
        if cues:
            yield story_media.Transcript(
                language=language,
                webvtt=views.track_text(recording, language),
                text="\n".join(cue.text for cue in cues),
            )


def _parts(recording):
    for segment in recording.segments.all():
        yield story_media.Part(
            start=segment.start,
            end=segment.end(),
            title=segment.in_languages("title"),
            synopsis=segment.in_languages("synopsis"),
            keywords={
                language: words for language in CODES if (words := segment.keyword_list(language))
            },
            themes=tuple(theme.slug for theme in segment.themes.all()),
            places=tuple(place.slug for place in segment.places.all()),
        )


def _voice(recording, story):
    web = recording.web_file
    return story_media.Voice(
        url=sections.web_file_url(recording),
        media_type=views.content_type(web),
        file_extension=views.file_extension(web),
        duration=recording.duration,
        image_url=sections.image_url(recording),
        tracks=tuple(
            story_media.Track(language=track["language"], kind=track["kind"], url=track["url"])
            for track in sections.caption_tracks(recording, story)
        ),
        open=lambda: web.open("rb"),
    )


def register():
    story_media.register(public_recordings)
