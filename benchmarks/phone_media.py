"""Phone-like recordings made on the spot with ffmpeg (and espeak-ng for a voice), for the
recording benchmarks (benchmarks/transcode.py, benchmarks/recording_page_bytes.py).

As a phone writes them: audio as AAC-LC in an .m4a, 44.1 kHz stereo at 128 kb/s; video as
H.264 (High profile, 30 frames/s, at a phone's bit rate) with AAC 48 kHz stereo in an .mp4.
Both carry what phones put in their files and the archive must remove: GPS location
(ISO 6709, the generic keys and Apple's), device make and model, software and dates.

The voice is the demo's sample narrators (demo/sample_recordings.py: English and Spanish,
synthesised by espeak-ng), looped under a little pink noise (a room); without espeak-ng,
a tone. The video is ffmpeg's moving test pattern with noise like a camera sensor's, so
it does not compress unrealistically well; real footage encodes at a somewhat different
speed. Nothing here needs Django.
"""

import json
import shutil
import subprocess
from pathlib import Path

from tqdm import tqdm

# What a phone writes (iPhone keys, the generic ones Android and ffmpeg use). The archive's
# copies must keep none of these values.
TAGS = {
    "location": "+13.9000-088.9000/",
    "location-eng": "+13.9000-088.9000/",
    "com.apple.quicktime.location.ISO6709": "+13.9000-088.9000+250.000/",
    "make": "Apple",
    "model": "iPhone 12",
    "com.apple.quicktime.make": "Apple",
    "com.apple.quicktime.model": "iPhone 12",
    "com.apple.quicktime.software": "16.5",
    "com.android.version": "13",
    "creation_time": "2023-01-11T10:00:00Z",
    "com.apple.quicktime.creationdate": "2023-01-11T04:00:00-0600",
}
# Fragments of those values: any of them in a made file's tags is a leak.
CANARIES = ["13.9", "088.9", "Apple", "iPhone", "16.5", "2023-01-11"]
# Bit rates phones record video at (H.264, 30 frames/s), by picture height.
VIDEO_BITRATES = {720: "10M", 1080: "17M"}
WORDS_PER_MINUTE = "150"  # as demo/recorded.py: a listener can follow it


def missing_tools(tools=("ffmpeg", "ffprobe")):
    return [tool for tool in tools if shutil.which(tool) is None]


def _tag_arguments():
    arguments = []
    for key, value in TAGS.items():
        arguments += ["-metadata", f"{key}={value}"]
    # Keys beyond the muxer's short list (Apple's) are written as QuickTime metadata keys.
    return [*arguments, "-movflags", "use_metadata_tags"]


def run_ffmpeg(arguments, seconds, description):
    """Run ffmpeg with a progress bar over the `seconds` of media it writes."""
    command = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-progress", "pipe:1", "-nostats"]
    bar = tqdm(total=round(seconds), unit="s", desc=description, leave=False, dynamic_ncols=True)
    with (
        bar,
        subprocess.Popen(
            [*command, *arguments], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        ) as process,
    ):
        for line in process.stdout:
            key, _, value = line.strip().partition("=")
            if key == "out_time_us" and value.isdigit():
                bar.update(min(round(int(value) / 1e6), bar.total) - bar.n)
        error = process.stderr.read()
    if process.returncode != 0:
        raise RuntimeError(f"ffmpeg failed: {error.strip()[-500:]}")


def speech_wav(folder):
    """About two minutes of the demo narrators' sentences (English and Spanish) as one WAV,
    or None without espeak-ng."""
    if missing_tools(("espeak-ng",)):
        return None
    from demo.sample_recordings import SAMPLES, SPOKEN_AS

    folder = Path(folder)
    parts = []
    for number, sample in enumerate(SAMPLES):
        language = sample["story"]["original"]
        lines = []
        for segment in sample["segments"]:
            for sentence, _translation in segment["sentences"]:
                for written, said in SPOKEN_AS[language].items():
                    sentence = sentence.replace(written, said)
                lines.append(sentence)
        text = folder / f"voice-{number}.txt"
        text.write_text("\n".join(lines) + "\n")
        part = folder / f"voice-{number}.wav"
        subprocess.run(
            ["espeak-ng", "-v", sample["voice"], "-s", WORDS_PER_MINUTE, "-f", str(text)]
            + ["-w", str(part)],
            check=True,
            capture_output=True,
        )
        parts.append(part)
    listing = folder / "voices.txt"
    listing.write_text("".join(f"file '{part.name}'\n" for part in parts))
    joined = folder / "voices.wav"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "concat", "-safe", "0"]
        + ["-i", str(listing), "-c", "copy", str(joined)],
        check=True,
        capture_output=True,
    )
    return joined


