"""The bytes a story page with a recording sends before the reader presses play (issue 18),
and what pressing play fetches in the next seconds, in headless Chromium.

Usage: .venv/bin/python benchmarks/recording_page_bytes.py [--runs 3] [--play-seconds 5]
                                                    [--minutes 30] [--video] [--language en]

A throwaway archive (SQLite, media and recordings in a temporary folder, removed at the
end) gets the demo content (manage.py load_demo: its sample recorded testimonies are
synthesised with espeak-ng and processed by the archive's own pipeline) and is served over
HTTP on 127.0.0.1 by a threaded WSGI server, static files by Django's staticfiles handler.
Debian's Chromium (playwright, headless, each load in a fresh context: cold cache) opens
- the demo story whose narrator let the recording be published: audio player, waveform,
  caption tracks, transcript and segment index (with --minutes, its recording is replaced
  by a phone recording of that length, processed by the archive, keeping the transcripts);
- the demo story whose narrator did not ("words yes, voice no": transcript, no player);
- the first story again once its recording is deleted: the same page without a recording;
- with --video, that story again with a 20-second phone video (720p) in place of the
  audio, processed by the same pipeline, with the same transcripts.

Bytes are counted per resource type from Chromium's own network events (DevTools protocol,
Network.dataReceived: body bytes as received) until the network has been idle for 500 ms,
without pressing play. Then play() is called on the player and what arrives in the next
--play-seconds is counted apart (from a server on the same machine: as fast as Chromium
reads ahead). The player's preload attribute is printed beside what Chromium read of the
recording before play. The server here does not compress;
"gzip" columns give gzip -6 of the HTML, CSS and JS, as production sends them (nginx
compresses HTML, and whitenoise's .gz copies of static files are sent by gzip_static);
pictures, captions and media are sent as they are. Nothing touches the developer's
database.
"""

import argparse
import gzip
import io
import os
import statistics
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings.dev")
os.environ["DEBUG"] = "0"  # pages as production renders them
# Playwright's sync API runs an event loop in this thread, where Django refuses ORM calls;
# the pages' stories are changed between loads (as the browser tests do, tests/browser).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import phone_media  # noqa: E402 (after the path it is found on)
import timeline_site  # noqa: E402

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PLAYABLE = "a-promise-made-in-1986"  # demo/sample_recordings.py: Helen agreed to her voice
WORDS_ONLY = "santa-marta-said-no"  # Don Beto agreed to his words, not his voice
# Chromium's resource types, in the order the table lists them, with the table's names.
TYPES = {
    "Document": "document (HTML)",
    "Stylesheet": "CSS",
    "Script": "JS",
    "Font": "fonts",
    "Image": "images (incl. waveform, poster)",
    "TextTrack": "captions (.vtt)",
    "Media": "media (audio/video)",
}
COMPRESSED = {"Document", "Stylesheet", "Script"}
IDLE_MS = 500  # what playwright's "networkidle" waits for
VIEWPORT = {"width": 1280, "height": 720}
TIMEOUT_MS = 120_000


class NetworkLog:
    """Every request of one page as Chromium reports it (DevTools protocol)."""

    def __init__(self, cdp):
        self.requests = {}  # requestId -> {url, type, status, bytes, phase}
        self.phase = "before play"
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.dataReceived", self._data)
        cdp.send("Network.enable")

    def _sent(self, event):
        if event["request"]["url"].startswith("data:"):
            return  # inside the page (the player's own icons): nothing crosses the network
        self.requests.setdefault(
            event["requestId"],
            {
                "url": event["request"]["url"],
                "type": event.get("type", "Other"),
                "status": None,
                "range": event["request"]["headers"].get("Range", ""),
                "phase": self.phase,  # when it was asked for
                "bytes": defaultdict(int),  # phase -> body bytes received in it
            },
        )

    def _response(self, event):
        request = self.requests.get(event["requestId"])
        if request is not None:
            request["status"] = event["response"]["status"]
            request["type"] = event.get("type", request["type"])

    def _data(self, event):
        request = self.requests.get(event["requestId"])
        if request is not None:
            request["bytes"][self.phase] += event["dataLength"]


def _gzip_size(data):
    return len(gzip.compress(data, compresslevel=6))


