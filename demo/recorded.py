"""The demo's sample recordings (demo/sample_recordings.py), made by `load_demo`.

Each narrator's sentences are synthesised by espeak-ng one at a time and joined by ffmpeg,
so the time each sentence starts and ends is known exactly: both transcripts are written
from those times. The audio becomes the original of a Recording on its sample story, with
its index, and goes through the pipeline every upload goes through
(recordings.tasks.process_recording: probe, web copy, waveform, metadata stripped). When
tasks run in this process (the immediate backend of development and tests) it is processed
here, so `make setup` ends with playable recordings; with a task queue (production) it is
queued in the same transaction as the recording, for the worker.

Without espeak-ng or ffmpeg the recordings are skipped with a message saying what to
install, and the rest of the demo loads. A story that has a recording keeps it: running
load_demo again adds nothing.
"""

import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks.backends.immediate import ImmediateBackend

from archive.languages import other
from archive.models import Place, Theme
from demo import sample_recordings
from recordings.models import Recording, Segment, Status
from recordings.tasks import process_recording
from recordings.transcripts import Cue, clock, to_webvtt
from stories.models import StoryPage

TOOLS = ("espeak-ng", "ffmpeg", "ffprobe")
WORDS_PER_MINUTE = "150"  # espeak-ng's default (175) is hard to follow for a listener
INDENT = "  "  # a progress line about the recording named on the line before


def missing_tools():
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def ensure_sample_recordings(index, say, warn):
    """Add the sample recordings their stories lack; returns how many were added.
    `say` reports progress, `warn` what was skipped or failed (each takes one line)."""
    waiting = []
    for sample in sample_recordings.SAMPLES:
        story = StoryPage.objects.child_of(index).filter(slug_en=sample["story"]["slug"]).first()
        if story is not None and not Recording.objects.filter(story=story).exists():
            waiting.append((sample, story))
    if not waiting:
        return 0
    missing = missing_tools()
    if missing:
        warn(
            _(
                "Sample recordings skipped: %(tools)s not found. Install espeak-ng and ffmpeg "
                "(Debian: apt-get install espeak-ng ffmpeg) and run load_demo again; the rest "
                "of the demo is loaded."
            )
            % {"tools": ", ".join(missing)}
        )
        return 0
    immediate = isinstance(process_recording.get_backend(), ImmediateBackend)
    added = 0
    for number, (sample, story) in enumerate(waiting, start=1):
        say(
            _("Sample recording %(number)s of %(total)s, “%(title)s”: synthesising the voice…")
            % {"number": number, "total": len(waiting), "title": story.title}
        )
        with tempfile.TemporaryDirectory(prefix="memoria-demo-voice-") as folder:
            try:
                audio, times = synthesise(sample, story.original_language, Path(folder))
            except (OSError, subprocess.SubprocessError) as error:
                warn(_("Sample recording not made: %(error)s") % {"error": _tool_error(error)})
                continue
            with transaction.atomic():
                recording = _attach(story, sample, audio, times)
                if immediate:
                    say(INDENT + _("processing it as every upload is (ffmpeg)…"))
                process_recording.enqueue(recording.pk)
        added += 1
        _report(Recording.objects.get(pk=recording.pk), immediate, say, warn)
    return added


def spoken(text, language):
    """The sentence as the narrator says it (espeak-ng reads "1986" as "nineteen hundred…")."""
    for written, said in sample_recordings.SPOKEN_AS[language].items():
        text = text.replace(written, said)
    return text


def synthesise(sample, language, folder):
    """(one WAV file of every sentence, [(start, end) of each sentence in seconds])."""
    parts, times, start = [], [], 0.0
    for number, sentence in enumerate(_sentences(sample)):
        part = folder / f"{number:03}.wav"
        _run(
            ["espeak-ng", "-v", sample["voice"], "-s", WORDS_PER_MINUTE, "-w", str(part)]
            + [spoken(sentence[0], language)]
        )
        with wave.open(str(part), "rb") as audio:
            seconds = audio.getnframes() / audio.getframerate()
        parts.append(part)
        times.append((start, start + seconds))
        start += seconds
    listing = folder / "sentences.txt"
    listing.write_text("".join(f"file '{part.name}'\n" for part in parts))
    joined = folder / "testimony.wav"
    # The same format throughout (espeak-ng's), so the samples are copied, not re-encoded:
    # each sentence starts exactly where the one before it ends.
    _run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "concat", "-safe", "0"]
        + ["-i", str(listing), "-c", "copy", str(joined)]
    )
    return joined, times


def _run(command):
    subprocess.run(command, check=True, capture_output=True, timeout=120)


def _tool_error(error):
    if isinstance(error, subprocess.CalledProcessError):
        said = error.stderr.decode("utf-8", "replace").strip()[-300:]
        return f"{error.cmd[0]}: {said or error.returncode}"
    return str(error)


def _sentences(sample):
    return [sentence for part in sample["segments"] for sentence in part["sentences"]]


def _attach(story, sample, audio, times):
    """The recording of `story` from the synthesised audio, with its transcripts and index."""
    spoken_language = story.original_language
    transcripts = {}
    for position, language in enumerate((spoken_language, other(spoken_language))):
        cues = [
            Cue(start, end, sentence[position])
            for (start, end), sentence in zip(times, _sentences(sample), strict=True)
        ]
        transcripts[f"transcript_{language}"] = to_webvtt(cues)
    recording = Recording(story=story, **transcripts)
    with audio.open("rb") as stream:
        recording.original.save(f"demo-{sample['story']['slug']}.wav", File(stream), save=False)
    # The index is saved with the recording: its search records are written once, not once
    # per part and again for its themes.
    segments, first = [], 0
    for part in sample["segments"]:
        texts = {
            f"{field}_{language}": part[field][position]
            for field in ("title", "synopsis", "keywords")
            for position, language in enumerate(("en", "es"))
        }
        # Whole seconds, as an editor writes a start: the sentence's own moment or just before.
        segment = Segment(start=int(times[first][0]), **texts)
        segment.themes.set(Theme.objects.filter(slug__in=part["themes"]))
        segment.places.set(Place.objects.filter(slug__in=part["places"]))
        segments.append(segment)
        first += len(part["sentences"])
    recording.segments = segments
    recording.save(process=False)  # processed by the caller, which reports how it went
    return recording


def _report(recording, immediate, say, warn):
    if not immediate:
        say(INDENT + _("queued for the task worker (manage.py db_worker), which processes it."))
    elif recording.status == Status.READY:
        say(
            INDENT
            + _("ready: %(length)s, web copy and waveform made, metadata removed.")
            % {"length": clock(recording.duration)}
        )
    else:
        warn(
            _("Sample recording not processed: %(reason)s %(detail)s")
            % {"reason": recording.get_failure_display(), "detail": recording.failure_detail}
        )
