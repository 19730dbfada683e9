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

import copy
import random
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import reset_queries, transaction
from django.db.models import CharField, F, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from modelcluster.models import (
    get_all_child_m2m_relations,
    get_all_child_relations,
    get_serializable_data_for_fields,
)
from wagtail.fields import StreamField
from wagtail.models import Page, Revision
from wagtail.search import index as search_index
from wagtail.search.backends import get_search_backends

from archive import demo_content
from archive.models import ConsentScope, Narrator, Place, Precision, Theme
from archive.vocabulary import ensure_place, seed_themes

DEFAULT_BATCH_SIZE = 500
FIRST_YEAR, LAST_YEAR = 1980, 2026


class CorpusError(Exception):
    """The corpus cannot be generated (bad arguments or no room in the tree)."""


# --- Word lists -------------------------------------------------------------------------
# Subjects per theme, as (English, Spanish) noun phrases with their article.
SUBJECTS = {
    "migration": [
        ("the long road north", "el largo camino al norte"),
        ("the letters from Los Angeles", "las cartas desde Los Ángeles"),
        ("the family that stayed behind", "la familia que se quedó"),
        ("the remittances", "las remesas"),
        ("the return home", "el regreso a casa"),
        ("the border crossing", "el cruce de la frontera"),
    ],
    "water": [
        ("the spring above the village", "el manantial sobre el pueblo"),
        ("the water committee", "el comité de agua"),
        ("the new well", "el pozo nuevo"),
        ("the Sumpul river", "el río Sumpul"),
        ("the long drought", "la larga sequía"),
        ("the rainwater tanks", "los tanques de agua lluvia"),
    ],
    "mining": [
        ("the ban on metal mining", "la prohibición de la minería metálica"),
        ("the gold mine on the hill", "la mina de oro del cerro"),
        ("the community consultation", "la consulta comunitaria"),
        ("the defenders of the river", "los defensores del río"),
        ("the exploration permits", "los permisos de exploración"),
    ],
    "historical-memory": [
        ("the repopulation", "la repoblación"),
        ("the guinda through the hills", "la guinda por los cerros"),
        ("the refugee camp at Mesa Grande", "el campamento de refugiados de Mesa Grande"),
        ("the peace accords", "los acuerdos de paz"),
        ("the names of the disappeared", "los nombres de los desaparecidos"),
        ("the anniversary mass", "la misa de aniversario"),
    ],
    "scholarships-education": [
        ("the scholarship programme", "el programa de becas"),
        ("the popular school", "la escuela popular"),
        ("the first university graduates", "los primeros graduados universitarios"),
        ("the literacy circle", "el círculo de alfabetización"),
        ("the teachers' training", "la formación de maestros"),
    ],
    "delegations": [
        ("the first delegation", "la primera delegación"),
        ("the sister-city visit", "la visita de la ciudad hermana"),
        ("the accompaniment during the elections", "el acompañamiento durante las elecciones"),
        ("the friendship committee", "el comité de amistad"),
        ("the shared meal", "la comida compartida"),
    ],
}
# Water and mining are sub-themes of this one; a story about them sometimes names it too.
ENVIRONMENT = "environment-climate"

