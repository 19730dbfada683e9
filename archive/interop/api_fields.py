"""How records appear in the API: both languages side by side, narrators by public name."""

from rest_framework.fields import Field

from archive.document_links import stream_without_private_document_links


class HistoricalDateField(Field):
    """The record's date or period: ISO for machines, and as read in each language."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        date = record.historical_date
        if not date:
            return None
        return {
            "iso": date.iso(),
            "year_from": date.first_year,
            "year_to": date.last_year,
            "circa": date.circa,
            "en": date.render("en"),
            "es": date.render("es"),
        }


class NarratorNamesField(Field):
    """Public names or pseudonyms only; the real name behind a pseudonym never leaves."""

    def to_representation(self, narrators):
        return [narrator.display_name for narrator in narrators.all()]


class VocabularyField(Field):
    """Themes or places with their slug and both names."""

    def to_representation(self, items):
        items = items.all() if hasattr(items, "all") else [items] if items else []
        return [
            {"slug": item.slug, "name_en": item.name_en, "name_es": item.name_es} for item in items
        ]


class PublicStreamField(Field):
    """A StreamField, as Wagtail's API writes it, whose rich text links only documents the
    public may open, whatever rich text format the request asks for (the stored text is
    rewritten first)."""

    def to_representation(self, value):
        value = stream_without_private_document_links(value)
        return value.stream_block.get_api_representation(value, self.context)
