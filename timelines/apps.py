from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimelinesConfig(AppConfig):
    name = "timelines"
    verbose_name = _("Timelines")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from archive import purge, selectors
        from timelines.models import TimelinePage
        from timelines.purge import timeline_addresses

        purge.register_channel(timeline_addresses)
        selectors.home_page_sections["timelines"] = lambda: (
            TimelinePage.objects.live().public().order_by("path")
        )
