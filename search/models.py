"""The research index kept in the database: one row per (record, language).

The database engines search this table directly: on SQLite through the FTS5 table
`research_fts` kept in step by triggers, on PostgreSQL through the generated
`search_vector` column and its GIN index (both created in migration 0002). When
Elasticsearch is configured it holds a copy, and this table stays the fallback.
"""

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
    not_before = models.DateField(null=True, blank=True)
    is_sample = models.BooleanField(default=False)
    year_from = models.SmallIntegerField(null=True)
    year_to = models.SmallIntegerField(null=True)
    decade = models.SmallIntegerField(null=True)
    sort_key = models.IntegerField(default=0)
    # Copies of the theme links (own and above) and place links, so facet counts read the
    # matched rows alone instead of joining a link table hundreds of thousands of rows long.
    theme_ids = models.JSONField(default=list)
    place_ids = models.JSONField(default=list)
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
