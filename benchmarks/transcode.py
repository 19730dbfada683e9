"""Transcoding speed and peak memory of the archive's own processing of a phone recording
(issue 18): a 30-minute recording as a phone writes it, processed by
recordings.tasks.process_recording, the function the task worker calls.

Usage: .venv/bin/python benchmarks/transcode.py [--minutes 30]
                                                [--video] [--video-minutes 3] [--video-height 1080]

1. Makes the input with ffmpeg (benchmarks/phone_media.py): the demo narrators' voices
   (espeak-ng, English and Spanish) looped under room noise, as AAC-LC 44.1 kHz stereo at
   128 kb/s in an .m4a, with the location, device and date tags phones write. With --video,
   also an H.264 + AAC .mp4 as a phone records it (1080p30 at 17 Mb/s by default).
2. Stores it as the original of a Recording of a story in a throwaway archive (SQLite,
   media and recordings folders in a temporary folder, removed at the end: nothing reaches
   the developer's archive).
3. Runs process_recording.call(id) as db_worker does, in a fresh Python process, and prints
   wall time, × real time, CPU time, peak memory of the ffmpeg/ffprobe children
   (getrusage RUSAGE_CHILDREN ru_maxrss) and of the worker's Python (RUSAGE_SELF), the size
   of what it made, and whether any location or device tag is left (ffprobe).

recordings.media runs each ffmpeg and ffprobe through `subprocess.run`; for the per-step
table the measuring process hands it a stand-in that runs the same command the same way
and also reads that process's own CPU time (os.wait4) and peak memory (VmHWM in
/proc/<pid>/status, read every 10 ms while it runs). getrusage's ru_maxrss cannot tell a
child's own peak: Linux starts each child's figure at the resident size of the process
that started it (here the worker's Python, ~150 MB), so it is printed for reference only.
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings.dev")
os.environ["DEBUG"] = "0"  # as production runs, without DEBUG's query log

import phone_media  # noqa: E402 (after the path it is found on)

MEASURE = "--measure-recording"  # the hidden option of the measuring process


# --- The measuring process ---------------------------------------------------------------------
def _watch_peak(pid, peak, done):
    """Keep peak[0] at the process's own peak resident size (kB) until `done` is set or it
    ends: VmHWM only grows, so the last reading is the peak, give or take its last 10 ms."""
    status = Path(f"/proc/{pid}/status")
    while not done.is_set():
        try:
            text = status.read_text()
        except OSError:
            return
        for line in text.splitlines():
            if line.startswith("VmHWM:"):
                peak[0] = max(peak[0], int(line.split()[1]))
        done.wait(0.01)


class MeasuredRuns:
    """Stands in for the `subprocess` module inside recordings.media: runs each command as
    subprocess.run(command, capture_output=True, timeout=…, check=False) does, and keeps
    its wall time, CPU time (os.wait4) and peak memory (VmHWM)."""

    TimeoutExpired = subprocess.TimeoutExpired

    def __init__(self):
        self.steps = []

    def run(self, command, capture_output=True, timeout=None, check=False):
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        output, killed = {}, []
        readers = [
            threading.Thread(target=lambda n=name, s=stream: output.__setitem__(n, s.read()))
            for name, stream in (("stdout", process.stdout), ("stderr", process.stderr))
        ]
        peak, done = [0], threading.Event()
        watcher = threading.Thread(target=_watch_peak, args=(process.pid, peak, done))
        for thread in [*readers, watcher]:
            thread.start()
        timer = None
        if timeout:
            timer = threading.Timer(timeout, lambda: (killed.append(True), process.kill()))
            timer.start()
        _pid, status, usage = os.wait4(process.pid, 0)
        done.set()
        if timer:
            timer.cancel()
        for thread in [*readers, watcher]:
            thread.join()
        process.stdout.close()
        process.stderr.close()
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        self.steps.append(
            {
                "step": f"{command[0]} → {Path(command[-1]).name}",
                "wall": time.perf_counter() - started,
                "cpu": usage.ru_utime + usage.ru_stime,
                "peak_kb": peak[0],
            }
        )
        if killed:
            raise subprocess.TimeoutExpired(command, timeout)
        if check and process.returncode:
            raise subprocess.CalledProcessError(process.returncode, command)
        return subprocess.CompletedProcess(
            command, process.returncode, output.get("stdout"), output.get("stderr")
        )


def measure_recording(pk):
    """In a fresh process (a worker's): process one recording, print the figures as JSON."""
    import django

    django.setup()
    from recordings import media
    from recordings.tasks import process_recording

    runs = MeasuredRuns()
    media.subprocess = runs
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    process_recording.call(pk)
    wall = time.perf_counter() - started
    mine = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "wall": wall,
                "python_cpu": (mine.ru_utime + mine.ru_stime) - (before.ru_utime + before.ru_stime),
                "python_peak_kb": mine.ru_maxrss,
                "python_before_kb": before.ru_maxrss,
                "children_cpu": children.ru_utime + children.ru_stime,
                "children_maxrss_kb": children.ru_maxrss,
                "children_peak_kb": max((step["peak_kb"] for step in runs.steps), default=0),
                "steps": runs.steps,
            }
        )
    )


