"""Segment search on PostgreSQL (issue 18): p50/p95 of the research search with thousands of
hours of recorded testimonies indexed beside the stories, searching recording segments
(kind=segment), stories (kind=story) and everything, side by side in the same run.

Usage (PostgreSQL only; DATABASE_URL names the database, which it writes to):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/memoria_bench \\
        .venv/bin/python benchmarks/segment_search.py [--hours 10000] [--stories N]
                                                      [--repeat 10] [--seed 1]
                                                      [--regenerate | --drop]

Stories: those the database holds (`manage.py generate_corpus --stories 100000 --seed 1`
writes 100,000 in about 45 minutes), or --stories N adds what is missing with the same
generator. Stories not yet in the research index are indexed first.

Segments: --hours of synthetic transcripts (benchmarks/transcript_words.py: English and
Spanish, Zipf-like word frequencies, the archive's themes), cut into recordings of
--recording-minutes and segments of --segment-minutes, spoken at --wpm words a minute, each
recording given to a story drawn at random. A segment's transcript is in its story's
original language; --translated of them also have the translation (same times). Each
segment has its index (title, synopsis, keywords) in both languages, so it has a document
in each, as editors write them.

How the synthetic segments reach the index: each is built in memory as the archive's own
objects (a Recording with its Segments and their themes, its transcript lines where
prefetch_related("cues") leaves them), never saved, and handed to
memoria.segment_search.segment_documents, the function the indexer calls for a segment (the
story's address is asked once per language); the documents are written by the database
engine's replace_records, the indexer's own write (search.engines.database_rows: the
document rows, whose generated tsvector column uses the same research_english /
research_spanish configurations, research_match by its triggers, facet profiles, theme and
place links). The rows are therefore the ones the indexer would write for the same
segments, in bulk. Only the Segment, Recording and TranscriptCue rows are missing: record
ids start at 10^12, so they collide with nothing; `check_research_index` reports them as
extra and `rebuild_research_index` removes them (as does --drop). Without --regenerate,
segments already written (as many as asked for) are reused.

Searches: a fixed list of common, theme, rare and phrase queries in both languages, each
asked through the research search's entry point, as /search/ does (search.query.
parse_request, then search.engines.search), with kind=story, kind=segment and no kind, in
turn, --repeat times. Every answer is a first ask: the research-search result cache is a
dummy cache for the run. When the segments are written in this run, the story searches are
also timed before they are (the "before" column).
"""

import argparse
import math
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings.dev")
os.environ["DEBUG"] = "0"  # DEBUG's query log would keep every transcript it writes
os.environ["ELASTICSEARCH_URL"] = ""  # the database's own search is what is measured

import transcript_words  # noqa: E402 (after the path it is found on)
from django.utils import translation  # noqa: E402

KIND = "segment"  # memoria.segment_search.KIND
FIRST_ID = 10**12  # synthetic segments' and recordings' ids start here
RECORDINGS_PER_BATCH = 20
# (class, language, what the researcher types)
QUERIES = [
    ("common", "en", "people"),
    ("common", "es", "gente"),
    ("common", "en", "community"),
    ("common", "es", "comunidad"),
    ("theme", "en", "water"),
    ("theme", "es", "agua"),
    ("theme", "en", "mining"),
    ("theme", "es", "migración"),
    ("rare", "en", "cyanide"),
    ("rare", "es", "cianuro"),
    ("rare", "en", "mimeograph"),
    ("rare", "es", "mimeografo"),  # typed without its accent
    ("phrase", "en", '"water committee"'),
    ("phrase", "es", '"comité de agua"'),
]
KINDS = [("story", "kind=story"), ("segment", f"kind={KIND}"), ("all kinds", "")]


# --- Stories -----------------------------------------------------------------------------------
def ensure_stories(wanted, seed):
    """Live stories (generating those missing up to `wanted`), all in the research index."""
    from django.core.management import call_command

    from search import indexing
    from search.models import SearchDocument
    from stories.models import StoryPage

    live = StoryPage.objects.live().count()
    if wanted and live < wanted:
        print(f"Generating {wanted - live} stories (generate_corpus)…", file=sys.stderr)
        call_command("generate_corpus", stories=wanted - live, seed=seed, stdout=sys.stderr)
    ids = set(StoryPage.objects.live().values_list("pk", flat=True))
    if not ids:
        sys.exit(
            "The database holds no stories. Run `manage.py generate_corpus --stories 100000 "
            "--seed 1` first (about 45 minutes at 100,000), or pass --stories N."
        )
    indexed = set(SearchDocument.objects.filter(kind="story").values_list("record_id", flat=True))
    missing = sorted(ids - indexed)
    if missing:
        from tqdm import tqdm

        with tqdm(total=len(missing), desc="indexing stories", unit="story") as bar:
            for start in range(0, len(missing), 500):
                batch = missing[start : start + 500]
                indexing.reindex("story", batch)
                bar.update(len(batch))
    return len(ids)


