"""Browser tests: Playwright (sync API) drives Debian's Chromium against pytest-django's
live server.

Fixtures
- `browser` (session): headless /usr/bin/chromium. Missing Chromium skips the browser tests
  on a developer's machine (`make test` installs it when run as root) and FAILS them under
  CI=true, so CI can never pass without having run them.
- `page`: a fresh browser context and page for each test, pointed at the live server
  (`page.goto("/es/")` works). Console errors, uncaught page errors and requests to other
  hosts are collected in `page.errors` (also the `browser_errors` fixture); a test that ends
  with anything in that list fails. A test that expects an error asserts on the list and
  clears it.
- `open_device`: opens more pages like `page`, each in a context of its own (another
  person's phone or desktop: its own cookies, viewport and language), for journeys where
  a member, an editor and a reader each use their own browser.
- `demo_site`: loads the demo content (`manage.py load_demo`) into the live server's
  database and returns the live server. The first test loads it; later ones get a copy of
  the rows it wrote (tests/table_copy.py), the same content in a fraction of the time.
- `timeline` / `rich_timeline`: publish "Our timeline" (tests/browser/timeline_data.py) and
  return its events' card ids in order.

Browser tests run after all other tests. Playwright's sync API runs an asyncio event loop
in the test thread, which makes Django refuse ORM calls from that thread;
DJANGO_ALLOW_ASYNC_UNSAFE lifts that while the browser runs.
Browser tests use `transactional_db` (the live server runs in another thread), which empties
the database after each test; `django_db_serialized_rollback` restores what the migrations
created (Wagtail's root page, the default site, …) before each one.
"""

import os
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

# How long an action, a navigation or an expect() waits before failing. Playwright's 5 s
# default for expect() is too short when `make test` runs the SQLite and PostgreSQL suites
# side by side on two cores; a passing test waits no longer for it.
WAIT_MS = 15_000
expect.set_options(timeout=WAIT_MS)


def _in_ci():
    return os.environ.get("CI", "").lower() in {"true", "1", "yes"}


def missing_tool(message):
    """Skip the test on a developer's machine; FAIL it under CI=true, where browser tests
    must run."""
    if _in_ci():
        pytest.fail(message + " — browser tests must run in CI", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser(django_db_setup, live_server):
    # Started after the test database and the live server, so the browser is gone before
    # the server stops and the database is dropped.
    if not CHROMIUM.exists():
        missing_tool(
            f"{CHROMIUM} is missing: install Debian's chromium and chromium-driver "
            "(apt-get install chromium chromium-driver; `make test` does this as root)"
        )

    from django.db import connections
    from playwright.sync_api import sync_playwright

    # While Playwright's loop runs, Django hands this thread new connection objects (its
    # connection storage is per event loop). The test database's serialized contents, which
    # django_db_setup put on the old ones, must come along for serialized rollback to work.
    serialized = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        for alias, contents in serialized.items():
            if contents is not None:
                connections[alias]._test_serialized_contents = contents
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        # Close this loop's connections, or PostgreSQL refuses to drop the test database.
        for connection in connections.all(initialized_only=True):
            connection.close()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _site_url_is_the_live_server(request):
    """The address the archive hands out (SITE_URL) is the one the live server answers, as
    `make run` sets it: links in pages, embeds and JSON then point at it."""
    if "live_server" not in request.fixturenames:
        yield
        return
    settings = request.getfixturevalue("settings")
    settings.SITE_URL = request.getfixturevalue("live_server").url
    yield


@pytest.fixture
def browser_errors():
    """What went wrong in the page during this test; the test fails unless it is empty."""
    return []


def open_page(browser, live_server, browser_errors, **context_options):
    """A page in a browser context of its own (its own cookies and storage, like another
    person's device), pointed at the live server; what goes wrong in it lands in
    `browser_errors`. `context_options` are Playwright's (viewport, locale, has_touch…)."""
    options = {"viewport": {"width": 1280, "height": 900}, **context_options}
    context = browser.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(WAIT_MS)
    own_host = urlsplit(live_server.url).netloc

    def only_the_live_server(route):
        url = route.request.url
        # file: is a test's own file on disk (a deck, the offline file), not another host.
        local = url.startswith(("data:", "blob:", "about:", "file:"))
        if local or urlsplit(url).netloc == own_host:
            route.continue_()
        else:
            # Tests never need the internet, and a narrator's page must not call other hosts.
            browser_errors.append(f"request to another host blocked: {url}")
            route.abort()

    context.route("**/*", only_the_live_server)
    new_page = context.new_page()

    def on_console(message):
        if message.type == "error":
            location = message.location or {}
            where = (
                f" ({location['url']}:{location.get('lineNumber', 0)})"
                if location.get("url")
                else ""
            )
            browser_errors.append(f"console error: {message.text}{where}")

    new_page.on("console", on_console)
    new_page.on("pageerror", lambda error: browser_errors.append(f"page error: {error}"))
    new_page.errors = browser_errors
    return new_page


@pytest.fixture
def page(browser, live_server, django_db_serialized_rollback, browser_errors):
    new_page = open_page(browser, live_server, browser_errors)
    yield new_page
    new_page.context.close()


@pytest.fixture
def open_device(browser, live_server, django_db_serialized_rollback, browser_errors):
    """Opens a page on a device of its own, for tests where several people take part:
    `open_device(locale="es-ES", viewport=…, has_touch=True)`. Closed after the test."""
    pages = []

    def open_(**context_options):
        pages.append(open_page(browser, live_server, browser_errors, **context_options))
        return pages[-1]

    yield open_
    for opened in pages:
        opened.context.close()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests run last: once Playwright has started, its event loop stays in the main
    thread until the session ends, and no other test should run beside it."""
    items.sort(key=lambda item: "browser" in item.fixturenames)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    errors = item.funcargs.get("browser_errors")
    if errors:
        raise AssertionError(
            "the browser reported errors during the test:\n  " + "\n  ".join(errors)
        )
    return result


def load_demo_content():
    """Load the demo content into the test database (which the live server shares)."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


@pytest.fixture(scope="session")
def _demo_rows():
    """The demo content's rows (tests/table_copy.py), once a test has loaded it."""
    return {}


@pytest.fixture
def demo_site(live_server, django_db_serialized_rollback, _demo_rows):
    from django.db import connection

    from tests import table_copy

    if "copy" in _demo_rows:
        table_copy.restore(connection, _demo_rows["copy"])
    else:
        load_demo_content()
        _demo_rows["copy"] = table_copy.take(connection)
    return live_server


@pytest.fixture
def timeline(page, live_server):
    """A published timeline with three events and an era: the events' card ids, in order."""
    from tests.browser.timeline_data import create_timeline

    return create_timeline()


@pytest.fixture
def rich_timeline(page, live_server):
    """The same timeline plus a period in a lane, a photo and an untranslated event."""
    from tests.browser.timeline_data import create_timeline

    return create_timeline(rich=True)
