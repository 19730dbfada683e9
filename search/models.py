"""The research index kept in the database: one row per (record, language); a search
answers one result per record (search.engines.database).

The database engines search this table through a companion kept in step by triggers: on
SQLite the FTS5 table `research_fts` (migration 0002), on PostgreSQL `research_match`
(0006), a narrow copy of each document's generated `search_vector` (0002) and of the
columns a search filters, counts and sorts on, one partition per language, GIN-indexed.
Facets are counted through each document's FacetProfile. When Elasticsearch is configured
it holds a copy, and this table stays the fallback.
"""

import hashlib
import json

from django.db import models
from django.utils.translation import gettext_lazy as _

from archive.models.dates import HistoricalDateFields


class SearchDocument(HistoricalDateFields, models.Model):
    key = models.CharField(max_length=64, unique=True)  # "story:12:en"
    kind = models.CharField(max_length=8)
    record_id = models.BigIntegerField()
    language = models.CharField(max_length=2)
    title = models.TextField()
    text = models.TextField(blank=True)
    narrator = models.TextField(blank=True)
    vocabulary = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    visibility = models.CharField(max_length=10)  # public | members
    # When a visitor may see it: from the day `not_before` (embargoes) until the moment
    # `not_after` (the story's expiry). See archive.visibility.Window.
    not_before = models.DateField(null=True, blank=True)
    not_after = models.DateTimeField(null=True, blank=True)
    is_sample = models.BooleanField(default=False)
    year_from = models.SmallIntegerField(null=True)
    year_to = models.SmallIntegerField(null=True)
    sort_key = models.IntegerField(default=0)
    profile = models.ForeignKey("FacetProfile", on_delete=models.PROTECT, related_name="+")
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("research index entry")
        verbose_name_plural = _("research index entries")
        indexes = [
            models.Index(fields=["kind", "record_id"], name="research_doc_record"),
            models.Index(fields=["visibility", "language", "sort_key"], name="research_doc_browse"),
            models.Index(fields=["year_from", "year_to"], name="research_doc_years"),
        ]

    def __str__(self):
        return self.key


def profile_key(kind, languages, decade, theme_ids, place_ids):
    """FacetProfile.key: the same values always give the same key."""
    values = [kind, sorted(languages), decade, sorted(theme_ids), sorted(place_ids)]
    return hashlib.sha256(json.dumps(values).encode()).hexdigest()


class FacetProfile(models.Model):
    """What a record counts for in each facet: its kind, the languages it is written in,
    decade, themes (own and above) and places. Every language's document of a record has
    the same profile, so a search finds one result per record by grouping its matches on
    (profile, record id) (search.engines.database). Records share profiles (about 10,000
    for 100k stories), so a search counts its matches per profile (one integer) and reads
    the facet values from those rows, instead of reading lists off every matched record."""

    # A digest of the values below: the profile's identity, unique, so writers share rows.
    key = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=8)
    languages = models.JSONField(default=list)  # sorted: ["en"], ["es"] or ["en", "es"]
    decade = models.SmallIntegerField(null=True)
    theme_ids = models.JSONField(default=list)  # sorted; a theme above finds its children
    place_ids = models.JSONField(default=list)  # sorted

    class Meta:
        verbose_name = _("research facet profile")

    def __str__(self):
        return f"{self.kind} {self.languages} {self.decade} {self.theme_ids} {self.place_ids}"


class IndexVersion(models.Model):
    """One row whose token changes, in the same transaction, whenever a research document
    is written or deleted (triggers from migration research 0005). Search results are
    remembered under the token they were computed at (search.result_cache): a new token
    means none of them is used again. A random token rather than a counter, so a write
    that is rolled back can never bring back a number that already named other results.
    A writer holds this row's lock until it commits, so writes to the index queue one
    behind another; each is short (a record's documents; a rebuild commits every batch)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("research index version")

    def __str__(self):
        return self.token


class DocumentTheme(models.Model):
    """A document's theme (own) or a theme above one (not own): a record counts and is
    found under every theme above its own, so facets and filters need no tree walk."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey("archive.Theme", on_delete=models.CASCADE, related_name="+")
    own = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "theme"], name="research_one_theme_link")
        ]
        indexes = [models.Index(fields=["theme", "document"], name="research_theme_docs")]

    def __str__(self):
        return f"{self.document_id} → theme {self.theme_id}"


class DocumentPlace(models.Model):
    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="+")
    place = models.ForeignKey("archive.Place", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "place"], name="research_one_place_link")
        ]
        indexes = [models.Index(fields=["place", "document"], name="research_place_docs")]

    def __str__(self):
        return f"{self.document_id} → place {self.place_id}"


class RebuildProgress(models.Model):
    """Where an interrupted `rebuild_research_index` stopped, so `--resume` goes on from there."""

    kind = models.CharField(max_length=8, primary_key=True)
    last_record_id = models.BigIntegerField(default=0)
    started_at = models.DateTimeField()

    class Meta:
        verbose_name = _("research index rebuild progress")

    def __str__(self):
        return f"{self.kind} after {self.last_record_id}"