def load_page(browser, url, play_seconds):
    """One cold load: {phase: {type: (bytes, gzip bytes, requests)}}, the request list, the
    player's preload attribute (or None) and how far it played."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        log = NetworkLog(context.new_cdp_session(page))
        bodies = {}

        def keep_body(response):
            if response.request.resource_type in ("document", "stylesheet", "script"):
                try:
                    bodies[response.url] = response.body()
                except Exception:  # noqa: BLE001 - a body Chromium no longer holds
                    bodies[response.url] = b""

        page.on("response", keep_body)
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(IDLE_MS)  # late events of the last responses
        preload = page.evaluate(
            "(p => p && p.getAttribute('preload'))(document.querySelector('[data-player]'))"
        )
        played = None
        if preload is not None:
            log.phase = "after play"
            page.evaluate("document.querySelector('[data-player]').play()")
            page.wait_for_timeout(play_seconds * 1000)
            played = page.evaluate("document.querySelector('[data-player]').currentTime")
            page.evaluate("document.querySelector('[data-player]').pause()")
        return _sum(log, bodies), list(log.requests.values()), preload, played
    finally:
        context.close()


def _sum(log, bodies):
    """{phase: {type: [body bytes, bytes as production sends them, requests asked]}}."""
    totals = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    for request in log.requests.values():
        kind = request["type"] if request["type"] in TYPES else "Other"
        totals[request["phase"]][kind][2] += 1
        for phase, size in request["bytes"].items():
            body = bodies.get(request["url"])
            totals[phase][kind][0] += size
            totals[phase][kind][1] += _gzip_size(body) if kind in COMPRESSED and body else size
    return totals


# --- The archive -------------------------------------------------------------------------------
def build_archive(folder):
    """Demo content in the throwaway database; returns {label: story}."""
    from django.core.management import call_command

    print(f"Loading the demo content in {folder} (migrate, load_demo)…", file=sys.stderr)
    timeline_site.migrate()
    said = io.StringIO()
    call_command("load_demo", stdout=said, stderr=said)
    from recordings.models import Recording, Status
    from stories.models import StoryPage

    stories = {slug: StoryPage.objects.get(slug_en=slug) for slug in (PLAYABLE, WORDS_ONLY)}
    for slug, story in stories.items():
        recording = Recording.objects.filter(story=story).first()
        if recording is None or recording.status != Status.READY:
            sys.exit(f"The demo story {slug} has no processed recording:\n{said.getvalue()}")
    return stories


def replace_audio(story, folder, minutes):
    """The story's recording made again from a phone recording of `minutes`, processed as
    every new original is (its transcripts and index stay)."""
    from django.core.files import File

    from recordings.models import Recording, Status

    audio = phone_media.make_phone_audio(
        Path(folder) / "phone.m4a", minutes * 60, phone_media.speech_wav(folder)
    )
    recording = Recording.objects.get(story=story)
    with audio.open("rb") as original:
        recording.original.save("phone.m4a", File(original), save=False)
    print(f"Processing the {minutes:g}-minute recording…", file=sys.stderr)
    recording.save()  # a new original: processed at once (the immediate task backend)
    recording.refresh_from_db()
    if recording.status != Status.READY:
        sys.exit(f"The recording was not processed: {recording.failure_detail}")


def web_copy(story):
    """(length as m:ss, bytes) of the story's recording's web copy."""
    from recordings.models import Recording
    from recordings.transcripts import clock

    recording = Recording.objects.get(story=story)
    return clock(recording.duration), recording.web_file.size


def remove_recording(story):
    """Delete the story's recording; returns its transcripts."""
    from recordings.models import Recording

    recording = Recording.objects.get(story=story)
    transcripts = {
        "transcript_en": recording.transcript_en,
        "transcript_es": recording.transcript_es,
    }
    recording.delete()
    return transcripts


def attach_video(story, folder, transcripts):
    """A 20-second 720p phone video as the story's recording, processed as uploads are."""
    from django.core.files import File

    from recordings.models import Recording, Status

    video = phone_media.make_phone_video(
        Path(folder) / "phone.mp4", 20, 720, phone_media.speech_wav(folder)
    )
    recording = Recording(story=story, **transcripts)
    with video.open("rb") as original:
        recording.original.save("phone.mp4", File(original), save=False)
    recording.save()  # processed at once (the immediate task backend of development)
    recording.refresh_from_db()
    if recording.status != Status.READY:
        sys.exit(f"The video was not processed: {recording.failure_detail}")


def url_of(story, language):
    from django.utils import translation

    with translation.override(language):
        return story.get_url()


def serve():
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.wsgi import get_wsgi_application

    return timeline_site.start_server(StaticFilesHandler(get_wsgi_application()))


# --- Measuring and reporting -------------------------------------------------------------------
def measure(browser, base, label, path, args, results, bar):
    runs = []
    for _ in range(args.runs):
        runs.append(load_page(browser, base + path, args.play_seconds))
        bar.update()
    results[label] = {"path": path, "runs": runs}


def _kb(size):
    return f"{size / 1000:.1f}"


def _median_cell(runs, phase, kind):
    cells = [run[0][phase].get(kind, [0, 0, 0]) for run in runs]
    return [statistics.median(cell[i] for cell in cells) for i in range(3)]


