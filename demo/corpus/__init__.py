"""A reproducible synthetic corpus of stories for benchmarks (`manage.py generate_corpus`).

Every generated story is a normal, published StoryPage: English and Spanish text, one or two
themes, places and narrators (all with public consent, so archive.visibility shows them),
a fuzzy historical date between 1980 and 2026, one revision that is both the latest and the
live one, and an entry in Wagtail's search index. It is marked `is_sample` (the site labels
it "Sample") and its summary and body say "Synthetic corpus story" / "Relato sintético del
corpus", so nobody mistakes it for a testimony.

Reproducible: story number k of seed S is drawn from its own `random.Random("S:k")`, so it
is the same whatever the batch size and whatever else is in the database. Numbers continue
per seed under one story index: a second run with the same seed adds stories k = N+1..2N
next to the first N, with different text and no slug or path collisions.

Why a bulk path
---------------
`Page.add_child()` costs about 65 ms a page (treebeard locks and re-reads the parent, Wagtail
runs full_clean, builds url paths, writes log entries, the reference index and the search
index one row at a time) and Django's `bulk_create()` refuses multi-table-inherited models
such as StoryPage. Ten thousand stories would take over ten minutes that way. So this
module writes the same rows a normal `add_child()` + `save_revision().publish()` writes,
one batch at a time, each batch in its own transaction (an interrupted run leaves a
consistent tree):

1. Tree paths. Treebeard's materialised path: a child's path is its parent's path plus a
   4-character base-36 step (Page.steplen, Page.alphabet). We read the index's last child
   once and count up from there; depth is the index's + 1, numchild 0.
2. `wagtailcore_page` rows: `Page.objects.bulk_create()` is allowed (Page itself is not
   inherited) and we hand it StoryPage instances: Django inserts only Page's columns and,
   on PostgreSQL and SQLite >= 3.35, returns the new ids (we fall back to looking them up
   by path otherwise). Each row carries what Wagtail would have written: content_type =
   StoryPage, both languages' title/slug/url_path (django-modeltranslation's *_en / *_es
   columns, plus the untranslated column holding the default language, as a normal save
   does), draft_title, locale (the index's), translation_key, live=True,
   has_unpublished_changes=False, first/last_published_at, latest_revision_created_at.
3. `stories_storypage` rows: with page_ptr_id = the new id, `_batched_insert()` (the
   private helper bulk_create itself uses, batching to the database's parameter limit)
   inserts exactly StoryPage's local concrete columns.
4. Many-to-many rows (themes, places, narrators) through their through-models'
   bulk_create().
5. Revisions: one per page, with the same content `page.serializable_data()` produces
   (fields + child relations + m2m ids, built from memory instead of one query per
   relation), bulk-created; then the pages' latest_revision / live_revision point at them
   (one bulk_update per batch). Publishing, unpublishing, comparing and reverting in the
   admin then work as for any page.
6. Search: `backend.add_bulk(StoryPage, pages)` for each auto-updating Wagtail search
   backend (modelsearch's database backend writes one multi-row INSERT per call).
7. The index's numchild goes up by the batch size, in the same transaction.

Not written, on purpose: PageLogEntry history rows ("created"/"published" in the page's
History tab) and ReferenceIndex rows (synthetic bodies reference no images or documents).
No signals are sent (page_published etc.): whoever keeps a copy of the stories elsewhere
(the research index) rebuilds it with its own command afterwards.

Speed: about 10,000 stories a minute on SQLite, a little more than half that on PostgreSQL
(most of the rest is the search index). With DEBUG on, Django's debug cursor also renders
every statement's SQL for its query log; with DEBUG off that time is saved.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import reset_queries
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from demo.corpus.specs import story_spec
from demo.corpus.texts import ensure_vocabulary
from demo.corpus.writer import BatchWriter, CorpusError

__all__ = ["DEFAULT_BATCH_SIZE", "CorpusError", "CorpusResult", "generate_corpus"]

DEFAULT_BATCH_SIZE = 500


@dataclass
class CorpusResult:
    created: int
    first_number: int
    last_number: int
    page_ids: list


def generate_corpus(
    count,
    seed,
    *,
    index,
    batch_size=DEFAULT_BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
    now=None,
):
    """Add `count` synthetic stories of `seed` under the StoryIndexPage `index`.

    `progress(n)` is called after each batch with the number of stories just written.
    Returns a CorpusResult (how many, which story numbers, the new page ids).
    """
    if count < 1:
        raise CorpusError(_("The number of stories must be at least 1."))
    if batch_size < 1:
        raise CorpusError(_("The batch size must be at least 1."))
    # The untranslated columns (title, slug, url_path, summary, body) hold the default
    # language, as they do after a normal save; search indexes in that language too.
    with translation.override(settings.LANGUAGE_CODE):
        vocabulary = ensure_vocabulary()
        writer = BatchWriter(index, seed, count, now or timezone.now())
        first = writer.next_number
        page_ids = []
        for start in range(first, first + count, batch_size):
            numbers = range(start, min(start + batch_size, first + count))
            specs = [story_spec(seed, number, vocabulary) for number in numbers]
            page_ids.extend(page.pk for page in writer.write(specs))
            # With DEBUG on, Django keeps the full SQL of the last 9,000 statements; ours
            # carry whole batches of text (over 2 GB for 100,000 stories). Drop them.
            reset_queries()
            if progress:
                progress(len(specs))
    return CorpusResult(count, first, first + count - 1, page_ids)
