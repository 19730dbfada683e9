"""schema.org JSON-LD and Open Graph for story pages: what search engines, link previews
and reference managers read. Built from the same public fields the page shows.

A recorded testimony is an AudioObject or VideoObject in `associatedMedia` (a media object
that encodes the work: the spoken testimony this page transcribes), with its transcript in
the language the page is read in. Its contentUrl, encodingFormat and duration only where
anyone may hear it (interop.story_media): "words yes, voice no" keeps the transcript only.
"""

import json

from django.utils import timezone
from django.utils.safestring import mark_safe

from archive import site_url
from archive.visibility import public_images
from interop.story_media import iso_duration, public_recordings

MEDIA_TYPES = {"audio": "AudioObject", "video": "VideoObject"}
PUBLISHER = {
    "@type": "Organization",
    "name": "Memoria: archive of the US–El Salvador sister-city movement",
}
LOCALES = {"en": "en_US", "es": "es_SV"}


def _absolute(request, url):
    return site_url.absolute(url) if url else None


def story_json_ld(story, request, language):
    shown = story.reading_language(language)
    date = story.historical_date
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "additionalType": "https://schema.org/CreativeWork",
        "genre": "oral history testimony",
        "headline": story.localized("title", language)[:110],
        "name": story.localized("title", language),
        "description": story.localized("summary", language) or None,
        "inLanguage": shown,
        "url": _absolute(request, story.get_url(request)),
        "author": [
            {
                "@type": "Organization" if narrator.is_collective else "Person",
                "name": narrator.display_name,
            }
            for narrator in story.narrators.all()
        ],
        "publisher": PUBLISHER,
        "about": [
            {"@type": "Thing", "name": theme.name, "alternateName": _other_name(theme, language)}
            for theme in story.themes.all()
        ],
        "contentLocation": [{"@type": "Place", "name": place.name} for place in story.places.all()],
        "temporalCoverage": date.iso() if date else None,
        # When the archive first published it, and the story's own (historical) date.
        "datePublished": _published(story),
        "dateCreated": date.iso() if date else None,
        "isAccessibleForFree": True,
    }
    image = first_public_image(story)
    if image is not None:
        data["image"] = _absolute(request, image.get_rendition("max-1200x900").url)
    data["associatedMedia"] = [
        _media_object(recording, data["name"], shown) for recording in public_recordings(story)
    ]
    return {key: value for key, value in data.items() if value not in (None, [], "")}


def _media_object(recording, name, language):
    """One recording: the transcript in the page's language (else the first there is)."""
    transcripts = {transcript.language: transcript for transcript in recording.transcripts}
    transcript = transcripts.get(language) or next(iter(transcripts.values()), None)
    voice = recording.voice
    data = {
        "@type": MEDIA_TYPES.get(recording.kind, "MediaObject"),
        "name": name,
        "transcript": transcript.text if transcript else None,
    }
    if voice:
        data.update(
            contentUrl=site_url.absolute(voice.url),
            encodingFormat=voice.media_type,
            duration=iso_duration(voice.duration) if voice.duration else None,
            thumbnailUrl=site_url.absolute(voice.image_url) if voice.image_url else None,
        )
    return {key: value for key, value in data.items() if value not in (None, "")}


def _published(story):
    first = story.first_published_at
    return timezone.localtime(first).isoformat(timespec="seconds") if first else None


def _other_name(item, language):
    return getattr(item, f"name_{'es' if language == 'en' else 'en'}", None) or None


def first_public_image(story):
    """The first photo in the story body that is public (what a link preview may show)."""
    in_body = []
    for block in story.localized("body") or []:
        if block.block_type == "image":
            image = block.value.get("image") if hasattr(block.value, "get") else block.value
            image = getattr(image, "image", image)
            if getattr(image, "pk", None) is not None:
                in_body.append(image)
    if getattr(story, "publicly_visible", False):
        # Set by StoryPage.serve: the page itself shows these photos to anyone.
        return next(iter(in_body), None)
    # Ask only about this story's photos: the archive may hold a hundred thousand.
    public = set(public_images(among=[image.pk for image in in_body]).values_list("pk", flat=True))
    return next((image for image in in_body if image.pk in public), None)


def as_script(data):
    """A <script type="application/ld+json"> element; "<" escaped so text cannot end it."""
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


def open_graph(data, written):
    """Open Graph tags from a story's JSON-LD (story_json_ld), computed once per page: the
    locale is the language of the text shown, the alternates only languages it is written in."""
    shown = data.get("inLanguage", "en")
    tags = [
        ("og:type", "article"),
        ("og:site_name", "Memoria"),
        ("og:title", data["name"]),
        ("og:description", data.get("description", "")),
        ("og:url", data.get("url", "")),
        ("og:locale", LOCALES.get(shown, "en_US")),
        *(("og:locale:alternate", LOCALES[code]) for code in written if code != shown),
        ("og:image", data.get("image", "")),
    ]
    return [(name, value) for name, value in tags if value]
