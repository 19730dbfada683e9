"""The recordings' fields that hold text in both languages (django-modeltranslation adds
*_en and *_es; it finds this module in every installed app)."""

from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from recordings.models import Segment


@register(Segment)
class SegmentTranslation(TranslationOptions):
    fields = ("title", "synopsis", "keywords")
