"""Search documents: one per (publicly or members-visible record, language).

Only this module decides what a document says about a record, and only what the visibility
rule (archive.visibility) allows goes into one: the narrator's public name, never a real
name behind a pseudonym; stories and photos a visitor or a member may see, nothing else.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator

from archive.languages import CODES, translated
from archive.models.dates import HistoricalDate
from archive.visibility import stories_public_for_good, stories_showing
from search.query import fold


@dataclass
class DocumentData:
    key: str  # "story:12:en"
    kind: str  # story | photo | event
    record_id: int
    language: str
    title: str
    text: str
    url: str
    narrator: str = ""
    # Theme names in both languages, place names: how a Spanish query reaches an English
    # record on the same theme ("minería" finds a story tagged Mining).
    vocabulary: str = ""
    theme_slugs: list[str] = field(default_factory=list)
    place_slugs: list[str] = field(default_factory=list)
    date: HistoricalDate | None = None
    # From archive.visibility's Window: who may see it (public | members), from which day
    # and until which moment, so embargoes and expiries take effect without a re-index.
    visibility: str = "public"
    not_before: datetime.date | None = None
    not_after: datetime.datetime | None = None
    is_sample: bool = False
    # Every language the record has a document in (this one's included): a search shows
    # one result per record, and counts it under each of its languages.
    record_languages: list[str] = field(default_factory=list)

    @property
    def record(self):
        """The record's key, shared by its documents in each language ("story:12")."""
        return f"{self.kind}:{self.record_id}"

    @property
    def languages(self):
        """The languages the record is written in (this document's alone if not told)."""
        return sorted(self.record_languages or [self.language])

    @property
    def year_from(self):
        return self.date.first_year if self.date else None

    @property
    def year_to(self):
        return self.date.last_year if self.date else None

    @property
    def decade(self):
        """The decade of the first year (1989 -> 1980), for the decade facet."""
        return self.year_from // 10 * 10 if self.year_from is not None else None

    @property
    def sort_key(self):
        """yyyymmdd as a number (0 when undated) for sorting by date."""
        if not self.date:
            return 0
        year, month, day = self.date.sort_key
        return year * 10000 + month * 100 + day


# What an index stores of a document, declared once: each DocumentData field or property
# by its name, with its type in Elasticsearch's mapping (search.engines.elasticsearch).
# The Elasticsearch document holds all of them; the database index (search.engines.database_rows)
# holds those SearchDocument has a column for (`date` in its date_* columns; the slugs
# as links). Both write, compare (check_research_index) and read hits back from this list.
# A new field: its DocumentData attribute, a line here and, to store it in the database
# too, a SearchDocument column with its migration.
STORED_FIELDS = {
    "key": "keyword",
    "kind": "keyword",
    "record_id": "integer",
    "language": "keyword",
    "record": "keyword",  # searches collapse and count on it
    "languages": "keyword",  # the language filter and facet
    "title": "text",
    "text": "text",
    "narrator": "text",
    "vocabulary": "text",
    "url": "unindexed",
    "visibility": "keyword",
    "not_before": "date",
    "not_after": "date",
    "is_sample": "boolean",
    "theme_slugs": "keyword",
    "place_slugs": "keyword",
    "year_from": "integer",
    "year_to": "integer",
    "decade": "integer",
    "sort_key": "integer",
    "date": "unsearched",  # the date as entered, so results show "c. 1989"
}


def vocabulary_of(themes, places):
    names = []
    for item in [*themes, *places]:
        for language in CODES:
            name = getattr(item, f"name_{language}", None)
            if name and name not in names:
                names.append(name)
    return " ".join(names)


def url_in(page_or_url, language):
    with translation.override(language):
        return page_or_url() if callable(page_or_url) else page_or_url


# Body blocks whose words are not the testimony's: a photo's alt text describes the
# picture ("Drawing of green hills") and would run into the middle of a snippet. The photo
# is a record of its own, found by its caption and alt text.
NOT_TESTIMONY = {"image"}


def _story_text(story, language):
    parts = [getattr(story, f"summary_{language}", "") or ""]
    for child in getattr(story, f"body_{language}", None) or []:
        if child.block_type not in NOT_TESTIMONY:
            parts.extend(str(text) for text in child.block.get_searchable_content(child.value))
    return "\n".join(part for part in parts if part)


def of_one_record(documents):
    """The documents of one record, each told which languages the record is written in."""
    languages = sorted(document.language for document in documents)
    for document in documents:
        document.record_languages = languages
    return documents