# --- Synthetic segments ---------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    """A transcript line as Recording.cues_in and Segment.cues_within read a TranscriptCue
    (its language, times and text): 20,000 model instances per 20 hours cost more than
    writing them to the index."""

    language: str
    start: float
    end: float
    text: str


def remember_urls(story):
    """The story's get_url, asked once per language: a segment's document asks it for every
    segment, and each answer costs a query."""
    ask, known = story.get_url, {}

    def get_url(*args, **kwargs):
        language = translation.get_language()
        if language not in known:
            known[language] = ask(*args, **kwargs)
        return known[language]

    story.get_url = get_url
    return story


def synthetic_segments():
    from search.models import SearchDocument

    return SearchDocument.objects.filter(kind=KIND, record_id__gte=FIRST_ID)


def drop_segments():
    """Delete the synthetic segments' documents and their theme and place links (their
    research_match rows go with them, by its triggers); returns how many documents."""
    from django.db import connection, transaction

    from search import indexing
    from search.models import DocumentPlace, DocumentTheme, SearchDocument

    # In SQL: QuerySet.delete() would first read every document, transcripts included.
    documents = SearchDocument._meta.db_table
    chosen = f"FROM {documents} WHERE kind = %s AND record_id >= %s"
    with transaction.atomic(), connection.cursor() as cursor:
        for model in (DocumentTheme, DocumentPlace):
            cursor.execute(
                f"DELETE FROM {model._meta.db_table} WHERE document_id IN (SELECT id {chosen})",
                [KIND, FIRST_ID],
            )
        cursor.execute(f"DELETE {chosen}", [KIND, FIRST_ID])
        deleted = cursor.rowcount
    indexing._refresh_statistics()  # as a rebuild ends: fresh statistics, pages reclaimed
    return deleted


class SegmentWriter:
    """Builds each synthetic recording as the archive's objects and indexes its segments
    with the indexer's own functions."""

    def __init__(self, args):
        from archive.models import Theme
        from archive.visibility import story_windows
        from stories.models import StoryPage

        self.args = args
        self.vocabulary = transcript_words.Vocabulary()
        self.themes = {theme.slug: theme for theme in Theme.objects.all()}
        self.topics = sorted(set(transcript_words.TOPICS) & set(self.themes))
        self.windows = story_windows(StoryPage.objects.live().values_list("pk", flat=True))
        self.story_ids = sorted(self.windows)
        self.per_recording = transcript_words.segments_per_recording(
            args.recording_minutes, args.segment_minutes
        )

    def recordings(self, segments):
        return math.ceil(segments / self.per_recording)

    def write(self, first, count, total_segments):
        """Recordings number `first` to `first + count - 1`; returns (documents, words)."""
        from memoria.segment_search import segment_documents
        from search.engines import database_engine
        from stories.models import StoryPage

        plans = [self._plan(number) for number in range(first, first + count)]
        stories = StoryPage.objects.filter(pk__in={story for story, _ in plans})
        stories = {
            story.pk: remember_urls(story)
            for story in stories.prefetch_related("themes", "places", "narrators")
        }
        documents, ids = [], []
        for number, (story_id, rng) in zip(range(first, first + count), plans, strict=True):
            story = stories[story_id]
            for segment in self._recording(number, story, rng, total_segments):
                ids.append(segment.pk)
                documents += segment_documents(segment, story, self.windows[story_id])
        database_engine().replace_records(KIND, ids, documents)
        return len(documents), sum(len(document.text.split()) for document in documents)

    def _plan(self, number):
        """(story id, random generator) of recording `number`: the same whatever the batch."""
        rng = random.Random(f"memoria-segments:{self.args.seed}:{number}")
        return rng.choice(self.story_ids), rng

    def _recording(self, number, story, rng, total_segments):
        """The recording's Segments, in memory, with their recording and transcript lines."""
        from recordings.models import Recording, Segment, TranscriptCue

        args = self.args
        spoken = story.original_language
        translated = rng.random() < args.translated
        languages = [spoken, *(["es" if spoken == "en" else "en"] if translated else [])]
        topics = [theme.slug for theme in story.themes.all() if theme.slug in self.topics]
        topics = topics or self.topics
        first_segment = number * self.per_recording
        count = min(self.per_recording, total_segments - first_segment)
        recording = Recording(
            pk=FIRST_ID + number, story=story, duration=count * args.segment_minutes * 60
        )
        segments, cues = [], []
        for part in range(count):
            # Mostly on one of the story's themes, sometimes on another.
            topic = rng.choice(topics if rng.random() < 0.7 else self.topics)
            made = self.vocabulary.segment(
                rng, part * args.segment_minutes * 60, args.segment_minutes, args.wpm, topic
            )
            segment = Segment(
                pk=FIRST_ID + first_segment + part,
                start=made.start,
                **{
                    f"{field}_{language}": getattr(made, field)[language]
                    for field in ("title", "synopsis", "keywords")
                    for language in ("en", "es")
                },
            )
            segment.themes.set([self.themes[topic]])
            segment.places.set([])  # its story's places are enough (held in memory: no query)
            segments.append(segment)
            for language in languages:
                cues += [
                    Line(language, start, end, texts[language]) for start, end, texts in made.cues
                ]
        recording.segments = segments  # modelcluster keeps them in memory
        # Where prefetch_related("cues") leaves a recording's lines: Recording.cues_in reads
        # them from here.
        loaded = TranscriptCue.objects.all()
        loaded._result_cache, loaded._prefetch_done = cues, True
        recording._prefetched_objects_cache = {"cues": loaded}
        return segments


