from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FuzzConfig(AppConfig):
    name = "fuzz"
    verbose_name = _("Privacy campaigns")