def _sound(speech, seconds, rate):
    """(inputs, filter) of `seconds` of the voice (or a tone) under pink noise, stereo."""
    if speech is not None:
        voice = ["-stream_loop", "-1", "-i", str(speech)]
    else:
        voice = ["-f", "lavfi", "-i", f"sine=frequency=220:sample_rate={rate}"]
    noise = ["-f", "lavfi", "-i", f"anoisesrc=color=pink:amplitude=0.01:sample_rate={rate}"]
    mix = (
        f"[0:a]aresample={rate}[voice];[voice][1:a]amix=inputs=2:duration=first:normalize=0,"
        f"aformat=sample_rates={rate}:channel_layouts=stereo[sound]"
    )
    return [*voice, *noise], mix


def make_phone_audio(target, seconds, speech=None):
    """`seconds` of phone audio: AAC-LC 44.1 kHz stereo 128 kb/s in an .m4a, with tags."""
    inputs, mix = _sound(speech, seconds, 44100)
    run_ffmpeg(
        [*inputs, "-filter_complex", mix, "-map", "[sound]", "-t", f"{seconds:.3f}"]
        + ["-c:a", "aac", "-b:a", "128k", *_tag_arguments(), str(target)],
        seconds,
        "making the phone recording",
    )
    return Path(target)


def make_phone_video(target, seconds, height=1080, speech=None):
    """`seconds` of phone video: H.264 High 30 frames/s at a phone's bit rate for `height`
    (16:9), AAC 48 kHz stereo 128 kb/s, in an .mp4 with tags."""
    width = height * 16 // 9
    inputs, mix = _sound(speech, seconds, 48000)
    picture = ["-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate=30"]
    bitrate = VIDEO_BITRATES[height]
    run_ffmpeg(
        [*inputs, *picture, "-filter_complex", f"{mix};[2:v]noise=alls=10:allf=t[picture]"]
        + ["-map", "[picture]", "-map", "[sound]", "-t", f"{seconds:.3f}"]
        + ["-c:v", "libx264", "-preset", "superfast", "-profile:v", "high", "-pix_fmt", "yuv420p"]
        + ["-b:v", bitrate, "-maxrate", bitrate, "-bufsize", bitrate, "-g", "30"]
        + ["-c:a", "aac", "-b:a", "128k", *_tag_arguments(), str(target)],
        seconds,
        f"making the phone video ({height}p)",
    )
    return Path(target)


def probe(path):
    """ffprobe's format and streams of a file (JSON)."""
    found = subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams"]
        + [str(path)],
        capture_output=True,
        check=True,
    )
    return json.loads(found.stdout)


def all_tags(path):
    """Every container and stream tag of a file, as {key: value}."""
    found = probe(path)
    tags = dict(found.get("format", {}).get("tags", {}))
    for stream in found.get("streams", []):
        tags.update(stream.get("tags", {}))
    return tags


def leaked(tags):
    """The tags whose value holds any of the phone's values."""
    return {key: value for key, value in tags.items() if any(c in str(value) for c in CANARIES)}


def describe(path):
    """A short description of a media file: its streams and bit rate."""
    found = probe(path)
    parts = []
    for stream in found.get("streams", []):
        if stream.get("codec_type") == "video":
            parts.append(
                f"{stream.get('codec_name')} {stream.get('width')}×{stream.get('height')} "
                f"{stream.get('profile', '')}".strip()
            )
        elif stream.get("codec_type") == "audio":
            rate = int(stream.get("sample_rate", 0)) / 1000
            parts.append(
                f"{stream.get('codec_name')} {rate:g} kHz {stream.get('channels')} ch "
                f"{int(stream.get('bit_rate') or 0) // 1000} kb/s"
            )
    total = int(found.get("format", {}).get("bit_rate") or 0) // 1000
    return ", ".join(parts) + (f"; {total} kb/s in all" if total else "")


def duration(path):
    return float(probe(path).get("format", {}).get("duration") or 0)
