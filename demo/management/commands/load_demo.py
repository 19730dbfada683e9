from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from demo.load import load_demo


class Command(BaseCommand):
    help = "Load the demo archive (themes, places, key dates, sample stories). Safe to rerun."

    def handle(self, *args, **options):
        created = load_demo()
        if not any(created.values()):
            self.stdout.write(_("Demo content already present; nothing changed."))
            return
        summary = ", ".join(f"{count} {kind}" for kind, count in created.items() if count)
        self.stdout.write(
            self.style.SUCCESS(_("Demo content loaded: %(summary)s.") % {"summary": summary})
        )
