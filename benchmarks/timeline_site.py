"""The site benchmarks/timeline_embed.py measures: a throwaway database holding sample
timelines, served over real HTTP on 127.0.0.1 together with TimelineJS 3.9's npm files.

`throwaway_database()` must run before django.setup(); everything else after it.
"""

import contextlib
import io
import json
import os
import random
import re
import shutil
import tempfile
import threading
from pathlib import Path
from urllib.parse import parse_qs

ROOT = Path(__file__).resolve().parent.parent
TIMELINEJS_DIST = ROOT / "tests/browser/js/node_modules/@knight-lab/timelinejs/dist"
NPM_PREFIX = "/__npm/"  # TimelineJS's dist/ folder, as a site would host it
TIMELINEJS_PAGE = "/__bench/timelinejs.html"  # ?slug=…&lang=…: the page embedding TimelineJS

CONTENT_TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".svg": "image/svg+xml",
    ".eot": "application/vnd.ms-fontobject",
}

# TimelineJS's usual embed: its CSS and script in <head>, then a Timeline fed by a URL to
# our JSON export (TimelineJS fetches it itself), with default options but the language.
HOST_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>TimelineJS 3.9</title>
<link rel="stylesheet" href="{npm}css/timeline.css">
<script src="{npm}js/timeline.js"></script>
<style>html,body{{margin:0;height:100%}}#timeline-embed{{width:100%;height:100%}}</style>
</head><body><div id="timeline-embed"></div>
<script>window.tl = new TL.Timeline(
  "timeline-embed", "/timelines/{slug}/timelinejs.json?lang={lang}", {options});
