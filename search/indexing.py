"""Keeping the research index in step with the archive.

Writes go through the engines (search.engines): to the database index (`SearchDocument`,
always: it is also the fallback) and, when Elasticsearch is configured, to Elasticsearch
too. Which records are indexed, and as public or members-only, is asked of
archive.visibility and nothing else.
"""

import uuid
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from archive.models import ArchiveImage, HistoricalEvent, Theme
from archive.visibility import image_windows, images_in_stories, story_windows
from search import engines, sources
from search.documents import event_documents, photo_documents, story_documents
from search.models import (
    DocumentPlace,
    DocumentTheme,
    FacetProfile,
    IndexVersion,
    SearchDocument,
)
from stories.models import StoryPage

# A rebuild replaces every document: PostgreSQL can reuse a deleted row's space only once
# VACUUM has seen it, so without one every so often the tables end twice their size.
RECLAIM_EVERY_BATCHES = 20


def documents_for(kind, ids):
    """DocumentData for the records of `kind` among `ids` that may be indexed."""
    ids = list(ids)
    if kind == "story":
        windows = story_windows(ids)
        stories = StoryPage.objects.filter(pk__in=windows).prefetch_related(
            "themes", "places", "narrators"
        )
        return [doc for story in stories for doc in story_documents(story, windows[story.pk])]
    if kind == "photo":
        windows = image_windows(ids)
        images = ArchiveImage.objects.filter(pk__in=windows).select_related("place")
        images = images.prefetch_related("themes")
        return [doc for image in images for doc in photo_documents(image, windows[image.pk])]
    if kind == "event":
        events = HistoricalEvent.objects.filter(pk__in=ids).prefetch_related("themes", "places")
        return [doc for event in events for doc in event_documents(event)]
    if sources.source_of(kind):
        return sources.source_of(kind).documents(ids)
    raise ValueError(f"Unknown kind {kind!r}")


def _record_model(kind):
    return {"story": StoryPage, "photo": ArchiveImage, "event": HistoricalEvent}[kind]


# --- Writing ----------------------------------------------------------------------
def write_documents(kind, record_ids, documents):
    """Replace every document of these records with `documents` (possibly none): in the
    database index, then in Elasticsearch when it is configured (a failure there is
    recorded for /healthz, see search.engines.write_to_elasticsearch)."""
    record_ids = list(record_ids)
    engines.database_engine().replace_records(kind, record_ids, documents)
    engines.write_to_elasticsearch(kind, record_ids, documents)


def reindex(kind, record_ids):
    record_ids = [pk for pk in record_ids if pk is not None]
    if record_ids:
        write_documents(kind, record_ids, documents_for(kind, record_ids))


def reindex_stories(story_ids, photo_ids=()):
    """Stories and the photos they show, plus `photo_ids` (photos they showed before the
    change at hand): a photo's visibility follows its stories, and so does that of the
    records of registered kinds that belong to them (search.sources)."""
    story_ids = list(story_ids)
    reindex("story", story_ids)
    shown = images_in_stories(story_ids).values_list("pk", flat=True)
    reindex("photo", sorted(set(shown) | set(photo_ids)))
    for kind, source in sources.registered().items():
        reindex(kind, source.following_stories(story_ids))


def records_using(model, pk):
    """{kind: ids} of indexed records filed under this theme (or one below it) or place."""
    if model is Theme:
        links = DocumentTheme.objects.filter(theme=pk)
    else:
        links = DocumentPlace.objects.filter(place=pk)
    by_kind = {}
    for kind, record_id in links.values_list("document__kind", "document__record_id").distinct():
        by_kind.setdefault(kind, set()).add(record_id)
    return by_kind


# --- Whole index ------------------------------------------------------------------
def all_record_ids(kind):
    if sources.source_of(kind):
        return sources.source_of(kind).record_ids()
    return _record_model(kind).objects.order_by("pk").values_list("pk", flat=True)


