"""Research-search benchmark: latency of a fixed mixed query set, side by side with
Wagtail's built-in page search and (on PostgreSQL) two floors: a raw ranked tsquery on the
same GIN indexes, and counting the visible matches (what any exact count or facet reads),
plus index build speed. Prints figures; it asserts nothing.

"research" is a search the index has not answered yet (the result cache is bypassed);
"repeated" is the same search asked again on the same version of the index, answered
from search.result_cache (the page's records, themes, places and snippets are still read).

    python manage.py generate_corpus --stories 10000 --seed 1
    python manage.py bench_search --rebuild --repeat 30
"""

import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.http import QueryDict

from search import indexing
from search.engines import database_engine
from search.engines.postgres import websearch_text
from search.models import SearchDocument
from search.query import parse_request
from stories.models import StoryPage

# (label, query string): single words in both languages, accented and not, phrases,
# theme-filtered searches, and browsing with facets.
QUERIES = [
    ("word en", "q=water"),
    ("word es", "q=comunidad"),
    ("accented", "q=migración"),
    ("unaccented", "q=migracion"),
    ("phrase en", 'q="the river"'),
    ("phrase es", 'q="la comunidad"'),
    ("word + theme", "q=community&theme=mining"),
    ("browse + facets", ""),
    ("browse theme", "theme=environment-climate"),
    ("browse period", "from=1986&to=1992&lang=es"),
]


def _timed(function, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95


class Command(BaseCommand):
    help = "Time the research search against Wagtail's search and a raw tsquery."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument("--rebuild", action="store_true", help="Time an index rebuild first.")

    def handle(self, *args, repeat, rebuild, **options):
        engine = database_engine()
        stories = StoryPage.objects.live().count()
        if rebuild:
            started = time.perf_counter()
            indexing.rebuild(batch_size=500)
            seconds = time.perf_counter() - started
            documents = SearchDocument.objects.count()
            self.stdout.write(
                f"index build: {documents} documents in {seconds:.1f} s "
                f"= {documents / seconds:.0f} documents/s"
            )
        self.stdout.write(
            f"engine {engine.name}, {stories} live stories, "
            f"{SearchDocument.objects.count()} documents, {repeat} runs each (ms p50 / p95)"
        )
        if connection.vendor == "postgresql":
            # Broad searches read their matches from shared_buffers or, when the table does
            # not fit, from the operating system's cache: say which, beside the figures.
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT current_setting('shared_buffers'), "
                    "pg_size_pretty(pg_table_size(%s)), "
                    "(SELECT pg_size_pretty(SUM(pg_total_relation_size(relid))) "
                    "FROM pg_partition_tree(%s))",
                    [SearchDocument._meta.db_table, engine.match_table],
                )
                buffers, documents, matches = cursor.fetchone()
            self.stdout.write(
                f"shared_buffers {buffers}, document table {documents}, "
                f"{engine.match_table} with its indexes {matches}"
            )
        header = f"{'query':<18}{'results':>9}{'research':>18}{'repeated':>18}{'wagtail':>18}"
        if connection.vendor == "postgresql":
            header += f"{'raw tsquery':>18}{'count matches':>18}"
        self.stdout.write(header)
        for label, params in QUERIES:
            self._row(label, params, engine, repeat)

    def _row(self, label, params, engine, repeat):
        query = parse_request(QueryDict(params))
        results = engine.search(query)  # also fills the cache for "repeated"
        research = _timed(lambda: engine.search(query, cached=False), repeat)
        repeated = _timed(lambda: engine.search(query), repeat)
        line = f"{label:<18}{results.count:>9}{research[0]:>10.1f} /{research[1]:>6.1f}"
        line += f"{repeated[0]:>10.1f} /{repeated[1]:>6.1f}"
        words = " ".join(" ".join(term.words) for term in query.terms)
        if words:
            # Wagtail's database search over the same stories, first page of results.
            def wagtail():
                return list(StoryPage.objects.live().search(words)[:20])

            wagtail_times = _timed(wagtail, repeat)
            line += f"{wagtail_times[0]:>10.1f} /{wagtail_times[1]:>6.1f}"
        else:
            line += f"{'—':>18}"
        if connection.vendor == "postgresql" and words:
            raw = _timed(
                lambda: self._raw_tsquery(engine.match_table, websearch_text(query.terms)), repeat
            )
            line += f"{raw[0]:>10.1f} /{raw[1]:>6.1f}"
            counted = _timed(lambda: self._count_matches(engine, query), repeat)
            line += f"{counted[0]:>10.1f} /{counted[1]:>6.1f}"
        self.stdout.write(line)

    @staticmethod
    def _count_matches(engine, query):
        # What any exact count or facet must pay at least: reading every visible match once
        # (the same SQL the search starts from), unranked, nothing else.
        sql, params = engine.match_sql(query, ranked=False)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) matches", params)
            return cursor.fetchone()

    @staticmethod
    def _raw_tsquery(table, text):
        # The floor: the same GIN index and the same two languages, ranked, first 20 ids;
        # no visibility, filters, facets, counts or snippets.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM ("
                "SELECT id, ts_rank(search_vector, websearch_to_tsquery('research_english', %s))"
                f" AS rank FROM {table} WHERE language = 'en' AND search_vector @@ "
                "websearch_to_tsquery('research_english', %s) UNION ALL "
                "SELECT id, ts_rank(search_vector, websearch_to_tsquery('research_spanish', %s))"
                f" FROM {table} WHERE language = 'es' AND search_vector @@ "
                "websearch_to_tsquery('research_spanish', %s)) matches ORDER BY rank DESC LIMIT 20",
                [text, text, text, text],
            )
            return cursor.fetchall()
