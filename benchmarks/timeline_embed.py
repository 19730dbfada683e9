"""Our timeline embed against TimelineJS 3.9, side by side in headless Chromium (issue 6).

Usage: .venv/bin/python benchmarks/timeline_embed.py [--events 300,2000] [--runs 3]
                                                      [--keys 20] [--settle-ms 1200]

For each number of events, a sample timeline (bilingual curated events over 1986–2026, four
eras) is shown by
- ours: /embed/timeline/<slug>/ (one server-rendered page, inline CSS and script);
- TimelineJS 3.9.11 from tests/browser/js/node_modules (`npm ci` there), with default
  options, fed our export /timelines/<slug>/timelinejs.json.
It prints first-view time, key-press-to-next-frame time, requests to other hosts and the
bytes each transfers on a first view. Runs alternate between the two tools, each in a fresh
browser context (cold cache). Nothing touches the developer's database: the timelines live
in a throwaway SQLite database, served by a threaded HTTP server on 127.0.0.1.
"""

import argparse
import dataclasses
import gzip
import json
import math
import os
import re
import statistics
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings.dev")
os.environ["DEBUG"] = "0"  # timings as production renders, without DEBUG's query log

import timeline_site  # noqa: E402 (after the environment it reads)

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

VIEWPORT = {"width": 1280, "height": 720}
TIMEOUT_MS = 120_000  # TimelineJS builds every slide up front: 2,000 take a while


@dataclasses.dataclass(frozen=True)
class Tool:
    name: str
    path: str  # with {slug}
    first_view: str  # CSS selector: the first match, visible, is the first view
    ready: str  # JS expression, true once the keyboard works
    events: str  # JS expression: how many events the tool holds
    position: str  # JS expression: the index of the current card or slide
    data: str  # JS expression: the Resource Timing entry of the response holding the events
    input: str  # how a key press reaches the tool, for the report


OURS = Tool(
    name="ours",
    path="/embed/timeline/{slug}/?lang=en",
    first_view=".card",
    ready='document.readyState !== "loading"',  # the inline script ends the body
    events='document.querySelectorAll(".card").length',
    position=(
        'Array.prototype.indexOf.call(document.querySelectorAll(".card"), '
        'document.querySelector(".card.current"))'
    ),
    data='performance.getEntriesByType("navigation")[0]',
    input="ArrowRight: the embed's keydown listener on document (focus left on <body>)",
)
TIMELINEJS = Tool(
    name="TimelineJS 3.9",
    path=timeline_site.TIMELINEJS_PAGE + "?slug={slug}&lang=en",
    first_view=".tl-storyslider .tl-slide .tl-headline",  # the title slide's headline
    ready="!!(window.tl && window.tl.ready)",  # set once every slide and marker is built
    events="window.tl.config.events.length",
    position="window.tl._getSlideIndex(window.tl.current_id)",
    data='performance.getEntriesByType("resource").find(e => e.name.includes("timelinejs.json"))',
    input="ArrowRight: TimelineJS's own keydown listener on document (goToNext)",
)
TOOLS = (OURS, TIMELINEJS)

# Installed in every page before its own scripts run.
PROBE = """
(() => {
  const bench = (window.__bench = {keys: []});
  function shown(element) {
    if (!element || !element.checkVisibility({opacityProperty: true, visibilityProperty: true}))
      return false;
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < innerHeight && box.left < innerWidth;
  }
  // Checked at the start of every frame from navigation on: the time is that of the first
  // frame that paints the element (performance.now() counts from navigation start).
  function watch() {
    const now = performance.now();
    if (bench.firstView === undefined && shown(document.querySelector(FIRST_VIEW)))
      bench.firstView = now;
    if (bench.ready === undefined && (READY)) bench.ready = now;
    if (bench.firstView === undefined || bench.ready === undefined) requestAnimationFrame(watch);
  }
  requestAnimationFrame(watch);
  bench.until = (test, ms) => new Promise((resolve, reject) => {
    const start = performance.now();
    const timer = setInterval(() => {
      const done = test(), late = performance.now() - start > ms;
      if (done || late) clearInterval(timer);
      if (done) resolve();
      else if (late) reject(new Error("timed out"));
    }, 50);
  });
  // Window, capture phase: before any of the page's own handlers. The frame callback runs
  // after those handlers; the timeout after it, once that frame's style, layout and paint
  // are done on the main thread.
  addEventListener("keydown", () => {
    const start = performance.now();
    requestAnimationFrame(() => setTimeout(() => bench.keys.push(performance.now() - start)));
  }, true);
})();
"""


