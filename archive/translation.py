"""Fields that hold text in both languages (django-modeltranslation adds *_en and *_es)."""

from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from archive.models import (
    ArchiveImage,
    HistoricalEvent,
    HomePage,
    Partnership,
    Place,
    Theme,
    TimelineEra,
    TimelineEvent,
    TimelinePage,
)


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Place)
class PlaceTranslation(TranslationOptions):
    fields = ("name",)


@register(Partnership)
class PartnershipTranslation(TranslationOptions):
    fields = ("description",)


@register(HistoricalEvent)
class HistoricalEventTranslation(TranslationOptions):
    fields = ("headline", "text")


@register(ArchiveImage)
class ArchiveImageTranslation(TranslationOptions):
    fields = ("caption", "alt_text")


@register(HomePage)
class HomePageTranslation(TranslationOptions):
    fields = ("introduction",)


@register(TimelinePage)
class TimelinePageTranslation(TranslationOptions):
    fields = ("introduction",)


@register(TimelineEvent)
class TimelineEventTranslation(TranslationOptions):
    fields = ("headline", "text")


@register(TimelineEra)
class TimelineEraTranslation(TranslationOptions):
    fields = ("label",)