def window_fields(window):
    """A document's visibility fields from its record's archive.visibility.Window."""
    return {
        "visibility": window.audience,
        "not_before": window.not_before,
        "not_after": window.not_after,
    }


def story_fields(story, window, themes, places):
    """What a story lends each of its documents and those of its parts (a recording's
    segments): narrators' public names, vocabulary, theme and place slugs, date, sample
    flag and visibility window."""
    return {
        "narrator": ", ".join(narrator.display_name for narrator in story.narrators.all()),
        "vocabulary": vocabulary_of(themes, places),
        "theme_slugs": [theme.slug for theme in themes],
        "place_slugs": [place.slug for place in places],
        "date": story.historical_date,
        "is_sample": story.is_sample,
        **window_fields(window),
    }


def story_documents(story, window):
    """Documents for a story in each language it has its own text in."""
    shared = story_fields(story, window, list(story.themes.all()), list(story.places.all()))
    documents = []
    for language in CODES:
        if not story.has_text_in(language):
            continue
        documents.append(
            DocumentData(
                key=f"story:{story.pk}:{language}",
                kind="story",
                record_id=story.pk,
                language=language,
                title=translated(story, "title", language)[0],
                text=_story_text(story, language),
                url=url_in(story.get_url, language) or "",
                **shared,
            )
        )
    return of_one_record(documents)


def _photo_creators(image):
    """Who a citation names for a photo: its credit, else the public names of the
    narrators of the public stories showing it (never a real name). Only stories public
    for good: the document is stored, and a story that expires or comes out of embargo
    on a later day must not leave its narrator named, or missing, until the next re-index."""
    if image.credit_names:
        return ", ".join(image.credit_names)
    showing = stories_showing([image.pk], stories_public_for_good()).get(image.pk, set())
    stories = stories_public_for_good().filter(pk__in=showing).prefetch_related("narrators")
    names = []
    for story in stories.order_by("pk"):
        for narrator in story.narrators.all():
            if narrator.display_name not in names:
                names.append(narrator.display_name)
    return ", ".join(names)


def _photo_text(title, caption, alt_text, credit):
    """A photo's words, each said once: a caption standing as the title whole is not
    repeated below it, nor an alt text that only says the caption (or the title) again."""
    said, parts = {fold(title)}, []
    for part in (caption, alt_text, credit):
        if part and fold(part) not in said:
            said.add(fold(part))
            parts.append(part)
    return "\n".join(parts)


def photo_documents(image, window):
    """A photo has a document in each language its caption or alt text is written in.
    Its title is written once, in the archive's first language (English); in a Spanish
    document the Spanish caption stands in for it, so Spanish readers cite it in Spanish."""
    themes = list(image.themes.all())
    places = [image.place] if image.place_id else []
    creators = _photo_creators(image)
    documents = []
    for language in CODES:
        caption = getattr(image, f"caption_{language}", "") or ""
        alt_text = getattr(image, f"alt_text_{language}", "") or ""
        if not (caption or alt_text):
            continue
        title = image.title
        if language != settings.LANGUAGE_CODE and caption:
            title = Truncator(caption).chars(90)
        documents.append(
            DocumentData(
                key=f"photo:{image.pk}:{language}",
                kind="photo",
                record_id=image.pk,
                language=language,
                title=title,
                text=_photo_text(title, caption, alt_text, image.credit),
                url=url_in(lambda: reverse("photo_detail", args=[image.pk]), language),
                narrator=creators,
                vocabulary=vocabulary_of(themes, places),
                theme_slugs=[theme.slug for theme in themes],
                place_slugs=[place.slug for place in places],
                date=image.historical_date,
                **window_fields(window),
            )
        )
    return of_one_record(documents)


def event_documents(event):
    """Dated facts of the network's history are public records in both languages."""

    themes = list(event.themes.all())
    places = list(event.places.all())
    documents = []
    for language in CODES:
        headline = getattr(event, f"headline_{language}", "") or ""
        if not headline:
            continue
        text = getattr(event, f"text_{language}", "") or ""
        documents.append(
            DocumentData(
                key=f"event:{event.pk}:{language}",
                kind="event",
                record_id=event.pk,
                language=language,
                title=headline,
                text="\n".join(part for part in (text, event.source) if part),
                # Dated facts are listed on the home page, each with its own anchor.
                url=url_in(lambda: reverse("wagtail_serve", args=[""]), language)
                + f"#event-{event.pk}",
                vocabulary=vocabulary_of(themes, places),
                theme_slugs=[theme.slug for theme in themes],
                place_slugs=[place.slug for place in places],
                date=event.historical_date,
                is_sample=event.is_sample,
            )
        )
    return of_one_record(documents)
