"""Dublin Core (`oai_dc`) for a public story: one description, written by OAI-PMH and by the
bag's dc.xml alike, so a harvester and a preservation copy say the same thing.

What each element holds:
- title, description: each language the story is written in, marked with xml:lang (a
  Spanish-only story's borrowed English title is not labelled English);
- creator: the narrators' public names, never a real name behind a pseudonym;
- subject: the themes in both languages, then the story's tags;
- publisher: the repository's name (the Wagtail Site's name);
- date: the story's own date (HistoricalDate.iso: 1989, 1989-03, 1980/1992), not the day
  it was published (OAI-PMH's header datestamp says when the record last changed);
- type: DCMI "Text", and "Oral history" in both languages; with a recording anyone may hear,
  also DCMI "Sound" (audio) or "MovingImage" (video);
- format: for such a recording, its web copy's MIME type and its length as an ISO 8601
  duration (see recording_terms);
- identifier, language: the address and code of each written language;
- coverage: the places in both languages.
Only public stories are described; the caller decides which (archive.visibility).
"""

import re
import xml.etree.ElementTree as ET

from django.utils import translation
from wagtail.models import Site

from archive import site_url
from archive.languages import CODES
from interop.story_media import iso_duration, public_recordings
from interop.xml_names import DC, OAI_DC, SCHEMA_LOCATION, XML_LANG

ORAL_HISTORY = {"en": "Oral history", "es": "Historia oral"}
DCMI_TYPES = {"audio": "Sound", "video": "MovingImage"}
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text):
    # ElementTree writes control characters as they are, which no XML parser accepts: a
    # stray one pasted into a summary must not break a harvest or a bag.
    return NOT_XML.sub("", str(text))


def repository_name():
    site = Site.objects.filter(is_default_site=True).first()
    return (site and site.site_name) or "Memoria"


def written_languages(story):
    """Languages the story is written in. A Spanish-only story borrows its Spanish title
    for the English field (StoryPage.full_clean); that must not be labelled English."""
    return story.written_languages or [story.original_language]


def story_terms(story):
    """[(element, text, language or None)]: the story's Dublin Core, in document order."""
    languages = written_languages(story)
    terms = [("title", getattr(story, f"title_{language}"), language) for language in languages]
    terms += [("creator", narrator.display_name, None) for narrator in story.narrators.all()]
    for theme in story.themes.all():
        terms += [("subject", getattr(theme, f"name_{code}"), code) for code in CODES]
    terms += [("subject", tag.name, None) for tag in sorted(story.tags.all(), key=str)]
    terms += [
        ("description", getattr(story, f"summary_{language}"), language) for language in languages
    ]
    terms.append(("publisher", repository_name(), None))
    if story.historical_date:
        terms.append(("date", story.historical_date.iso(), None))
    terms.append(("type", "Text", None))
    terms += [("type", ORAL_HISTORY[language], language) for language in CODES]
    terms += recording_terms(story)
    for language in languages:
        with translation.override(language):
            terms.append(("identifier", site_url.absolute(story.get_url()), None))
        terms.append(("language", language, None))
    for place in story.places.all():
        terms += [("coverage", getattr(place, f"name_{code}"), code) for code in CODES]
    return [(name, text, language) for name, text, language in terms if text]


def recording_terms(story):
    """dc:type and dc:format of the recordings anyone may hear (interop.story_media): one
    with its words only ("words yes, voice no") is not published as a recording, so it adds
    neither.

    The length goes in dc:format as an ISO 8601 duration ("PT12M30S"): DCMI puts a
    resource's duration in dcterms:extent, a refinement of dc:format, and simple Dublin
    Core (oai_dc) writes a refinement as the element it refines. dc:description would mix
    it with the summary a catalogue shows as the abstract."""
    voices = [(recording.kind, recording.voice) for recording in public_recordings(story)]
    voices = [(kind, voice) for kind, voice in voices if voice is not None]
    terms = []
    for kind in dict.fromkeys(kind for kind, _voice in voices if kind in DCMI_TYPES):
        terms.append(("type", DCMI_TYPES[kind], None))
    for media_type in dict.fromkeys(voice.media_type for _kind, voice in voices):
        terms.append(("format", media_type, None))
    for _kind, voice in voices:
        if voice.duration:
            terms.append(("format", iso_duration(voice.duration), None))
    return terms


def oai_dc(parent=None):
    """An empty <oai_dc:dc>: under `parent`, or a document of its own."""
    tag, attributes = f"{{{OAI_DC}}}dc", {SCHEMA_LOCATION: f"{OAI_DC} {OAI_DC_SCHEMA}"}
    if parent is None:
        return ET.Element(tag, attributes)
    return ET.SubElement(parent, tag, attributes)


def add(dc, name, text, language=None):
    """One element; nothing for an empty value."""
    if not text:
        return None
    element = ET.SubElement(dc, f"{{{DC}}}{name}")
    element.text = xml_text(text)
    if language:
        element.set(XML_LANG, language)
    return element


def describe_story(story, parent=None):
    """The story's <oai_dc:dc> element (under `parent` when given)."""
    dc = oai_dc(parent)
    for name, text, language in story_terms(story):
        add(dc, name, text, language)
    return dc


def story_document(story):
    """dc.xml for the bag: the same description as a document of its own."""
    root = describe_story(story)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