</script></body></html>
"""


# --- Database ----------------------------------------------------------------------------------
def throwaway_database():
    """Point Django at a new SQLite file in a temporary folder (never the developer's database),
    with its media and recordings folders there too, and return the folder, which the
    caller removes with `remove_database`."""
    folder = tempfile.mkdtemp(prefix="memoria-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = f"{folder}/media"
    os.environ["RECORDINGS_ROOT"] = f"{folder}/recordings"
    # Publishing a page must not reach a developer's Elasticsearch index.
    os.environ["ELASTICSEARCH_URL"] = ""
    return folder


def remove_database(folder):
    shutil.rmtree(folder, ignore_errors=True)


def migrate():
    from django.core.management import call_command

    # wagtail_modeltranslation's migrate prints its SQL whatever the verbosity.
    with contextlib.redirect_stdout(io.StringIO()):
        call_command("migrate", interactive=False, verbosity=0)


# --- Sample timelines --------------------------------------------------------------------------
US_PLACES = ["Berkeley", "Cambridge", "Madison", "Burlington", "Portland", "Boulder"]
SV_PLACES = ["Suchitoto", "Arcatao", "San José Las Flores", "Tenancingo", "Guarjila", "Perquín"]
HEADLINES = [  # (English, Spanish), with {us} and {sv} places
    ("Delegation from {us} visits {sv}", "Una delegación de {us} visita {sv}"),
    ("Sister-city agreement between {us} and {sv}", "Hermanamiento entre {us} y {sv}"),
    ("Community radio goes on air in {sv}", "Sale al aire la radio comunitaria de {sv}"),
    ("Water project finished in {sv}", "Termina el proyecto de agua en {sv}"),
    ("Families return to {sv}", "Las familias regresan a {sv}"),
    ("Scholarships for students from {sv}", "Becas para estudiantes de {sv}"),
    ("Earthquake damages homes in {sv}", "Un terremoto daña viviendas en {sv}"),
    ("Youth exchange between {sv} and {us}", "Intercambio juvenil entre {sv} y {us}"),
    ("{us} raises funds for the clinic in {sv}", "{us} recauda fondos para la clínica de {sv}"),
    ("Election observers from {us} in {sv}", "Observadores electorales de {us} en {sv}"),
]
SENTENCES = [  # (English, Spanish)
    (
        "Neighbours remember the day in their own words.",
        "Los vecinos recuerdan el día con sus palabras.",
    ),
    ("The committee kept minutes and photographs.", "El comité guardó actas y fotografías."),
    (
        "Several families took part for the first time.",
        "Varias familias participaron por primera vez.",
    ),
    (
        "Letters between the two towns describe the work.",
        "Las cartas entre los dos pueblos describen el trabajo.",
    ),
    (
        "The project was funded by small donations.",
        "El proyecto se financió con pequeñas donaciones.",
    ),
    (
        "Teachers and students organised the welcome.",
        "Maestros y estudiantes organizaron la bienvenida.",
    ),
    (
        "A mural in the square still tells the story.",
        "Un mural en la plaza todavía cuenta la historia.",
    ),
    (
        "The visit was delayed twice by the rains.",
        "La visita se retrasó dos veces por las lluvias.",
    ),
]
ERAS = [  # (English, Spanish, start, end or None: still going on)
    ("Civil war", "Guerra civil", 1980, 1992),
    ("Peace and reconstruction", "Paz y reconstrucción", 1992, 2001),
    ("Earthquakes and migration", "Terremotos y migración", 2001, 2014),
    ("A new generation", "Una nueva generación", 2014, None),
]


def _sample_date(rng):
    """Dates spread over 1986–2026: mostly years, some months and days, a few periods,
    decades and approximate dates."""
    from archive.models import HistoricalDate, Precision

    year = rng.randint(1986, 2026)
    circa = rng.random() < 0.1
    kind = rng.random()
    if kind < 0.2:
        return HistoricalDate(year, rng.randint(1, 12), None, Precision.MONTH, circa)
    if kind < 0.35:
        return HistoricalDate(year, rng.randint(1, 12), rng.randint(1, 28), Precision.DAY)
    if kind < 0.45 and year < 2026:
        return HistoricalDate(year, circa=circa, end_year=rng.randint(year + 1, 2026))
    if kind < 0.5 and year >= 1990:
        return HistoricalDate(year - year % 10, precision=Precision.DECADE, circa=circa)
    return HistoricalDate(year, circa=circa)


def _sample_event(rng, page, number):
    from timelines.models import TimelineEvent

    headline_en, headline_es = rng.choice(HEADLINES)
    places = {"us": rng.choice(US_PLACES), "sv": rng.choice(SV_PLACES)}
    sentences = rng.sample(SENTENCES, 2)
    event = TimelineEvent(
        page=page,
        sort_order=number,
        headline_en=headline_en.format(**places),
        headline_es=headline_es.format(**places),
        text_en=" ".join(en for en, _es in sentences),
        text_es=" ".join(es for _en, es in sentences),
    )
    event.set_historical_date(_sample_date(rng))
    return event


def create_timeline(events, seed=1):
    """A published timeline with `events` curated events and four eras; returns its slug."""
    from stories.site_structure import ensure_site_structure
    from timelines.models import TimelineEra, TimelineEvent, TimelinePage

    home, _index = ensure_site_structure()
    slug = f"bench-{events}"
    page = TimelinePage(
        title=f"Sister cities, {events} events",
        title_en=f"Sister cities, {events} events",
        title_es=f"Ciudades hermanas, {events} eventos",
        slug=slug,
        slug_en=slug,
        slug_es=slug,
        introduction_en="Forty years of letters, visits and projects.",
        introduction_es="Cuarenta años de cartas, visitas y proyectos.",
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    # Rows added after publishing: publishing a revision replaces the page's events with
    # the revision's, and bulk_create is much quicker than a 2,000-event revision.
    rng = random.Random(seed)
    TimelineEvent.objects.bulk_create(_sample_event(rng, page, n) for n in range(events))
    TimelineEra.objects.bulk_create(
        TimelineEra(page=page, sort_order=n, label_en=en, label_es=es, start_year=a, end_year=b)
        for n, (en, es, a, b) in enumerate(ERAS)
    )
    return slug


# --- HTTP server -------------------------------------------------------------------------------
def _respond(start_response, status, content_type, body):
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


def _npm_file(path):
    """A file under TimelineJS's dist/ folder, or None (nothing outside it is served)."""
    file = (TIMELINEJS_DIST / path.removeprefix(NPM_PREFIX)).resolve()
    if file.is_relative_to(TIMELINEJS_DIST.resolve()) and file.is_file():
        return file
    return None


def with_timelinejs(django_app):
    """Django's WSGI application plus TimelineJS's files and the page that embeds it, so
    both tools come from the same server and pay the same network costs."""

    def application(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith(NPM_PREFIX):
            file = _npm_file(path)
            if file is None:
                return _respond(start_response, "404 Not Found", "text/plain", b"not found")
            kind = CONTENT_TYPES.get(file.suffix, "application/octet-stream")
            return _respond(start_response, "200 OK", kind, file.read_bytes())
        if path == TIMELINEJS_PAGE:
            return _respond(
                start_response, "200 OK", "text/html; charset=utf-8", _host_page(environ)
            )
        return django_app(environ, start_response)

    return application


def _host_page(environ):
    query = parse_qs(environ.get("QUERY_STRING", ""))
    slug = re.sub(r"[^a-z0-9-]", "", query.get("slug", [""])[0])
    lang = "es" if query.get("lang") == ["es"] else "en"
    # English is TimelineJS's built-in default; any other language is an option.
    options = "{}" if lang == "en" else json.dumps({"language": lang})
    return HOST_PAGE.format(npm=NPM_PREFIX, slug=slug, lang=lang, options=options).encode()


def start_server(application=None):
    """A threaded HTTP server on a free port of 127.0.0.1 serving `application` (by default
    the archive with TimelineJS's files); returns (server, base URL)."""
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):  # one line per request would bury the results
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
    server.set_app(application or with_timelinejs(get_wsgi_application()))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"
