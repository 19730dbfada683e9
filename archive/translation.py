"""Fields that hold text in both languages (django-modeltranslation adds *_en and *_es)."""

from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from archive.models import (
    ArchiveImage,
    HistoricalEvent,
    HomePage,
    Narrator,
    Partnership,
    Place,
    Theme,
)


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Narrator)
class NarratorTranslation(TranslationOptions):
    fields = ("bio",)


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
