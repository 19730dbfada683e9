from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchSearchConfig(AppConfig):
    name = "search"
    # "search" alone reads like Wagtail's own search app; this one is the researchers'.
    label = "research"
    verbose_name = _("Research search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search import signals  # noqa: F401 - connects the index to the archive's edits