TITLES = [
    ("{Subject} in {place}, {year}", "{Subject} en {place}, {year}"),
    ("Remembering {subject}", "Recordando {subject}"),
    ("What {subject} taught us", "Lo que nos enseñó {subject}"),
    ("{narrator} on {subject}", "{narrator} habla de {subject}"),
    ("{Subject}: a testimony from {place}", "{Subject}: un testimonio de {place}"),
]
SENTENCES = [
    (
        "We still talk about {subject} in {place}.",
        "Todavía hablamos de {subject} en {place}.",
    ),
    (
        "{narrator} remembers {subject} as if it were yesterday.",
        "{narrator} recuerda {subject} como si fuera ayer.",
    ),
    (
        "Nobody in {place} had prepared us for {subject}.",
        "Nadie en {place} nos había preparado para {subject}.",
    ),
    (
        "The committee met every Sunday to talk about {subject}.",
        "El comité se reunía cada domingo para hablar de {subject}.",
    ),
    (
        "Our sister city followed {subject} closely from the north.",
        "Nuestra ciudad hermana siguió de cerca {subject} desde el norte.",
    ),
    (
        "The young people asked us to write down {subject}.",
        "Los jóvenes nos pidieron que escribiéramos sobre {subject}.",
    ),
    (
        "Those years taught us that memory is also a way of organising.",
        "Esos años nos enseñaron que la memoria también es una forma de organizarse.",
    ),
    (
        "The photographs of {subject} are kept in the community house.",
        "Las fotografías de {subject} se guardan en la casa comunal.",
    ),
    ("We tell it so that it is not forgotten.", "Lo contamos para que no se olvide."),
    (
        "By {later}, {place} had changed, but {subject} was still with us.",
        "Para {later}, {place} había cambiado, pero {subject} seguía con nosotros.",
    ),
    (
        "In {year} the whole community walked together to {place}.",
        "En {year} toda la comunidad caminó junta hasta {place}.",
    ),
]
QUOTES = [
    ("Water is life.", "El agua es vida."),
    ("Without memory there is no future.", "Sin memoria no hay futuro."),
    ("We were never alone.", "Nunca estuvimos solos."),
    ("They came to listen, and they stayed.", "Vinieron a escuchar y se quedaron."),
    ("Studying was our way of rebuilding.", "Estudiar fue nuestra manera de reconstruir."),
]
# Places beyond the demo's own (whose slugs and names the corpus reuses).
EXTRA_PLACES = [
    ("suchitoto", "Suchitoto", "Suchitoto", "SV", "Cuscatlán"),
    ("cinquera", "Cinquera", "Cinquera", "SV", "Cabañas"),
    ("guarjila", "Guarjila", "Guarjila", "SV", "Chalatenango"),
    ("cambridge-ma", "Cambridge", "Cambridge", "US", "Massachusetts"),
    ("berkeley", "Berkeley", "Berkeley", "US", "California"),
]
NARRATOR_COUNT = 24
NARRATOR_PREFIX = "Synthetic narrator"


# --- Vocabulary -------------------------------------------------------------------------
@dataclass
class Vocabulary:
    themes: dict  # slug -> Theme
    places: list  # Place, in slug order
    narrators: list  # Narrator, in pseudonym order


def ensure_vocabulary():
    """Themes, places and public-consent narrators the corpus draws from (created once)."""
    themes = seed_themes(Theme)
    # The demo's places exactly as load_demo creates them (either may run first).
    for slug, name_en, name_es, country, region, latitude, longitude in demo_content.PLACES:
        ensure_place(slug, name_en, name_es, country, region, Decimal(latitude), Decimal(longitude))
    for row in EXTRA_PLACES:
        ensure_place(*row)
    rows = list(demo_content.PLACES) + EXTRA_PLACES
    places = list(Place.objects.filter(slug__in=[row[0] for row in rows]).order_by("slug"))
    communities = [place for place in places if place.country == "SV"]
    today = timezone.localdate()
    narrators = []
    for number in range(1, NARRATOR_COUNT + 1):
        narrator, _created = Narrator.objects.get_or_create(
            pseudonym=f"{NARRATOR_PREFIX} {number:02d}",
            defaults={
                "is_collective": number % 6 == 0,
                "community": communities[number % len(communities)],
                "consent_scope": ConsentScope.PUBLIC,
                "consent_date": today,
            },
        )
        narrators.append(narrator)
    return Vocabulary(themes=themes, places=places, narrators=narrators)


# --- One story's content (pure: depends only on seed, number and vocabulary) -------------
@dataclass
class StorySpec:
    number: int
    fields: dict  # StoryPage field values, both languages
    themes: list = field(default_factory=list)
    places: list = field(default_factory=list)
    narrators: list = field(default_factory=list)


def _spanish(text):
    # The word lists keep their article ("el río"); Spanish contracts "de el" and "a el".
    return text.replace(" de el ", " del ").replace(" a el ", " al ")


def _fill(template, values):
    subject = values["subject"]
    return template.format(Subject=subject[:1].upper() + subject[1:], **values)


