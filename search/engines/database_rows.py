"""The database index's rows (search.models.SearchDocument): what a document's row holds,
written, compared and read back by the one list of stored fields
(search.documents.STORED_FIELDS), and the facet profile and theme and place links
written beside it."""

from dataclasses import MISSING, fields

from django.db import transaction

from archive.models.dates import HistoricalDate
from search.documents import STORED_FIELDS
from search.models import (
    DocumentPlace,
    DocumentTheme,
    FacetProfile,
    SearchDocument,
    profile_key,
)
from search.vocabulary import Vocabulary

# The stored fields SearchDocument has a column of the same name for.
COLUMNS = [
    name
    for name in STORED_FIELDS
    if name in {column.name for column in SearchDocument._meta.concrete_fields}
]


def _date_columns(date):
    """The date_* columns (archive.models.dates.HistoricalDateFields) of a HistoricalDate,
    or their defaults when the document is undated."""
    return {
        f"date_{part.name}": (
            getattr(date, part.name)
            if date
            else (None if part.default is MISSING else part.default)
        )
        for part in fields(HistoricalDate)
    }


def row_values(document):
    """{column: value} of a DocumentData's row."""
    return {name: getattr(document, name) for name in COLUMNS} | _date_columns(document.date)


def held_values(row):
    """What a stored row holds, comparable with row_values."""
    return {name: getattr(row, name) for name in [*COLUMNS, *_date_columns(None)]}


def stored_fields(row):
    """{stored field: value} of a row, its date read back whole."""
    return {name: getattr(row, name) for name in COLUMNS} | {"date": row.historical_date}


def write(documents, replacing):
    """Store `documents` in place of the rows of `replacing` (a SearchDocument queryset),
    in one transaction: their rows, facet profiles and theme and place links."""
    vocabulary = Vocabulary()
    rows = [SearchDocument(**row_values(document)) for document in documents]
    links, profiles, profile_keys = [], {}, []
    for document in documents:
        own, above = vocabulary.document_themes(document)
        places = vocabulary.document_places(document)
        profile = _profile(document, sorted(own | above), places)
        profiles.setdefault(profile.key, profile)
        profile_keys.append(profile.key)
        links.append((own, above, places))
    # What can be worked out is, before the first write takes the index's lock
    # (search.models.IndexVersion).
    with transaction.atomic():
        profile_ids = _stored_profiles(profiles)
        for row, key in zip(rows, profile_keys, strict=True):
            row.profile_id = profile_ids[key]
        replacing.delete()
        rows = SearchDocument.objects.bulk_create(rows)
        DocumentTheme.objects.bulk_create(
            DocumentTheme(document_id=row.pk, theme_id=pk, own=pk in own)
            for row, (own, above, _) in zip(rows, links, strict=True)
            for pk in own | above
        )
        DocumentPlace.objects.bulk_create(
            DocumentPlace(document_id=row.pk, place_id=pk)
            for row, (_, _, places) in zip(rows, links, strict=True)
            for pk in places
        )


def _profile(document, theme_ids, place_ids):
    key = profile_key(document.kind, document.languages, document.decade, theme_ids, place_ids)
    return FacetProfile(
        key=key,
        kind=document.kind,
        languages=document.languages,
        decade=document.decade,
        theme_ids=theme_ids,
        place_ids=place_ids,
    )


def _stored_profiles(profiles):
    """{key: id} of these FacetProfiles (by key), storing the ones not stored yet."""
    stored = dict(FacetProfile.objects.filter(key__in=profiles).values_list("key", "pk"))
    missing = [profile for key, profile in profiles.items() if key not in stored]
    if missing:
        # Another writer may store the same profile meanwhile: keep whichever came first.
        FacetProfile.objects.bulk_create(missing, ignore_conflicts=True)
        stored = dict(FacetProfile.objects.filter(key__in=profiles).values_list("key", "pk"))
    return stored
