from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MemoriaConfig(AppConfig):
    """The project: the URLs, the admin hooks and the jobs that span every app. It sits on
    top of the layers (README, Layout) and nothing below imports it."""

    name = "memoria"
    verbose_name = _("Memoria")

    def ready(self):
        # Recording segments become search records (issue 18): memoria joins the two apps.
        from memoria import recording_media, segment_search, timeline_recordings

        segment_search.register()
        # ...and appear in API v2, OAI-PMH, JSON-LD and the bag (interop.story_media),
        recording_media.register()
        # ...and in timeline events the embed plays (timelines.sources).
        timeline_recordings.register()