def _block_id(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _historical_date(rng):
    """Date fields of HistoricalDateFields: mostly years, some months, days, decades, spans."""
    year = rng.randint(FIRST_YEAR, LAST_YEAR)
    dates = {"date_year": year, "date_precision": Precision.YEAR, "date_circa": False}
    kind = rng.random()
    if kind < 0.45:
        dates["date_circa"] = rng.random() < 0.2
    elif kind < 0.65:
        dates.update(date_precision=Precision.MONTH, date_month=rng.randint(1, 12))
    elif kind < 0.80:
        dates.update(
            date_precision=Precision.DAY, date_month=rng.randint(1, 12), date_day=rng.randint(1, 28)
        )
    elif kind < 0.90:
        dates.update(date_precision=Precision.DECADE, date_year=year - year % 10)
    elif year < LAST_YEAR:
        dates["date_end_year"] = min(year + rng.randint(1, 12), LAST_YEAR)
    return dates


def story_spec(seed, number, vocabulary):
    """Everything about story `number` of `seed`, drawn from its own random.Random."""
    rng = random.Random(f"memoria-corpus:{seed}:{number}")
    theme_slug = rng.choice(sorted(SUBJECTS))
    themes = [vocabulary.themes[theme_slug]]
    if theme_slug in ("water", "mining") and rng.random() < 0.5:
        themes.append(vocabulary.themes[ENVIRONMENT])
    if rng.random() < 0.25:
        other = rng.choice(sorted(set(SUBJECTS) - {theme_slug}))
        themes.append(vocabulary.themes[other])
    places = rng.sample(vocabulary.places, rng.choice((1, 1, 2)))
    narrators = rng.sample(vocabulary.narrators, rng.choice((1, 1, 1, 2)))
    dates = _historical_date(rng)
    year = dates["date_year"]
    subject = rng.choice(SUBJECTS[theme_slug])
    values = {
        language: {
            "subject": subject[index],
            "place": getattr(places[0], f"name_{language}") or places[0].name,
            "narrator": narrators[0].pseudonym,
            "year": year,
            "later": min(year + rng.randint(3, 20), LAST_YEAR),
        }
        for index, language in enumerate(("en", "es"))
    }
    title = rng.choice(TITLES)
    titles = {"en": _fill(title[0], values["en"]), "es": _spanish(_fill(title[1], values["es"]))}
    summaries = {
        "en": f"Synthetic corpus story {number} (seed {seed}): "
        + _fill("{narrator} recalls {subject} in {place}.", values["en"]),
        "es": f"Relato sintético del corpus n.º {number} (semilla {seed}): "
        + _spanish(_fill("{narrator} recuerda {subject} en {place}.", values["es"])),
    }
    paragraphs = []
    for _paragraph in range(rng.randint(3, 5)):
        paragraphs.append(rng.sample(SENTENCES, rng.randint(2, 4)))
    quote = rng.choice(QUOTES) if rng.random() < 0.5 else None
    bodies = {}
    for index, language in enumerate(("en", "es")):
        label = "Synthetic corpus story" if language == "en" else "Relato sintético del corpus"
        blocks = [{"type": "paragraph", "value": f"<p><em>{label}.</em></p>", "id": _block_id(rng)}]
        for sentences in paragraphs:
            text = " ".join(_fill(pair[index], values[language]) for pair in sentences)
            text = escape(_spanish(text) if language == "es" else text)
            blocks.append({"type": "paragraph", "value": f"<p>{text}</p>", "id": _block_id(rng)})
        if quote:
            value = {"quote": quote[index], "attribution": narrators[0].pseudonym}
            blocks.append({"type": "quote", "value": value, "id": _block_id(rng)})
        bodies[language] = blocks

    original = "es" if rng.random() < 0.7 else "en"
    other = "en" if original == "es" else "es"
    translated = rng.random() < 0.85  # else only the original language has text
    fields = {
        **dates,
        "original_language": original,
        f"translation_status_{original}": "original",
        f"translation_status_{other}": "reviewed" if translated else "needed",
        "visibility": "public",
        "is_sample": True,
        "sensitive_content_note": "",
    }
    for language in ("en", "es"):
        # As StoryPage.full_clean does: an untranslated story borrows the original's title
        # (Wagtail needs one in the default language); its summary and body stay empty, so
        # readers get the "shown in the original" notice.
        has_text = language == original or translated
        source = language if has_text else original
        fields[f"title_{language}"] = titles[source]
        fields[f"summary_{language}"] = summaries[language] if has_text else None
        fields[f"body_{language}"] = bodies[language] if has_text else None
    suffix = f"s{seed}-{number}"
    for language in ("en", "es"):
        fields[f"slug_{language}"] = f"{slugify(fields[f'title_{language}'])[:80]}-{suffix}"
    return StorySpec(number, fields, themes, places, narrators)


# --- Writing ----------------------------------------------------------------------------
@dataclass
class CorpusResult:
    created: int
    first_number: int
    last_number: int
    page_ids: list


class _Writer:
    """Writes batches of stories under one index (see the module docstring, steps 1-7)."""

    def __init__(self, index, seed, count, now):
        from stories.models import StoryPage

        self.model = StoryPage
        self.index = Page.objects.get(pk=index.pk)  # fresh path, depth, numchild, url paths
        self.seed = seed
        self.now = now
        self.count = count
        self.written = 0
        self.story_type = ContentType.objects.get_for_model(StoryPage)
        self.page_type = ContentType.objects.get_for_model(Page)
        self.story_columns = [f for f in StoryPage._meta.local_concrete_fields if not f.generated]
        self.child_relations = [r.get_accessor_name() for r in get_all_child_relations(StoryPage)]
        self.m2m_fields = [f for f in get_all_child_m2m_relations(StoryPage) if f.serialize]
        self.search_backends = list(get_search_backends(with_auto_update=True))
        self.search_fields = StoryPage.get_search_fields()
        self.stream_fields = {
            f.name: f for f in StoryPage._meta.concrete_fields if isinstance(f, StreamField)
        }

        children = Page.objects.filter(path__startswith=self.index.path, depth=self.index.depth + 1)
        last_path = children.order_by("-path").values_list("path", flat=True).first()
        self.next_step = Page._str2int(last_path[-Page.steplen :]) + 1 if last_path else 1
        if self.next_step + count - 1 >= len(Page.alphabet) ** Page.steplen:
            raise CorpusError(
                _("The story index has no room for %(count)s more children.") % {"count": count}
            )
        # Slugs end in "-s<seed>-<number>" in both languages: continue after the highest
        # number of this seed found in either (an editor may have renamed one of them).
        pattern = re.compile(rf"-s{re.escape(str(seed))}-(\d+)$")
        marker = f"-s{seed}-"
        slugs = children.filter(Q(slug_en__contains=marker) | Q(slug_es__contains=marker))
        numbers = [
            int(match[1])
            for pair in slugs.values_list("slug_en", "slug_es")
            for slug in pair
            if slug and (match := pattern.search(slug))
        ]
        self.next_number = max(numbers, default=0) + 1

    def write(self, specs):
        pages = [self._page(spec) for spec in specs]
        with transaction.atomic():
            self._insert_pages(pages)
            self._insert_relations(pages, specs)
            self._insert_revisions(pages, specs)
            self._index_for_search(pages)
            Page.objects.filter(pk=self.index.pk).update(numchild=F("numchild") + len(pages))
        return pages

    def _page(self, spec):
        fields = spec.fields
        path = Page._get_path(self.index.path, self.index.depth + 1, self.next_step)
        self.next_step += 1
        # Publication times one second apart, the last story at `now`: listings ordered by
        # -first_published_at show them in a stable order.
        self.written += 1
        published = self.now - timedelta(seconds=self.count - self.written)
        return self.model(
            content_type_id=self.story_type.pk,
            path=path,
            depth=self.index.depth + 1,
            numchild=0,
            locale_id=self.index.locale_id,
            # Unique per locale across the whole tree (the same seed may fill two indexes),
            # so random as in Wagtail, not drawn from the story's seeded generator.
            translation_key=uuid.uuid4(),
            title=fields["title_en"],
            draft_title=fields["title_en"],
            slug=fields["slug_en"],
            url_path=f"{self.index.url_path_en}{fields['slug_en']}/",
            url_path_en=f"{self.index.url_path_en}{fields['slug_en']}/",
            url_path_es=f"{self.index.url_path_es}{fields['slug_es']}/",
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            latest_revision_created_at=published,
            show_in_menus=False,
            **fields,
        )

    def _insert_pages(self, pages):
        # Step 2: Page's own table. The objects are StoryPages; Page.objects.bulk_create only
        # looks at Page's fields, and since their pk (page_ptr_id) is unset, it inserts them
        # without ids and sets `id` from the database's RETURNING.
        Page.objects.bulk_create(pages)
        if any(page.id is None for page in pages):  # a database that cannot return ids
            ids = dict(
                Page.objects.filter(path__in=[page.path for page in pages]).values_list(
                    "path", "id"
                )
            )
            for page in pages:
                page.id = ids[page.path]
        # Step 3: the child table, only StoryPage's own columns (page_ptr_id first).
        for page in pages:
            page.page_ptr_id = page.id
        self.model._base_manager.all()._batched_insert(pages, self.story_columns, None)

    def _insert_relations(self, pages, specs):
        # Step 4: themes, places, narrators through their auto-created through-models.
        for field_name in ("themes", "places", "narrators"):
            m2m = self.model._meta.get_field(field_name)
            through = m2m.remote_field.through
            source, target = f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"
            through.objects.bulk_create(
                through(**{source: page.pk, target: item.pk})
                for page, spec in zip(pages, specs, strict=True)
                for item in getattr(spec, field_name)
            )

    def _insert_revisions(self, pages, specs):
        # Step 5: what page.serializable_data() would give, without a query per relation:
        # the new pages have no child objects (tags, comments) and we know their m2m ids.
        revisions = []
        for page, spec in zip(pages, specs, strict=True):
            content = get_serializable_data_for_fields(page)
            content.update({name: [] for name in self.child_relations})
            for m2m in self.m2m_fields:
                content[m2m.name] = [item.pk for item in getattr(spec, m2m.name, ())]
            revisions.append(
                Revision(
                    content_type_id=self.story_type.pk,
                    base_content_type_id=self.page_type.pk,
                    object_id=str(page.pk),
                    created_at=page.latest_revision_created_at,
                    object_str=page.title_en,
                    content=content,
                )
            )
        Revision.objects.bulk_create(revisions)
        # Point each page at its revision. One UPDATE with a correlated subquery (through
        # Revision's (base_content_type, object_id) index) is much cheaper than
        # bulk_update()'s CASE WHEN with one branch per page, and needs no returned ids.
        revision = Subquery(
            Revision.objects.filter(
                base_content_type_id=self.page_type.pk,
                object_id=Cast(OuterRef("pk"), CharField()),
            )
            .order_by("-pk")
            .values("pk")[:1]
        )
        Page.objects.filter(pk__in=[page.pk for page in pages]).update(
            latest_revision=revision, live_revision=revision
        )
        for page, saved in zip(pages, revisions, strict=True):
            page.latest_revision_id = page.live_revision_id = saved.pk

    def _index_for_search(self, pages):
        # Step 6. A search backend's indexer asks each object for its search fields and
        # reads every field's value once per index column it fills (title, body,
        # autocomplete, plain-text copies): five times the body StreamFields' text
        # extraction, which parses each rich-text paragraph's HTML. So each page gets
        # copies of its search fields that return values computed once; the indexer sees
        # the same SearchField / AutocompleteField classes, names and boosts as ever.
        # The untranslated `body` returns the very StreamValue of `body_en`, so its text is
        # extracted once per StreamValue too.
        if not self.search_backends:
            return
        for page in pages:
            fields, texts = [], {}
            for search_field in self.search_fields:
                if isinstance(
                    search_field, (search_index.SearchField, search_index.AutocompleteField)
                ):
                    stream_field = self.stream_fields.get(search_field.field_name)
                    if stream_field is None:
                        value = search_field.get_value(page)
                    else:
                        stream = stream_field.value_from_object(page)
                        if id(stream) not in texts:
                            texts[id(stream)] = stream_field.get_searchable_content(stream)
                        value = texts[id(stream)]
                    search_field = copy.copy(search_field)
                    search_field.get_value = lambda obj, value=value: value
                fields.append(search_field)
            page.get_search_fields = lambda fields=fields: fields
        for backend in self.search_backends:
            backend.add_bulk(self.model, pages)


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
        writer = _Writer(index, seed, count, now or timezone.now())
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
