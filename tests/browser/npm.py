"""Front-end packages the browser tests load into Chromium (tests/browser/js/package.json:
axe-core, TimelineJS), installed with `npm ci` in tests/browser/js (scripts/test.sh does it).

- `npm_file(relative)`: a file under node_modules; a missing package skips the test on a
  developer's machine and FAILS it under CI=true, as the `browser` fixture does for Chromium.
- `serve_npm(page, live_server)`: answers `<live server>/__npm/<package>/<file>` from
  node_modules, so the files load from the live server's own address (conftest.py blocks
  every other host) without being part of the site.
- `run_axe(page_or_frame)`: axe-core's serious and critical violations in that document, one
  readable line each (an empty list when there are none).
"""

import mimetypes
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

from tests.browser.conftest import missing_tool

NODE_MODULES = Path(__file__).resolve().parent / "js" / "node_modules"
NPM_PREFIX = "/__npm/"
AXE = "axe-core/axe.min.js"
SEVERE = ("serious", "critical")


def npm_file(relative):
    """The path of `relative` (e.g. "axe-core/axe.min.js") under node_modules."""
    path = NODE_MODULES / relative
    if not path.is_file():
        missing_tool(
            f"{path} is missing: run `npm ci` in tests/browser/js "
            "(`make test` does this) to install the browser tests' front-end packages"
        )
    return path


def npm_url(live_server, relative):
    return live_server.url + NPM_PREFIX + relative


def serve_npm(page, live_server):
    """Answer <live server>/__npm/… from node_modules (page routes come before conftest.py's
    context route, so these requests never reach the live server)."""
    prefix = live_server.url + NPM_PREFIX

    def from_node_modules(route):
        relative = route.request.url[len(prefix) :].split("?", 1)[0].split("#", 1)[0]
        path = (NODE_MODULES / relative).resolve()
        if NODE_MODULES.resolve() not in path.parents or not path.is_file():
            route.fulfill(status=404, content_type="text/plain", body="not in node_modules")
            return
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        route.fulfill(status=200, content_type=kind, body=path.read_bytes())

    page.route(prefix + "**", from_node_modules)


def _describe(violation):
    targets = []
    for node in violation["nodes"]:
        target = node.get("target") or []
        # One selector per frame, outermost first (a list where shadow roots are crossed).
        targets.append(
            " >> ".join(" >>> ".join(part) if isinstance(part, list) else part for part in target)
        )
    shown = ", ".join(targets[:5]) + (f" (+{len(targets) - 5} more)" if len(targets) > 5 else "")
    return f"{violation['id']} [{violation['impact']}] {violation['help']}: {shown}"


def _documents(page_or_frame):
    if hasattr(page_or_frame, "main_frame"):  # a Page: all its frames
        return list(page_or_frame.frames)
    frames, pending = [], [page_or_frame]
    while pending:
        frame = pending.pop()
        frames.append(frame)
        pending.extend(frame.child_frames)
    return frames


def _add_axe(frame, path):
    """Inline into the timeline embed (its own policy allows inline script, not files);
    elsewhere the site's policy allows only its own script files, so from the site's
    address (answered from node_modules). A refused attempt would be a console error."""
    parts = urlsplit(frame.url)
    if "/embed/timeline/" in parts.path or parts.scheme not in ("http", "https"):
        frame.add_script_tag(path=path)
        return
    origin = SimpleNamespace(url=f"{parts.scheme}://{parts.netloc}")
    serve_npm(frame.page, origin)
    frame.add_script_tag(url=npm_url(origin, AXE))


def run_axe(page_or_frame):
    """Serious and critical axe-core violations in the document of `page_or_frame` (a
    Playwright Page or Frame) and the frames inside it, as lines for an assertion message.

    axe checks an <iframe>'s document only if it runs there too, so it goes into every frame
    (the embed preview on a timeline page is same-origin)."""
    path = str(npm_file(AXE))
    for frame in _documents(page_or_frame):
        if not frame.evaluate("typeof window.axe !== 'undefined'"):
            _add_axe(frame, path)
    results = page_or_frame.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [_describe(v) for v in results["violations"] if v["impact"] in SEVERE]
