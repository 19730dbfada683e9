from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "stories"
    verbose_name = _("Stories")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from stories.models import StoryIndexPage

        # After wagtail-modeltranslation has patched every page model's route (see
        # StoryIndexPage.route_by_slug_query for why the index needs its own).
        StoryIndexPage.route = StoryIndexPage.route_by_slug_query

        from stories.spreadsheet import notifying

        # Imports e-mail each reviewer once, not once per row.
        notifying.install()
