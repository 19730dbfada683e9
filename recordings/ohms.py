"""OHMS XML (the Oral History Metadata Synchronizer's export) read into a recording's
segments and a transcript, for archives that already index their interviews with it.

What is read from the first <record>:
- <index><point>: <time> (seconds), <title>, <synopsis>, <keywords> and <subjects> (both
  separated by semicolons), <gpspoints><gps_text>; and their *_alt twins, the translation.
- <transcript> with <sync> ("1:|13(3)|19(14)": every minute, the line where it falls), and
  <transcript_alt> with <sync_alt>. Lines between two sync points become one timed cue.

`read` checks everything first and raises a ValidationError that says what is wrong;
`import_into` then writes it in one transaction, so a bad file changes nothing. Segments are
matched by start time: importing the Spanish and then the English file of one interview
fills both languages of the same segments. Subjects and place names are linked to the
archive's own themes and places when their names match; nothing new is created.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from archive.languages import CODES
from archive.models import Place, Theme
from recordings import transcripts
from recordings.models import Recording, Segment

MAX_OHMS_BYTES = 10 * 1024 * 1024
_FOOTNOTES = re.compile(r"\[\[footnotes\]\].*?\[\[/footnotes\]\]", re.S)
_MARKUP = re.compile(r"\[\[/?[a-z_]+\]\](?:\d+\[\[/footnote\]\])?")
_STAMP = re.compile(r"^(\d+)\((\d+)\)$")


@dataclass
class Point:
    start: int
    text: dict = field(default_factory=dict)  # {"title": ..., "synopsis": ..., "keywords": ...}
    alt: dict = field(default_factory=dict)
    subjects: list = field(default_factory=list)
    places: list = field(default_factory=list)


@dataclass
class OhmsFile:
    points: list
    transcript: str  # WebVTT, or "" when the file has none
    alt_transcript: str


def _invalid(message, **values):
    return ValidationError(message % values if values else message, code="invalid_ohms")


def _name(element):
    return element.tag.rsplit("}", 1)[-1]


def _child(element, name):
    return next((child for child in element if _name(child) == name), None)


def _text(element, name):
    child = _child(element, name) if element is not None else None
    return strip_tags((child.text or "") if child is not None else "").strip()


def _listed(text):
    return [word.strip() for word in text.split(";") if word.strip()]


def _record(data):
    if len(data) > MAX_OHMS_BYTES:
        raise _invalid(_("An OHMS file may be at most 10 MB."))
    try:
        root = fromstring(data, forbid_dtd=True)
    except ET.ParseError as error:
        raise _invalid(
            _("The file is not well-formed XML (line %(line)s): fix it and upload it again."),
            line=error.position[0],
        ) from None
    except DefusedXmlException:
        raise _invalid(
            _("The file declares a DTD or entities, which OHMS files never do.")
        ) from None
    record = root if _name(root) == "record" else _child(root, "record")
    if record is None:
        raise _invalid(_("This is XML but not an OHMS file: it has no <record> element."))
    return record


def _point(element, number):
    try:
        start = int(float(_text(element, "time")))
    except ValueError:
        raise _invalid(
            _("Index point %(number)s has no time in seconds (<time>)."), number=number
        ) from None
    if start < 0:
        raise _invalid(_("Index point %(number)s starts before the recording."), number=number)
    point = Point(start)
    for alt, values in (("", point.text), ("_alt", point.alt)):
        values["title"] = _text(element, "title" + alt)
        values["synopsis"] = _text(element, "synopsis" + alt)
        values["keywords"] = "; ".join(_listed(_text(element, "keywords" + alt)))
        point.subjects += _listed(_text(element, "subjects" + alt))
    if not (point.text["title"] or point.alt["title"]):
        raise _invalid(_("Index point %(number)s has no title."), number=number)
    for gps in (child for child in element if _name(child) == "gpspoints"):
        point.places += [name for name in (_text(gps, "gps_text"), _text(gps, "gps_text_alt"))]
    point.places = [name for name in point.places if name]
    return point


def _points(record):
    index = _child(record, "index")
    found = [] if index is None else [child for child in index if _name(child) == "point"]
    points = [_point(element, number) for number, element in enumerate(found, start=1)]
    starts = [point.start for point in points]
    repeated = sorted({start for start in starts if starts.count(start) > 1})
    if repeated:
        raise _invalid(
            _("Two index points start at %(time)s."), time=transcripts.clock(repeated[0])
        )
    return sorted(points, key=lambda point: point.start)


def _sync_marks(sync):
    """[(line number, seconds)] of a <sync> text, the line numbers counting from 1."""
    interval, _colon, stamps = sync.partition(":")
    try:
        minutes = float(interval)
    except ValueError:
        raise _invalid(
            _("The <sync> element must begin with its interval, as in 1:|13(3).")
        ) from None
    marks = []
    for position, stamp in enumerate(stamps.split("|")):
        if not stamp.strip():
            continue
        found = _STAMP.match(stamp.strip())
        if not found:
            raise _invalid(_("The sync point %(stamp)s is not a line(word) pair."), stamp=stamp)
        marks.append((int(found.group(1)), round(position * minutes * 60)))
    return sorted(set(marks)), minutes * 60


def _cue_text(lines):
    spoken = (
        line.strip().replace("-->", "→").replace("<", "‹").replace(">", "›") for line in lines
    )
    return "\n".join(line for line in spoken if line)


def transcript_to_webvtt(text, sync):
    """WebVTT of an OHMS transcript: the lines from one sync point to the next are one cue."""
    text = _MARKUP.sub("", _FOOTNOTES.sub("", text.replace("\r\n", "\n")))
    if not text.strip():
        return ""
    if not sync.strip():
        raise _invalid(_("The transcript has no sync points (<sync>), so it cannot be timed."))
    marks, interval = _sync_marks(sync)
    lines = text.split("\n")
    starts = {1: 0}
    for line, seconds in marks:
        starts.setdefault(line, seconds)
    boundaries = sorted(starts.items())
    cues, carried = [], []
    for number, (line, seconds) in enumerate(boundaries):
        following = boundaries[number + 1] if number + 1 < len(boundaries) else None
        next_line, end = following if following else (len(lines) + 1, seconds + interval)
        if end < seconds:
            raise _invalid(_("The sync points of the transcript go back in time."))
        carried += lines[line - 1 : next_line - 1]
        if end > seconds and _cue_text(carried):
            cues.append(transcripts.Cue(seconds, end, _cue_text(carried)))
            carried = []
    return transcripts.to_webvtt(cues) if cues else ""


def read(data):
    """An OhmsFile from the bytes of an OHMS XML file, or ValidationError."""
    record = _record(data)
    return OhmsFile(
        points=_points(record),
        transcript=transcript_to_webvtt(_text_raw(record, "transcript"), _text(record, "sync")),
        alt_transcript=transcript_to_webvtt(
            _text_raw(record, "transcript_alt"), _text(record, "sync_alt")
        ),
    )


def _text_raw(record, name):
    """A transcript as written: its line breaks count, so nothing is stripped."""
    child = _child(record, name)
    return (child.text or "") if child is not None else ""


def _matching(model, names):
    if not names:
        return model.objects.none()
    query = Q()
    for name in names:
        query |= Q(**{f"name_{code}__iexact": name for code in CODES}, _connector=Q.OR)
    return model.objects.filter(query)


@dataclass
class Imported:
    added: int = 0
    updated: int = 0
    transcripts: dict = field(default_factory=dict)  # language -> number of cues


def import_into(recording, ohms, language, alt_language=None):
    """Write an OhmsFile into `recording`: its index in `language` (and its translation in
    `alt_language`), its transcripts. One transaction: all of it or nothing."""
    if language not in CODES or (alt_language and alt_language not in CODES):
        raise _invalid(_("Choose a language of the archive."))
    if alt_language == language:
        raise _invalid(_("The translation must be in the other language."))
    done = Imported()
    with transaction.atomic():
        recording = Recording.objects.select_for_update().get(pk=recording.pk)
        for code, webvtt in ((language, ohms.transcript), (alt_language, ohms.alt_transcript)):
            if code and webvtt:
                setattr(recording, f"transcript_{code}", webvtt)
                done.transcripts[code] = len(transcripts.parse_webvtt(webvtt))
        recording.save()
        existing = {segment.start: segment for segment in recording.segments.all()}
        for point in ohms.points:
            segment = existing.get(point.start)
            if segment is None:
                segment, done.added = (
                    Segment(recording=recording, start=point.start),
                    done.added + 1,
                )
            else:
                done.updated += 1
            for code, values in ((language, point.text), (alt_language, point.alt)):
                for name, value in values.items() if code else ():
                    if value:
                        setattr(segment, f"{name}_{code}", value)
            segment.save()
            segment.themes.add(*_matching(Theme, point.subjects))
            segment.places.add(*_matching(Place, point.places))
            segment.save()
    return done
