"""python manage.py export_stories OUT.csv [--language es]

Every story (its latest revision, published or not) in the columns import_stories reads.
Theme and place names are written in --language where they name one thing only.
"""

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from archive.languages import current
from stories import spreadsheet
from stories.models import StoryPage


class Command(BaseCommand):
    help = "Export every story to a CSV file that import_stories reads back."

    def add_arguments(self, parser):
        parser.add_argument("out", help="CSV file to write (UTF-8 with a byte-order mark)")
        parser.add_argument(
            "--language", default=None, help="Language of theme and place names: en or es."
        )

    def handle(self, *args, **options):
        language = options["language"] or current()
        stories = StoryPage.objects.order_by("path")
        with translation.override(language):
            text = spreadsheet.export_csv(stories, language=language)
        with open(options["out"], "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        self.stdout.write(
            self.style.SUCCESS(
                _("Exported %(count)s stories to %(file)s.")
                % {"count": stories.count(), "file": options["out"]}
            )
        )
