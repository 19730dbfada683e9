from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimelinesConfig(AppConfig):
    name = "timelines"
    verbose_name = _("Timelines")
    default_auto_field = "django.db.models.BigAutoField"
