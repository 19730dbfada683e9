"""How records appear in the API: both languages side by side, narrators by public name."""

from django.urls import NoReverseMatch
from django.utils import translation
from rest_framework.fields import Field

from archive.document_links import stream_without_private_document_links
from archive.languages import current


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


class OwnTitleField(Field):
    """A story's title in one language, or "" where it only borrows the original's title
    (StoryPage.own_title): a Spanish-only story has no English title to give."""

    def __init__(self, language, **kwargs):
        self.language = language
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, story):
        return story.own_title(self.language)


class HtmlUrlInField(Field):
    """A page's public address in one language (html_url follows the answer's ?locale=)."""

    def __init__(self, language, **kwargs):
        self.language = language
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        with translation.override(self.language):
            try:
                return page.full_url
            except NoReverseMatch:
                return None


class AnswerLanguageField(Field):
    """The language this answer's title and html_url are in (?locale=, English by default):
    the archive has one Wagtail locale and keeps both languages in every record."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        return current()