# --- Setting up and running ------------------------------------------------------------------
def throwaway_archive():
    """A temporary folder holding the database, media and recordings (set before setup)."""
    folder = Path(tempfile.mkdtemp(prefix="memoria-bench-transcode-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ["RECORDINGS_ROOT"] = str(folder / "recordings")
    os.environ["ELASTICSEARCH_URL"] = ""
    return folder


def make_inputs(args, folder):
    """[(label, path)] of the phone files to process."""
    speech = phone_media.speech_wav(folder)
    if speech is None:
        print("espeak-ng not found: the recording is a tone instead of a voice.", file=sys.stderr)
    inputs = [
        ("audio", phone_media.make_phone_audio(folder / "phone.m4a", args.minutes * 60, speech))
    ]
    if args.video:
        video = phone_media.make_phone_video(
            folder / "phone.mp4", args.video_minutes * 60, args.video_height, speech
        )
        inputs.append(("video", video))
    return inputs


def prepare_archive(inputs):
    """Migrate the throwaway database and store each input as a story's recording; returns
    [(label, path, recording id)]."""
    import django

    django.setup()
    import timeline_site
    from django.conf import settings
    from django.core.files import File

    from recordings.models import Recording
    from stories.site_structure import ensure_site_structure
    from tests.factories import make_story

    largest = max(path.stat().st_size for _, path in inputs)
    if largest > settings.RECORDINGS_MAX_BYTES:
        sys.exit(
            f"The input is {largest / 1e6:.0f} MB, over RECORDINGS_MAX_BYTES "
            f"({settings.RECORDINGS_MAX_BYTES / 1e6:.0f} MB): the archive would refuse it. "
            "Ask for fewer minutes, or set RECORDINGS_MAX_BYTES higher for this run."
        )
    print("Preparing a throwaway archive (migrate)…", file=sys.stderr)
    timeline_site.migrate()
    _home, index = ensure_site_structure()
    story = make_story(index)
    stored = []
    for label, path in inputs:
        recording = Recording(story=story)
        with path.open("rb") as original:
            recording.original.save(path.name, File(original), save=False)
        recording.save(process=False)  # processed below, by the measuring process
        stored.append((label, path, recording.pk))
    return stored


def measure(pk, label):
    """Run the measuring process for one recording, with a clock on stderr meanwhile."""
    from tqdm import tqdm

    command = [sys.executable, str(Path(__file__).resolve()), MEASURE, str(pk)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        bar = tqdm(
            desc=f"processing the {label} (process_recording)", bar_format="{desc}: {elapsed}"
        )
        with bar:
            while process.poll() is None:
                time.sleep(0.5)
                bar.update(0)
                bar.refresh()
        output = process.stdout.read()
    if process.returncode != 0:
        sys.exit(f"The measuring process failed (exit {process.returncode}).")
    return json.loads(output.strip().splitlines()[-1])


# --- Report ------------------------------------------------------------------------------------
def _mb(size):
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.1f} KB"


def _clock(seconds):
    minutes, seconds = divmod(seconds, 60)
    return f"{int(minutes)}:{seconds:04.1f}"


def report(label, source, figures, recording):
    from recordings.models import Status

    length = phone_media.duration(source)
    cpu = figures["children_cpu"] + figures["python_cpu"]
    size = _mb(source.stat().st_size)
    print(f"\n{label.capitalize()}: {_clock(length)} as a phone writes it, {size}")
    print(f"  input          {phone_media.describe(source)}")
    if recording.status != Status.READY:
        print(f"  NOT PROCESSED: {recording.get_failure_display()} {recording.failure_detail}")
        return
    web, picture = Path(recording.web_file.path), Path(recording.image.path)
    print(f"  wall time      {figures['wall']:.1f} s = {length / figures['wall']:.1f} × real time")
    print(
        f"  CPU time       {cpu:.1f} s: ffmpeg/ffprobe {figures['children_cpu']:.1f} s, "
        f"worker's Python {figures['python_cpu']:.1f} s "
        f"(= {length / cpu:.1f} × real time per CPU second)"
    )
    print(
        f"  peak memory    ffmpeg/ffprobe {figures['children_peak_kb'] / 1024:.0f} MB (the "
        f"largest child's own VmHWM); worker's Python {figures['python_peak_kb'] / 1024:.0f} MB"
        f"\n                 (RUSAGE_SELF; {figures['python_before_kb'] / 1024:.0f} MB before "
        f"processing). RUSAGE_CHILDREN ru_maxrss {figures['children_maxrss_kb'] / 1024:.0f} MB"
        "\n                 (not a child's own: each starts at the Python's resident size)"
    )
    print(f"  web copy       {web.suffix} {_mb(web.stat().st_size)}: {phone_media.describe(web)}")
    print(f"  picture        {picture.suffix} {_mb(picture.stat().st_size)}")
    phone = phone_media.leaked(phone_media.all_tags(source))
    left = {path.suffix: phone_media.all_tags(path) for path in (web, picture)}
    leaks = {suffix: phone_media.leaked(tags) for suffix, tags in left.items()}
    verdict = "none left" if not any(leaks.values()) else f"LEFT: {leaks}"
    indent = "\n" + " " * 17
    print(
        f"  metadata       input: {len(phone)} location/device/date tags:{indent}"
        + indent.join(textwrap.wrap(", ".join(sorted(phone)), 80))
        + f"{indent}web copy and picture: {verdict}; the web copy's tags:{indent}"
        + (", ".join(sorted(left[web.suffix])) or "none")
    )
    print(f"  {'step (each process on its own)':<34}{'wall s':>8}{'CPU s':>8}{'peak MB':>9}")
    for step in figures["steps"]:
        print(
            f"  {step['step']:<34}{step['wall']:>8.1f}{step['cpu']:>8.1f}"
            f"{step['peak_kb'] / 1024:>9.0f}"
        )


def ffmpeg_version():
    first = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True).stdout
    return " ".join(first.split()[:3])


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--minutes", type=float, default=30, help="length of the audio recording (default 30)"
    )
    parser.add_argument("--video", action="store_true", help="also process a phone video")
    parser.add_argument(
        "--video-minutes",
        type=float,
        default=3,
        help="length of the video (default 3: at 17 Mb/s, 3 minutes of 1080p is ~390 MB, "
        "under RECORDINGS_MAX_BYTES' 500 MB)",
    )
    parser.add_argument(
        "--video-height",
        type=int,
        choices=sorted(phone_media.VIDEO_BITRATES),
        default=1080,
        help="picture height of the video (default 1080)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder (inputs and outputs)"
    )
    parser.add_argument(MEASURE, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.minutes <= 0 or args.video_minutes <= 0:
        parser.error("--minutes and --video-minutes must be positive")
    return args


def main():
    args = parse_args()
    if args.measure_recording:
        measure_recording(args.measure_recording)
        return
    missing = phone_media.missing_tools()
    if missing:
        sys.exit(
            f"{', '.join(missing)} not found: install Debian's ffmpeg (apt-get install ffmpeg)."
        )
    load = os.getloadavg()
    folder = throwaway_archive()
    try:
        inputs = make_inputs(args, folder)
        stored = prepare_archive(inputs)
        results = [(label, path, measure(pk, label), pk) for label, path, pk in stored]
        from recordings.models import Recording

        print(
            f"\nProcessing phone recordings with recordings.tasks.process_recording (as the task "
            f"worker calls it)\n{os.cpu_count()} cores, load average "
            f"{' / '.join(f'{value:.1f}' for value in load)} at the start; {ffmpeg_version()}"
        )
        for label, path, figures, pk in results:
            report(label, path, figures, Recording.objects.get(pk=pk))
        print(
            "\n  × real time: the recording's length / the wall time of process_recording "
            "(copying the original,\n  probing, the web copy, its picture, the check for "
            "tags left and storing both); on a busy\n  machine the wall time grows, the CPU "
            "time much less."
        )
    finally:
        if args.keep:
            print(f"Kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
