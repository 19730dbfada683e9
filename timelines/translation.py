"""The timelines' fields that hold text in both languages (django-modeltranslation adds
*_en and *_es; it finds this module in every installed app)."""

from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from timelines.models import TimelineEra, TimelineEvent, TimelinePage


@register(TimelinePage)
class TimelinePageTranslation(TranslationOptions):
    fields = ("introduction",)


@register(TimelineEvent)
class TimelineEventTranslation(TranslationOptions):
    fields = ("headline", "text")


@register(TimelineEra)
class TimelineEraTranslation(TranslationOptions):
    fields = ("label",)
