from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from demo.load import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo archive (themes, places, key dates, sample stories and recorded "
        "testimonies). Safe to rerun."
    )

    def handle(self, *args, **options):
        created = load_demo(say=self._say if options["verbosity"] else None, warn=self._warn)
        if not any(created.values()):
            self.stdout.write(_("Demo content already present; nothing changed."))
            return
        summary = ", ".join(f"{count} {kind}" for kind, count in created.items() if count)
        self.stdout.write(
            self.style.SUCCESS(_("Demo content loaded: %(summary)s.") % {"summary": summary})
        )

    def _say(self, line):
        # Progress of the slow part (the sample recordings) as it happens, even into a pipe.
        self.stdout.write(line)
        self.stdout.flush()

    def _warn(self, line):
        self.stderr.write(self.style.WARNING(line))
