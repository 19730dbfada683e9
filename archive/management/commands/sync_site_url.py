from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from archive import site_url


class Command(BaseCommand):
    help = "Point the Wagtail Site at SITE_URL (migrate does this too). Safe to rerun."

    def handle(self, *args, **options):
        site = site_url.sync_site()
        if site is None:
            self.stdout.write(_("No site yet: run migrate and load_demo first."))
            return
        self.stdout.write(_("Site address: %(url)s") % {"url": site.root_url})
