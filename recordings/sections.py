"""The recording part of a story page (registered with the "story_page_sections" hook).

The story page has already asked the visibility rule before it renders. Here the one other
question is asked once: may this reader hear the story's narrators (archive.visibility,
`user_can_hear_story`)? If not ("words yes, voice no"), the transcript is shown and no
player and no address of a recording file appears in the page.
"""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from archive.languages import CODES, current
from archive.visibility import user_can_hear_story
from recordings.models import Recording, Status


def _start_seconds(request):
    """`?t=SECONDS` from the address (a no-script link from a transcript line)."""
    try:
        return max(0, int(float(request.GET.get("t", ""))))
    except ValueError:
        return None


def _transcript_language(recording, reader):
    """The reader's language if transcribed in it, else the first that is."""
    for language in (reader, *CODES):
        if recording.cues_in(language):
            return language
    return None


def _tracks(recording, story):
    for language in CODES:
        if recording.cues_in(language):
            yield {
                "language": language,
                "url": reverse("recording_track", args=[recording.pk, language]),
                # Captions in the language spoken; subtitles for a translation.
                "kind": "captions" if language == story.original_language else "subtitles",
                # Django's own name ("español"), not languages.native_name(): as shipped.
                "label": translation.get_language_info(language)["name_local"],
            }


def _recording_context(recording, story, hearable, start):
    language = _transcript_language(recording, current())
    playable = hearable and recording.status == Status.READY and bool(recording.web_file)
    context = {
        "recording": recording,
        "playable": playable,
        "transcript_language": language,
        "cues": recording.cues_in(language) if language else [],
    }
    if playable:
        source = reverse("recording_web_file", args=[recording.pk])
        context.update(
            source=source + (f"#t={start}" if start else ""),
            image=reverse("recording_image", args=[recording.pk]) if recording.image else "",
            tracks=list(_tracks(recording, story)),
            is_video=recording.kind == "video",
        )
    return context


def story_recordings(request, story):
    recordings = list(Recording.objects.filter(story=story).prefetch_related("cues"))
    if not recordings:
        return ""
    hearable = user_can_hear_story(request.user, story)
    start = _start_seconds(request)
    shown = [_recording_context(recording, story, hearable, start) for recording in recordings]
    shown = [item for item in shown if item["playable"] or item["cues"]]
    if not shown:
        return ""
    return render_to_string(
        "recordings/story_section.html",
        {"recordings": shown, "any_player": any(item["playable"] for item in shown)},
        request=request,
    )
