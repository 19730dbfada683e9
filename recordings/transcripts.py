"""Time-coded transcripts: WebVTT read and checked, SRT turned into WebVTT.

What is served to listeners is written again from the parsed cues (`to_webvtt`): times and
spoken text only. NOTE, STYLE and REGION blocks an editor left in an uploaded file (notes
about the interview, names) never leave the admin.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

MAX_TRANSCRIPT_BYTES = 2 * 1024 * 1024
_TIME = r"(?:(\d+):)?([0-5]\d):([0-5]\d)[.,](\d{3})"
_TIMING = re.compile(rf"^{_TIME}\s+-->\s+{_TIME}(?:\s+.*)?$")
_SRT_TIMING = re.compile(r"^\s*\d+:\d\d:\d\d,\d{3}\s+-->\s+\d+:\d\d:\d\d,\d{3}")


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str  # the spoken words, tags removed, lines joined with "\n"


def _seconds(hours, minutes, seconds, millis):
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def _invalid(message, line):
    return ValidationError(
        _("Line %(line)s of the transcript: %(problem)s") % {"line": line, "problem": message},
        code="invalid_transcript",
    )


def looks_like_srt(text):
    return not text.lstrip("\ufeff").startswith("WEBVTT") and any(
        _SRT_TIMING.match(line) for line in text.splitlines()[:5]
    )


def srt_to_webvtt(text):
    """SubRip to WebVTT: a header, and commas for dots in the times; numbers stay as cue
    identifiers (allowed in WebVTT)."""
    lines = []
    for line in text.lstrip("\ufeff").splitlines():
        if _SRT_TIMING.match(line):
            line = line.replace(",", ".")
        lines.append(line)
    return "WEBVTT\n\n" + "\n".join(lines).strip() + "\n"


def _blocks(text):
    """(first line number, lines) of each block separated by blank lines."""
    block, start = [], 1
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            if not block:
                start = number
            block.append(line)
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


def parse_webvtt(text):
    """[Cue, ...] of a WebVTT text, or ValidationError naming the first line that is wrong."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    first = text.split("\n", 1)[0]
    if not re.match(r"^WEBVTT(?:[ \t].*)?$", first):
        raise _invalid(_("a WebVTT file begins with the word WEBVTT"), 1)
    cues, previous_start = [], 0.0
    for number, lines in list(_blocks(text))[1:]:
        if re.match(r"^(NOTE|STYLE|REGION)(\s|$)", lines[0]):
            continue
        if "-->" not in lines[0]:
            number, lines = number + 1, lines[1:]  # a cue identifier
        timing = _TIMING.match(lines[0]) if lines else None
        if not timing:
            raise _invalid(_("expected a time such as 00:01:02.500 --> 00:01:05.000"), number)
        start, end = _seconds(*timing.groups()[:4]), _seconds(*timing.groups()[4:])
        if end <= start:
            raise _invalid(_("a line must end after it starts"), number)
        if start < previous_start:
            raise _invalid(_("lines must be in the order they are spoken"), number)
        previous_start = start
        spoken = "\n".join(strip_tags(line).strip() for line in lines[1:]).strip()
        if spoken:
            cues.append(Cue(start, end, spoken))
    return cues


def read_upload(upload):
    """The WebVTT text of an uploaded .vtt or .srt file (SRT is converted), checked."""
    if upload.size > MAX_TRANSCRIPT_BYTES:
        raise ValidationError(_("A transcript file may be at most 2 MB."), code="too_big")
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("The transcript must be a text file in UTF-8 (WebVTT or SRT)."), code="encoding"
        ) from None
    return normalise(text)


def normalise(text):
    """WebVTT text from pasted or uploaded WebVTT or SRT; raises ValidationError if wrong."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    if looks_like_srt(text):
        text = srt_to_webvtt(text)
    parse_webvtt(text)
    return text + "\n"


def _timestamp(seconds):
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    return f"{hours:02}:{minutes:02}:{millis // 1000:02}.{millis % 1000:03}"


def to_webvtt(cues):
    """The WebVTT served to players: times and words, nothing else."""
    blocks = [f"{_timestamp(cue.start)} --> {_timestamp(cue.end)}\n{cue.text}" for cue in cues]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"


def clock(seconds):
    """ "M:SS" or "H:MM:SS", as a transcript line shows its time and a #t= link reads it."""
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"
