"""The recording part of a story page (registered with the "story_page_sections" hook), and
of a narrator's page (archive.selectors.narrator_page_sections, from RecordingsConfig.ready).

The story page has already asked the visibility rule before it renders. Here the one other
question is asked once: may this reader hear the story's narrators (archive.visibility,
`user_can_hear_story`)? If not ("words yes, voice no"), the transcript is shown and no
player and no address of a recording file appears in the page.

The segment index (the recording's parts, with their times, titles and synopses) is shown
beside the player; each part is a link that plays from its start. Without the voice, the
index is still there, as text with times and no links.

The archive's other channels (API v2, OAI-PMH, JSON-LD, the bag) ask the same questions
with the same functions (recordings_of, shown, is_playable, has_something_to_show, web_file_url,
image_url, caption_tracks), through memoria/recording_media.py.

In Wagtail's preview of the story, for someone who may preview it (recordings/preview.py),
every processed recording is playable whatever the story's publication and the narrators'
voice consent, from the admin's addresses, with notices saying what readers will get. The
Recordings snippet's edit page shows the same (admin_recording_preview).
"""

import re

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from archive.languages import CODES, current, translated
from archive.visibility import user_can_hear_story, with_voice_consent
from recordings import preview as admin_preview
from recordings.models import Recording, Status
from recordings.times import parse_clock


def _start_seconds(request):
    """`?t=750` or `?t=12:30` from the address (a no-script link from a transcript line or
    a segment, or a link someone shared)."""
    try:  # a fraction of a second ("750.5", as the player writes it) is dropped
        return parse_clock(re.sub(r"\.\d*$", "", request.GET.get("t", "")))
    except ValueError:
        return None


def _transcript_language(recording, reader):
    """The reader's language if transcribed in it, else the first that is."""
    for language in (reader, *CODES):
        if recording.cues_in(language):
            return language
    return None


_LOADED = "_recordings_loaded"


def recordings_of(story):
    """The story's recordings with their transcript lines and index (its parts' themes and
    places too), in page order. Kept on the story object, loaded anew for each request:
    the page's section and its JSON-LD (memoria/recording_media.py) share one load."""
    if _LOADED not in story.__dict__:
        recordings = Recording.objects.filter(story=story).prefetch_related(
            "cues", "segments", "segments__themes", "segments__places"
        )
        story.__dict__[_LOADED] = list(recordings)
    return story.__dict__[_LOADED]


def is_playable(recording, hearable):
    """A player (and any address of a file) only for a processed recording the reader may
    hear (`hearable`: archive.visibility.user_can_hear_story)."""
    return hearable and recording.status == Status.READY and bool(recording.web_file)


def has_something_to_show(recording, playable):
    """Its player, its words or its index: a recording with none of them is left out."""
    return playable or bool(recording.cues.all()) or bool(recording.segments.all())


def shown(recordings, hearable):
    """(recording, playable) for each recording that has something to show, `hearable(recording)`
    saying whether its reader may hear it: what every channel beyond the page lists."""
    for recording in recordings:
        playable = is_playable(recording, hearable(recording))
        if has_something_to_show(recording, playable):
            yield recording, playable


def web_file_url(recording, preview=False):
    """Its public address, or with `preview` its admin one (recordings/preview.py)."""
    if preview:
        return admin_preview.web_file_url(recording)
    return reverse("recording_web_file", args=[recording.pk])


def image_url(recording, preview=False):
    if preview:
        return admin_preview.image_url(recording)
    return reverse("recording_image", args=[recording.pk]) if recording.image else ""


def _track_url(recording, language, preview):
    if preview:
        return admin_preview.track_url(recording, language)
    return reverse("recording_track", args=[recording.pk, language])


def caption_tracks(recording, story, preview=False):
    """The <track>s of a playable recording: one per transcribed language."""
    for language in CODES:
        if recording.cues_in(language):
            yield {
                "language": language,
                "url": _track_url(recording, language, preview),
                # Captions in the language spoken; subtitles for a translation.
                "kind": "captions" if language == story.original_language else "subtitles",
                # Django's own name ("español"), not languages.native_name(): as shipped.
                "label": translation.get_language_info(language)["name_local"],
            }