def print_phase(results, phase, title):
    labels = [label for label, found in results.items() if any(r[0][phase] for r in found["runs"])]
    if not labels:
        return
    print(f"\n{title}")
    width = 22
    print(f"  {'KB (→ gzip KB) / requests':<33}" + "".join(f"{label:>{width}}" for label in labels))
    kinds = [*TYPES, "Other"]
    totals = {label: [0, 0, 0] for label in labels}
    for kind in kinds:
        cells = {label: _median_cell(results[label]["runs"], phase, kind) for label in labels}
        if not any(cell[2] for cell in cells.values()):
            continue
        line = f"  {TYPES.get(kind, 'other'):<33}"
        for label in labels:
            size, packed, count = cells[label]
            text = f"{_kb(size)}" + (f" →{_kb(packed)}" if kind in COMPRESSED else "")
            line += f"{text + f' / {count:g}':>{width}}"
            totals[label] = [a + b for a, b in zip(totals[label], cells[label], strict=True)]
        print(line)
    line = f"  {'total':<33}"
    for label in labels:
        size, packed, count = totals[label]
        line += f"{f'{_kb(size)} →{_kb(packed)} / {count:g}':>{width}}"
    print(line)


def print_requests(results, phase):
    print(f"\nRequests {phase} (first run; body bytes as received):")
    for label, found in results.items():
        requests = [r for r in found["runs"][0][1] if phase in r["bytes"] or r["phase"] == phase]
        if not requests:
            continue
        print(f"  {label}: {found['path']}")
        for request in requests:
            parts = urlsplit(request["url"])
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            asked = f" Range {request['range']}" if request["range"] else ""
            print(
                f"    {request['status'] or '—'!s:>4} {request['type']:<11}"
                f"{request['bytes'].get(phase, 0):>10,} B  {path[:70]}{asked}"
            )


def print_players(results, args, sizes):
    print("\nPlayers (media bytes before play, per run; Chromium reads ahead as it sees fit):")
    for label, found in results.items():
        _totals, _requests, preload, played = found["runs"][0]
        if preload is None:
            print(f"  {label}: no player")
            continue
        fetched = [
            sum(r["bytes"].get("before play", 0) for r in requests if r["type"] == "Media")
            for _totals, requests, _preload, _played in found["runs"]
        ]
        shares = ", ".join(f"{size:,} B ({size / sizes[label]:.0%})" for size in fetched)
        print(
            f'  {label}: preload="{preload}"; web copy {sizes[label]:,} B; before play {shares}; '
            f"after play() it reached {played:.1f} s in {args.play_seconds:g} s"
        )


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3, help="cold loads per page (default 3)")
    parser.add_argument(
        "--play-seconds", type=float, default=5, help="how long to play (default 5)"
    )
    parser.add_argument(
        "--video", action="store_true", help="also a page with a 20-second phone video"
    )
    parser.add_argument(
        "--minutes",
        type=float,
        default=0,
        help="make the audio a phone recording of this many minutes, processed by the "
        "archive (default: the demo's own 41-second sample)",
    )
    parser.add_argument("--language", choices=("en", "es"), default="en")
    args = parser.parse_args()
    if args.runs < 1 or args.play_seconds <= 0 or args.minutes < 0:
        parser.error("--runs must be ≥ 1, --play-seconds positive, --minutes not negative")
    return args


def main():
    args = parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium).")
    missing = phone_media.missing_tools(("ffmpeg", "ffprobe", "espeak-ng"))
    if missing:
        sys.exit(f"{', '.join(missing)} not found: load_demo needs them for its recordings.")
    folder = timeline_site.throwaway_database()
    try:
        import django

        django.setup()
        from django.db import connections
        from playwright.sync_api import sync_playwright
        from tqdm import tqdm

        stories = build_archive(folder)
        playable, words_only = stories[PLAYABLE], stories[WORDS_ONLY]
        if args.minutes:
            replace_audio(playable, folder, args.minutes)
        length, size = web_copy(playable)
        audio = f"with audio {length}"
        sizes = {audio: size}
        pages = [(audio, playable), ("words only", words_only)]
        connections.close_all()
        server, base = serve()
        results = {}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM),
                    args=[*CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"],
                )
                steps = (len(pages) + 1 + args.video) * args.runs
                with tqdm(total=steps, desc="page loads", unit="load") as bar:
                    for label, story in pages:
                        measure(
                            browser, base, label, url_of(story, args.language), args, results, bar
                        )
                    transcripts = remove_recording(playable)
                    connections.close_all()
                    path = url_of(playable, args.language)
                    measure(browser, base, "no recording", path, args, results, bar)
                    if args.video:
                        attach_video(playable, folder, transcripts)
                        length, size = web_copy(playable)
                        sizes[f"with video {length}"] = size
                        connections.close_all()
                        measure(browser, base, f"with video {length}", path, args, results, bar)
                version = browser.version
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
        print(
            f"\nA story page with a recording — headless Chromium {version}, "
            f"{VIEWPORT['width']}×{VIEWPORT['height']}, {args.language}; median of {args.runs} "
            "cold loads.\n'with audio', 'no recording' (and 'with video') are the same story, "
            "before and after its recording was deleted (and a video given to it)."
        )
        print_phase(results, "before play", "Before pressing play (until the network is idle):")
        print_phase(
            results, "after play", f"After play(), the next {args.play_seconds:g} s (apart):"
        )
        print_players(results, args, sizes)
        print_requests(results, "before play")
        print_requests(results, "after play")
    finally:
        timeline_site.remove_database(folder)


if __name__ == "__main__":
    main()