def write_segments(args, wanted):
    """Write `wanted` synthetic segments with a progress bar, then vacuum and analyse."""
    from tqdm import tqdm

    from search import indexing

    writer = SegmentWriter(args)
    recordings = writer.recordings(wanted)
    started, documents, words = time.perf_counter(), 0, 0
    with tqdm(total=round(args.hours), desc="writing segments", unit="h") as bar:
        for first in range(0, recordings, RECORDINGS_PER_BATCH):
            count = min(RECORDINGS_PER_BATCH, recordings - first)
            written, said = writer.write(first, count, wanted)
            documents, words = documents + written, words + said
            hours = min(args.hours, (first + count) * args.recording_minutes / 60)
            bar.update(round(hours) - bar.n)
    seconds = time.perf_counter() - started
    print(
        f"Wrote {wanted:,} segments ({recordings:,} recordings): {documents:,} documents, "
        f"{words / 1e6:.1f} million words, in {seconds:.0f} s; vacuuming…",
        file=sys.stderr,
    )
    indexing._refresh_statistics()  # as a rebuild ends: fresh statistics, pages all-visible


# --- Searching ---------------------------------------------------------------------------------
def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def time_searches(kinds, repeat, desc):
    """{(query, kind label): ([ms, …], results)}: each query asked through the research
    search's entry point, the kinds in turn, `repeat` rounds."""
    from django.conf import settings
    from django.http import QueryDict
    from django.test.utils import override_settings
    from tqdm import tqdm

    from search import engines
    from search.query import parse_request

    timings = {}
    caches = {**settings.CACHES}
    caches["research-search"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    with (
        override_settings(CACHES=caches),
        tqdm(total=repeat * len(QUERIES) * len(kinds), desc=desc, unit="search") as bar,
    ):
        for number in range(repeat + 1):  # the first round warms up, uncounted
            for _class, _language, text in QUERIES:
                for label, params in kinds:
                    query_string = QueryDict(mutable=True)
                    query_string["q"] = text
                    query_string.update(QueryDict(params))
                    started = time.perf_counter()
                    results = engines.search(parse_request(query_string))
                    elapsed = (time.perf_counter() - started) * 1000
                    if number:
                        found = timings.setdefault((text, label), ([], results.count))
                        found[0].append(elapsed)
                        bar.update()
    return timings


# --- Report ------------------------------------------------------------------------------------
def database_figures():
    from django.db import connection

    from search.engines.postgres import PostgresEngine
    from search.models import SearchDocument

    with connection.cursor() as cursor:
        cursor.execute(
            # octet_length reads a TOASTed text's size without reading the text.
            "SELECT kind, COUNT(*), COUNT(DISTINCT record_id), AVG(octet_length(text)) "
            f"FROM {SearchDocument._meta.db_table} GROUP BY kind ORDER BY kind"
        )
        kinds = cursor.fetchall()
        cursor.execute(
            "SELECT pg_size_pretty(pg_database_size(current_database())), "
            "current_setting('shared_buffers'), "
            "pg_size_pretty(pg_total_relation_size(%s)), "
            "(SELECT pg_size_pretty(SUM(pg_total_relation_size(relid))) "
            "FROM pg_partition_tree(%s))",
            [SearchDocument._meta.db_table, PostgresEngine.match_table],
        )
        sizes = cursor.fetchone()
    return kinds, sizes


def print_report(args, stories, timings, before):
    kinds, (database, buffers, documents, matches) = database_figures()
    print(
        f"\nResearch search on PostgreSQL: {stories:,} live stories and {args.hours:g} hours of "
        f"synthetic transcripts\n({args.segment_minutes:g}-minute segments, {args.wpm} words a "
        f"minute, {args.translated:.0%} translated); {args.repeat} timed runs of each search, "
        "every one a first ask."
    )
    print(f"\n  {'kind':<10}{'documents':>12}{'records':>12}{'text KB per document':>24}")
    for kind, count, records, size in kinds:
        print(f"  {kind:<10}{count:>12,}{records:>12,}{float(size or 0) / 1000:>24.1f}")
    print(
        f"  database {database}; research_searchdocument with TOAST and indexes {documents}; "
        f"research_match\n  (all partitions, with indexes) {matches}; shared_buffers {buffers}"
    )
    labels = [label for label, _ in KINDS]
    print(
        f"\n  {'':<30}"
        + "".join(f"{label:^25}" for label in labels)
        + (f"{'story, before':^16}" if before else "")
    )
    print(
        f"  {'query':<21}{'class':<9}"
        + f"{'results':>9}{'p50 ms':>8}{'p95':>8}" * len(labels)
        + (f"{'p50 ms':>8}{'p95':>8}" if before else "")
    )
    for query_class, _language, text in QUERIES:
        line = f"  {text:<21}{query_class:<9}"
        for label in labels:
            times, count = timings[(text, label)]
            line += f"{count:>9,}{statistics.median(times):>8.1f}{_percentile(times, 0.95):>8.1f}"
        if before:
            times, _count = before[(text, "story")]
            line += f"{statistics.median(times):>8.1f}{_percentile(times, 0.95):>8.1f}"
        print(line)
    print(f"  {'all queries of a class':<30}")
    for query_class in dict.fromkeys(query_class for query_class, _, _ in QUERIES):
        line = f"  {query_class:<30}"
        for label in [*labels, *(["before"] if before else [])]:
            found = before if label == "before" else timings
            key = "story" if label == "before" else label
            times = [
                ms for c, _, text in QUERIES if c == query_class for ms in found[(text, key)][0]
            ]
            cell = f"{statistics.median(times):>8.1f}{_percentile(times, 0.95):>8.1f}"
            line += cell if label == "before" else f"{'':>9}{cell}"
        print(line)
    print(
        "\n  ms: parse_request + search.engines.search, what /search/ calls: the count, every "
        "facet,\n  the first page of 20 hits with their snippets. 'results' counts records "
        "(one per segment or story)."
    )


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--hours", type=float, default=10000, help="hours of transcripts")
    parser.add_argument(
        "--stories",
        type=int,
        default=0,
        help="generate stories up to this many (default: use the database's)",
    )
    parser.add_argument("--repeat", type=int, default=10, help="timed runs of each search")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--segment-minutes", type=float, default=10)
    parser.add_argument("--recording-minutes", type=float, default=60)
    parser.add_argument("--wpm", type=int, default=150, help="words spoken a minute")
    parser.add_argument(
        "--translated", type=float, default=0.5, help="share of segments also translated"
    )
    parser.add_argument(
        "--regenerate", action="store_true", help="write the synthetic segments again"
    )
    parser.add_argument(
        "--drop", action="store_true", help="remove the synthetic segments and stop"
    )
    args = parser.parse_args()
    if args.hours <= 0 or args.repeat < 1 or not 0 <= args.translated <= 1:
        parser.error("--hours and --repeat must be positive, --translated between 0 and 1")
    return args


def main():
    args = parse_args()
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit(
            "This benchmark measures PostgreSQL: set DATABASE_URL, e.g. "
            "postgres://postgres@127.0.0.1:5432/memoria_bench (after manage.py migrate)."
        )
    if "research_match" not in connection.introspection.table_names():
        sys.exit("The database has no research index tables: run `manage.py migrate` first.")
    if args.drop:
        print(f"Removed {drop_segments():,} synthetic segment documents.")
        return
    stories = ensure_stories(args.stories, args.seed)
    wanted = round(args.hours * 60 / args.segment_minutes)
    held = synthetic_segments().values("record_id").distinct().count()
    before = None
    if held == wanted and not args.regenerate:
        print(f"Reusing the {held:,} synthetic segments in the index.", file=sys.stderr)
    else:
        if held:
            print(f"Removing {held:,} synthetic segments…", file=sys.stderr)
            drop_segments()
        before = time_searches(KINDS[:1], args.repeat, "story searches, before segments")
        write_segments(args, wanted)
    timings = time_searches(KINDS, args.repeat, "searches")
    print_report(args, stories, timings, before)


if __name__ == "__main__":
    main()