@dataclasses.dataclass
class Run:
    first_view: float
    ready: float
    data_wait: float  # request → first byte of the events' response (mostly Django's time)
    keys: list = dataclasses.field(default_factory=list)
    other_hosts: list = dataclasses.field(default_factory=list)
    bodies: dict = dataclasses.field(default_factory=dict)  # path → body, for the local responses


# --- One first view in a fresh context ---------------------------------------------------------
def _probe(tool):
    return PROBE.replace("FIRST_VIEW", json.dumps(tool.first_view)).replace("READY", tool.ready)


def _only_local(route, own_host, other_hosts):
    """Count and refuse every request to another host: the figures must not depend on the
    internet, and counting them is the point."""
    url = route.request.url
    if urlsplit(url).netloc == own_host:
        route.continue_()
    else:
        other_hosts.append(url)
        route.abort()


def _until(page, condition):
    """Wait until a JS condition holds, checked in the page every 50 ms.

    Not page.wait_for_function: it polls with eval(), which our embed's Content-Security-Policy
    rightly refuses; a closure compiled inside one evaluate() call is not eval'd. Polled by
    interval, not by frame, so the wait adds no frame callbacks of its own."""
    page.evaluate(f"ms => __bench.until(() => {condition}, ms)", TIMEOUT_MS)


def _press_keys(page, tool, keys, settle_ms):
    """Press ArrowRight `keys` times, each after the previous one's animations have ended."""
    for number in range(keys):
        page.keyboard.press("ArrowRight")
        _until(page, f"__bench.keys.length > {number}")
        page.wait_for_timeout(settle_ms)
    position = page.evaluate(tool.position)
    if position != keys:
        raise RuntimeError(f"{tool.name}: {keys} key presses moved to index {position}")
    return page.evaluate("window.__bench.keys")


def measure_run(browser, base, tool, slug, events, keys=0, settle_ms=0, bodies=False):
    context = browser.new_context(viewport=VIEWPORT)
    try:
        run = Run(first_view=math.nan, ready=math.nan, data_wait=math.nan)
        own_host = urlsplit(base).netloc
        context.route("**/*", lambda route: _only_local(route, own_host, run.other_hosts))
        context.add_init_script(_probe(tool))
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.goto(base + tool.path.format(slug=slug), wait_until="commit")
        _until(page, "__bench.firstView !== undefined && __bench.ready !== undefined")
        run.first_view, run.ready = page.evaluate("[__bench.firstView, __bench.ready]")
        page.wait_for_load_state("networkidle")  # fonts and the like, requested after the view
        run.data_wait = page.evaluate(f"(e => e.responseStart - e.requestStart)({tool.data})")
        if page.evaluate(tool.events) != events:
            raise RuntimeError(f"{tool.name} does not show the {events} events")
        if bodies:
            # Keyed by path and query: our embed's rest (?part=rest) shares its path.
            run.bodies = {_path_query(r.url): r.body() for r in responses if r.ok}
        run.keys = _press_keys(page, tool, keys, settle_ms) if keys else []
        return run
    finally:
        context.close()


# --- The whole comparison ----------------------------------------------------------------------
def _warm_server(base, slugs):
    """Server-side warm-up (imports, templates, database pages): the browser stays cold."""
    for slug in slugs.values():
        for path in (OURS.path, "/timelines/{slug}/timelinejs.json?lang=en"):
            with urllib.request.urlopen(base + path.format(slug=slug)) as response:
                response.read()


def compare(browser, base, slugs, args):
    """{(events, tool name): [Run, …]}; runs alternate between the tools."""
    from tqdm import tqdm

    _warm_server(base, slugs)
    for tool in TOOLS:  # browser-side warm-up (process start-up), not counted
        measure_run(browser, base, tool, slugs[min(slugs)], min(slugs))
    results = {}
    steps = tqdm(total=len(slugs) * args.runs * len(TOOLS), desc="runs", unit="run")
    with steps:
        for events, slug in slugs.items():
            for number in range(args.runs):
                for tool in TOOLS:
                    steps.set_postfix_str(f"{events} events, {tool.name}")
                    run = measure_run(
                        browser, base, tool, slug, events, args.keys, args.settle_ms, number == 0
                    )
                    results.setdefault((events, tool.name), []).append(run)
                    steps.update()
    return results


def spanish_other_hosts(browser, base, slug, events):
    """{tool name: other-host URLs} on a Spanish first view: TimelineJS, given the option
    language "es", fetches its Spanish strings."""
    found = {}
    for tool in TOOLS:
        spanish = dataclasses.replace(tool, path=tool.path.replace("lang=en", "lang=es"))
        found[tool.name] = measure_run(browser, base, spanish, slug, events).other_hosts
    return found


