from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from stories.models import StoryIndexPage, StoryPage


@register(StoryIndexPage)
class StoryIndexPageTranslation(TranslationOptions):
    fields = ("introduction",)


@register(StoryPage)
class StoryPageTranslation(TranslationOptions):
    fields = ("summary", "body", "sensitive_content_note")
