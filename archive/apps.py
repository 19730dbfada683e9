from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Archive")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from archive import once_public, page_cache, purge, record_changes, site_lookup, site_url
        from archive.accounts.logout import connect_signals
        from archive.models import HomePage
        from archive.signals import records_changed

        # After wagtail-modeltranslation has patched every page model's route.
        HomePage.route = HomePage.route_to_child_by_slug

        record_changes.connect()
        site_lookup.install()
        page_cache.connect()
        records_changed.connect(once_public.changed, dispatch_uid="memoria-once-public")
        records_changed.connect(purge.records_changed, dispatch_uid="memoria-purge")
        connect_signals()
        post_migrate.connect(
            site_url.sync_site_after_migrate, sender=self, dispatch_uid="memoria-site-url"
        )