# --- Report ------------------------------------------------------------------------------------
def _gzip_size(data):
    return len(gzip.compress(data, compresslevel=6))


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _kb(size):
    return f"{size / 1000:.1f} KB"


def _short(url):
    return url.split("://", 1)[-1]


def _package_copy(url):
    """TimelineJS's own copy of a file it asked another host for (its font CSS), or None."""
    path = urlsplit(url).path
    if "/css/" not in path:
        return None
    file = timeline_site.TIMELINEJS_DIST / "css" / path.split("/css/", 1)[1]
    return file if file.is_file() else None


def print_timings(results):
    print(
        f"{'events':>6}  {'tool':<15}{'first view ms':>14}{'ready ms':>10}{'data wait ms':>14}"
        f"  {'key→frame p50 / p95 / max ms':<30}{'other-host requests':>19}"
    )
    for (events, name), runs in results.items():
        keys = [key for run in runs for key in run.keys]
        first = statistics.median(run.first_view for run in runs)
        ready = statistics.median(run.ready for run in runs)
        wait = statistics.median(run.data_wait for run in runs)
        frame = "-"
        if keys:
            p50, p95 = _percentile(keys, 0.5), _percentile(keys, 0.95)
            frame = f"{p50:.1f} / {p95:.1f} / {max(keys):.1f}"
        others = max(len(run.other_hosts) for run in runs)
        print(
            f"{events:>6}  {name:<15}{first:>14.0f}{ready:>10.0f}{wait:>14.0f}"
            f"  {frame:<30}{others:>19}"
        )


def print_definitions():
    print(
        "\n  first view: navigation start → first frame in which the first event card (ours) or"
        "\n    TimelineJS's first slide headline (its title slide) is visible."
        "\n  ready: navigation start → first frame after our inline script ran (document parsed)"
        "\n    or after TimelineJS reported ready (every slide and marker built)."
        "\n  data wait: request → first byte of the response holding the events (our page; the"
        "\n    JSON export for TimelineJS): mostly Django's time, included in the times above."
        "\n  key→frame: keydown seen on window (capture phase, before the page's handlers) → end"
        "\n    of the next frame (a frame callback, then setTimeout 0), vsync wait included."
    )
    for tool in TOOLS:
        print(f"  input, {tool.name}: {tool.input}")


def _requests(found):
    """ "ours 0; TimelineJS 3.9 2", then one line per URL."""
    counts = "; ".join(f"{name} {len(urls)}" for name, urls in found.items())
    urls = sorted(_short(url) for urls in found.values() for url in urls)
    return counts + "".join(f"\n      {url}" for url in urls)


def print_other_hosts(results, spanish):
    """Who asks other hosts for what; the refused font CSS is read from the package's copy."""
    english = {name: runs[0].other_hosts for (_, name), runs in results.items()}
    print(
        "\nRequests to other hosts on a first view (counted and refused by a Playwright route;"
        "\nTimelineJS's own files come from this server):"
        f"\n  English, default options: {_requests(english)}"
        f'\n  Spanish (lang=es; TimelineJS option language "es"): {_requests(spanish)}'
    )
    refused = {url for urls in [*english.values(), *spanish.values()] for url in urls}
    for url in sorted(refused):
        copy = _package_copy(url)
        fonts = re.findall(r"url\((https?://[^)]+)\)", copy.read_text()) if copy else []
        hosts = sorted({urlsplit(font).netloc for font in fonts})
        if fonts:
            print(
                f"  {copy.name}, refused here, names {len(fonts)} font files on "
                f"{', '.join(hosts)}\n    (package copy): a real first view fetches those its "
                "text uses."
            )
    print(
        "  TimelineJS's script_path option defaults to cdn.knightlab.com: even self-hosted, it"
        "\n    asks there for its font CSS and any locale other than English."
    )


