from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Archive")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from archive import once_public, page_cache, record_changes
        from archive.accounts.logout import connect_signals
        from archive.interop.xml_names import register_prefixes
        from archive.signals import records_changed

        record_changes.connect()
        page_cache.connect()
        records_changed.connect(once_public.changed, dispatch_uid="memoria-once-public")
        connect_signals()
        register_prefixes()