def rebuild(batch_size=500, progress=None, kinds=None, after=None):
    """Re-index every record in batches (memory stays flat), then drop documents of
    records that are gone or hidden. `after` = {kind: last id done} resumes a rebuild.
    `progress(kind, done, total)` is called after each batch."""
    started = timezone.now()
    after = after or {}
    for kind in kinds or sources.all_kinds():
        ids = all_record_ids(kind)
        total = ids.count()
        done = ids.filter(pk__lte=after[kind]).count() if after.get(kind) else 0
        last = after.get(kind) or 0
        batches = 0
        while True:
            batch = list(ids.filter(pk__gt=last)[:batch_size])
            if not batch:
                break
            reindex(kind, batch)
            last = batch[-1]
            done += len(batch)
            batches += 1
            if batches % RECLAIM_EVERY_BATCHES == 0:
                _reclaim_space()
            if progress:
                progress(kind, done, total, last)
        if not after.get(kind):
            # Documents of records deleted while nothing was listening, in every engine.
            left = SearchDocument.objects.filter(kind=kind, indexed_at__lt=started)
            gone = set(left.exclude(record_id__in=ids).values_list("record_id", flat=True))
            if gone:
                write_documents(kind, sorted(gone), [])
    _refresh_statistics()
    return started


def _refresh_statistics():
    # After a bulk load the query planner still believes the tables are empty and will not
    # use the full-text index; fresh statistics fix that at once. On PostgreSQL, VACUUM
    # also marks the rewritten pages all-visible, without which browsing cannot read its
    # index alone (migrations research 0004, 0006); it cannot run inside a transaction.
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            verb = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            cursor.execute(f"{verb} {', '.join(_index_tables(connection))}")
        elif connection.vendor == "sqlite":
            for table in _index_tables(connection):
                cursor.execute(f"ANALYZE {table}")


def _reclaim_space():
    """Let the next batches of a rebuild reuse the space of the documents it replaced
    (PostgreSQL, outside a transaction)."""
    from django.db import connection

    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {', '.join(_index_tables(connection))}")


def _index_tables(connection):
    tables = [
        model._meta.db_table
        for model in (SearchDocument, FacetProfile, DocumentTheme, DocumentPlace)
    ]
    if connection.vendor == "postgresql":
        # Searches read the copy (migration research 0006); this covers its partitions.
        tables.append(_match_table())
    return tables


def stale_and_missing(kinds=None, batch_size=2000, engine=None):
    """Compare what an engine holds (the database's by default) with what it should.
    Yields (problem, key) pairs: "missing" (should be indexed, is not), "stale" (what is
    indexed differs), "extra" (indexed but should not be)."""
    engine = engine or engines.database_engine()
    for kind in kinds or sources.all_kinds():
        ids = list(all_record_ids(kind))
        for start in range(0, len(ids), batch_size):
            batch = ids[start : start + batch_size]
            expected = {doc.key: doc for doc in documents_for(kind, batch)}
            held = engine.held(kind, batch)
            for key, doc in expected.items():
                if key not in held:
                    yield "missing", key
                elif held[key] != engine.as_held(doc):
                    yield "stale", key
            for key in held.keys() - expected.keys():
                yield "extra", key
        for key in engine.orphan_keys(kind, ids):
            yield "extra", key


def match_copy_out_of_step():
    """PostgreSQL: [(document id, key)] of each document whose row in `research_match`,
    the copy searches read (migration research 0006), is missing or differs, and
    (row id, None) of each row there with no document. Its triggers keep the copy in
    step; it drifts only when they are bypassed, as by a data-only restore that
    disables triggers."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    differs = " OR ".join(f"d.{column} IS DISTINCT FROM m.{column}" for column in _match_columns())
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(d.id, m.id), d.key FROM {SearchDocument._meta.db_table} d "
            f"FULL JOIN {_match_table()} m ON m.id = d.id WHERE {differs} ORDER BY 1"
        )
        return cursor.fetchall()


def copy_to_match_table(ids):
    """Write these documents' rows of `research_match` again from the documents."""
    from django.db import connection

    if not ids:
        return
    columns = ", ".join(_match_columns())
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_match_table()} WHERE id = ANY(%s)", [list(ids)])
        cursor.execute(
            f"INSERT INTO {_match_table()} ({columns}) "
            f"SELECT {columns} FROM {SearchDocument._meta.db_table} WHERE id = ANY(%s)",
            [list(ids)],
        )
        # No trigger saw this write: a new version token, so that no answer remembered
        # from the drifted copy is used again (search.result_cache).
        IndexVersion.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


def _match_table():
    from search.engines.postgres import PostgresEngine

    return PostgresEngine.match_table


def _match_columns():
    # Read from the catalogue, so the check follows the table whatever a migration adds.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
            "AND table_schema = current_schema() ORDER BY ordinal_position",
            [_match_table()],
        )
        return [name for (name,) in cursor.fetchall()]


def ids_of(values: Iterable):
    return [value.pk if hasattr(value, "pk") else value for value in values]