def _segments(recording, reader):
    segments = list(recording.segments.all())
    if not segments:
        return []
    ends = [later.start for later in segments[1:]] + [recording.duration]
    shown = []
    for segment, end in zip(segments, ends, strict=True):
        title, language = translated(segment, "title", reader)
        synopsis, synopsis_language = translated(segment, "synopsis", reader)
        keywords, keywords_language = translated(segment, "keywords", reader)
        shown.append(
            {
                "pk": segment.pk,
                "start": segment.start,
                "end": end,
                "clock": segment.clock,
                "title": title,
                "language": language,
                "synopsis": synopsis,
                "synopsis_language": synopsis_language,
                "keywords": segment.keyword_list(keywords_language) if keywords else [],
                "keywords_language": keywords_language,
            }
        )
    return shown


def _recording_context(recording, story, hearable, start, preview=None):
    """`preview`: None on the published page; in the admin's preview, what the notices say
    (_preview_notes)."""
    reader = current()
    language = _transcript_language(recording, reader)
    playable = is_playable(recording, hearable)
    context = {
        "recording": recording,
        "playable": playable,
        "transcript_language": language,
        "cues": recording.cues_in(language) if language else [],
        "segments": _segments(recording, reader),
        "current_language": reader,
        "preview": preview,
    }
    if playable:
        in_admin = preview is not None
        context.update(
            source=web_file_url(recording, in_admin) + (f"#t={start}" if start else ""),
            image=image_url(recording, in_admin),
            tracks=list(caption_tracks(recording, story, in_admin)),
            is_video=recording.kind == "video",
        )
    return context


def _preview_notes(story):
    """What the published page does with the story's recordings, for the preview's notices:
    whether anyone may hear them now, and whether a narrator has not agreed to publishing
    their voice (then the published page shows only the words). The narrators are those of
    the story as previewed (an unsaved edit's)."""
    voice_missing = any(not narrator.voice_consent for narrator in story.narrators.all())
    heard_by_anyone = bool(story.pk) and user_can_hear_story(AnonymousUser(), story)
    return {"public": heard_by_anyone and not voice_missing, "voice_missing": voice_missing}


def _render(request, shown):
    return render_to_string(
        "recordings/story_section.html",
        {"recordings": shown, "any_player": any(item["playable"] for item in shown)},
        request=request,
    )


def story_recordings(request, story):
    if story.pk is None:  # the preview of a story not saved yet: no recording is its own
        return ""
    recordings = recordings_of(story)
    if not recordings:
        return ""
    start = _start_seconds(request)
    if admin_preview.is_admin_preview(request, story):
        notes = _preview_notes(story)
        # Every recording, with what the published page will do with it.
        shown = [_recording_context(each, story, True, start, notes) for each in recordings]
        return _render(request, shown)
    hearable = user_can_hear_story(request.user, story)
    shown = [_recording_context(recording, story, hearable, start) for recording in recordings]
    shown = [item for item in shown if has_something_to_show(item["recording"], item["playable"])]
    if not shown:
        return ""
    return _render(request, shown)


def admin_recording_preview(request, recording):
    """The recording as the story's preview shows it, for its snippet's edit page
    (recordings/admin.py), or "" for someone who may not preview its story."""
    if recording.pk is None or not admin_preview.may_preview(request.user, recording.story):
        return ""
    story = recording.story
    item = _recording_context(recording, story, True, None, _preview_notes(story))
    return _render(request, [item])


def stories_to_listen_to(stories):
    """Of these public stories (a narrator's), those with a recording anyone may play: one
    processed and ready, and every narrator agreed to publishing their voice. A story with
    only a transcript ("words yes, voice no") is not among them."""
    playable = Recording.objects.filter(status=Status.READY).exclude(web_file="")
    return list(with_voice_consent(stories).filter(pk__in=playable.values("story_id")))
