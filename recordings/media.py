"""ffmpeg and ffprobe (Debian packages), run as separate processes on files in a work folder.

Every file made for listeners is written with `-map_metadata -1 -map_chapters -1` and the
bitexact flags: phones write GPS location, device make and model and dates into their
recordings, and none of that may reach the public. `leftover_tags` checks the result
afterwards, so a future ffmpeg that writes something new fails loudly instead of leaking.
"""

import json
import subprocess
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# Tags a muxer writes by itself that say nothing about where, when or on what a recording
# was made; anything else left in a made file is treated as a leak.
HARMLESS_TAGS = {
    "major_brand",
    "minor_version",
    "compatible_brands",
    "handler_name",
    "vendor_id",
    "language",
    "encoder",
}
STRIP = ["-map_metadata", "-1", "-map_chapters", "-1", "-fflags", "+bitexact"]
TIMEOUT_SECONDS = 3 * 3600
# Containers ffprobe reads that are pictures or text, not recordings.
NOT_RECORDINGS = ("image2", "_pipe", "tty", "lrc", "srt", "webvtt", "ass", "gif", "apng")


class MediaError(Exception):
    """ffmpeg or ffprobe failed; `detail` is the end of what it said (for the editors)."""

    def __init__(self, message, detail=""):
        super().__init__(message)
        self.detail = detail


@dataclass(frozen=True)
class Probe:
    kind: str  # "audio" or "video"
    duration: float
    format_name: str
    tags: dict
    stream_tags: list


def _run(command, timeout=TIMEOUT_SECONDS):
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as error:
        raise MediaError(_("ffmpeg took too long"), str(error)) from None
    if done.returncode != 0:
        raise MediaError(_("ffmpeg could not read or write the file"), _tail(done.stderr))
    return done.stdout


def _tail(stderr):
    return stderr.decode("utf-8", "replace").strip()[-500:]


def _is_recording_stream(stream):
    if stream.get("codec_type") == "audio":
        return True
    # A cover picture in an audio file is a "video" stream marked as attached.
    return stream.get("codec_type") == "video" and not stream.get("disposition", {}).get(
        "attached_pic"
    )


def probe(path):
    """What the file is, or None when it is not a recording ffprobe can read."""
    try:
        output = _run(
            ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams"]
            + [str(path)],
            timeout=120,
        )
    except MediaError:
        return None
    found = json.loads(output or b"{}")
    container = found.get("format", {})
    format_name = container.get("format_name", "")
    streams = [stream for stream in found.get("streams", []) if _is_recording_stream(stream)]
    duration = float(container.get("duration") or 0)
    if not streams or duration <= 0 or any(word in format_name for word in NOT_RECORDINGS):
        return None
    has_video = any(stream["codec_type"] == "video" for stream in streams)
    return Probe(
        kind="video" if has_video else "audio",
        duration=duration,
        format_name=format_name,
        tags=container.get("tags", {}),
        stream_tags=[stream.get("tags", {}) for stream in found.get("streams", [])],
    )


def make_web_audio(source, target):
    """AAC in an .m4a: plays in every browser, and starts before it has all arrived."""
    _run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(source), "-map", "0:a:0", "-vn"]
        + STRIP
        + ["-flags:a", "+bitexact", "-c:a", "aac", "-b:a", "96k", "-movflags", "+faststart"]
        + [str(target)]
    )


def make_web_video(source, target):
    """H.264 and AAC in an .mp4, at most 1280 pixels wide."""
    _run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(source)]
        + ["-map", "0:v:0", "-map", "0:a:0?"]
        + STRIP
        + ["-flags:v", "+bitexact", "-flags:a", "+bitexact"]
        + ["-c:v", "libx264", "-preset", "veryfast", "-crf", "26", "-pix_fmt", "yuv420p"]
        + ["-vf", "scale='min(1280,iw)':-2", "-c:a", "aac", "-b:a", "96k"]
        + ["-movflags", "+faststart", str(target)]
    )


def make_poster(source, target, duration):
    """A frame from the first seconds of a video, as a JPEG."""
    moment = f"{min(1.0, duration / 2):.3f}"
    _run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-ss", moment, "-i", str(source)]
        + ["-map", "0:v:0", "-frames:v", "1", "-vf", "scale='min(960,iw)':-2"]
        + STRIP
        + [str(target)]
    )


def make_waveform(source, target):
    """A picture of the recording's loudness over time, as a PNG."""
    _run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(source), "-filter_complex"]
        # showwavespic holds every audio frame until the end. As phones record (44.1 kHz,
        # small frames) a 30-minute recording took ffmpeg to 300 MB, a 3-hour interview
        # ~1.8 GB; at 8 kHz, 16-bit, one-second frames, 90 MB (benchmarks/transcode.py).
        # A picture 960 points wide loses nothing by it.
        + [
            "aformat=sample_fmts=s16:sample_rates=8000:channel_layouts=mono,"
            "asetnsamples=n=8000:p=0,showwavespic=s=960x120:colors=#2b4a6f"
        ]
        + ["-frames:v", "1"]
        + STRIP
        + [str(target)]
    )


def leftover_tags(path):
    """Tags in a made file beyond the muxer's harmless ones: should always be empty."""
    found = probe(path)
    if found is None:
        return {"unreadable": str(path)}
    tags = {**found.tags}
    for stream_tags in found.stream_tags:
        tags.update(stream_tags)
    return {key: value for key, value in tags.items() if key.lower() not in HARMLESS_TAGS}