def _path_query(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _code_only(html):
    """Our embed's inline CSS and script: what a visitor downloads besides the events."""
    text = html.decode()
    parts = re.findall(r"<style>.*?</style>|<script>.*?</script>", text, re.DOTALL)
    return "".join(parts).encode()


def _timelinejs_library(run):
    """{file: gzip size} of the TimelineJS files its first view asked for: those served here,
    plus the package's copy of those it asked another host for (its font CSS)."""
    prefix = timeline_site.NPM_PREFIX
    files = {
        path.split("?")[0][len(prefix) :]: _gzip_size(body)
        for path, body in run.bodies.items()
        if path.startswith(prefix)
    }
    for url in run.other_hosts:
        copy = _package_copy(url)
        if copy is not None:
            name = str(copy.relative_to(timeline_site.TIMELINEJS_DIST))
            host = urlsplit(url).netloc
            files[f"{name} (package copy of what it asked {host} for)"] = _gzip_size(
                copy.read_bytes()
            )
    return files


def print_bytes(results):
    print(
        "\nBytes on a first view: gzip -6 of each response body (what the site sends for our"
        "\nembed and JSON export, which it compresses; a web server would compress TimelineJS's).\n"
    )
    print(
        f"{'events':>6}  {'ours: first view':>17}{'of it CSS+JS':>14}{'rest, later':>13}  "
        f"{'TJS: library':>13}{'+ JSON data':>13}  {'first view ratio':>17}{'CSS+JS ratio':>14}"
    )
    files = {}
    for events in sorted({events for events, _ in results}):
        ours = results[(events, OURS.name)][0].bodies
        page = next(
            body for key, body in ours.items() if key.startswith("/embed/") and "part=" not in key
        )
        rest = sum(_gzip_size(body) for key, body in ours.items() if "part=rest" in key)
        theirs = results[(events, TIMELINEJS.name)][0]
        files = _timelinejs_library(theirs)
        library = sum(files.values())
        data = sum(
            _gzip_size(b) for key, b in theirs.bodies.items() if key.split("?")[0].endswith(".json")
        )
        page_size, code = _gzip_size(page), _gzip_size(_code_only(page))
        print(
            f"{events:>6}  {_kb(page_size):>17}{_kb(code):>14}{_kb(rest):>13}  "
            f"{_kb(library):>13}{_kb(data):>13}  "
            f"{page_size / library:>17.3f}{code / library:>14.3f}"
        )
    print("\n  TimelineJS library, as its first view asked for it (gzip):")
    for name, size in sorted(files.items()):
        print(f"    {name}: {_kb(size)}")
    print(
        "  first view ratio: our first view (the embed's page: HTML, CSS and script, its first"
        "\n    events included) / TimelineJS's library (target ≤ 0.1). Our later events arrive"
        "\n    after the first view ('rest, later'), as TimelineJS's JSON data does for it."
        "\n  CSS+JS ratio: our inline <style> and <script> / TimelineJS's library."
        "\n  Left out: TimelineJS's host page here (a few hundred bytes), the web fonts its font"
        "\n  CSS names (not in the package), any favicon request (a 404 for both)."
    )


def print_report(results, spanish, args, chromium_version):
    print(
        f"\nTimeline embed vs TimelineJS 3.9.11 — headless Chromium {chromium_version}, "
        f"{VIEWPORT['width']}×{VIEWPORT['height']}."
        f"\nTimes: median of {args.runs} cold runs per row; key→frame over the "
        f"{args.runs * args.keys} presses of those runs\n({args.keys} per run, "
        f"{args.settle_ms} ms apart).\n"
    )
    print_timings(results)
    print_definitions()
    print_other_hosts(results, spanish)
    print_bytes(results)


# --- Command -----------------------------------------------------------------------------------
def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--events", default="300,2000", help="comma-separated event counts (default 300,2000)"
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="cold first views per tool and size (default 3)"
    )
    parser.add_argument(
        "--keys", type=int, default=20, help="ArrowRight presses per run (default 20)"
    )
    parser.add_argument(
        "--settle-ms",
        type=int,
        default=1200,
        help="pause after each press (default 1200; TimelineJS animates a slide change for 1 s)",
    )
    args = parser.parse_args()
    try:
        args.events = sorted({int(part) for part in args.events.split(",") if part.strip()})
    except ValueError:
        parser.error("--events takes numbers separated by commas, e.g. 300,2000")
    if not args.events or min(args.events) <= args.keys or args.runs < 1:
        parser.error("each timeline needs more events than --keys, and --runs must be ≥ 1")
    return args


def check_prerequisites():
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium).")
    if not (timeline_site.TIMELINEJS_DIST / "js/timeline.js").exists():
        sys.exit(
            "TimelineJS 3.9 is missing: run `npm ci` in tests/browser/js "
            f"(expected {timeline_site.TIMELINEJS_DIST})."
        )


def main():
    args = parse_args()
    check_prerequisites()
    folder = timeline_site.throwaway_database()
    try:
        import django

        django.setup()
        from django.db import connections
        from playwright.sync_api import sync_playwright

        print(f"Creating sample timelines in {folder} …", file=sys.stderr)
        timeline_site.migrate()
        slugs = {events: timeline_site.create_timeline(events) for events in args.events}
        connections.close_all()  # from here on only the server's threads use the database
        server, base = timeline_site.start_server()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                results = compare(browser, base, slugs, args)
                smallest = min(slugs)
                spanish = spanish_other_hosts(browser, base, slugs[smallest], smallest)
                version = browser.version
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
        print_report(results, spanish, args, version)
    finally:
        timeline_site.remove_database(folder)


if __name__ == "__main__":
    main()
