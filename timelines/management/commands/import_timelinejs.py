import json

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.models import Page

from archive.models import HomePage
from timelines.importing import import_timelinejs


class Command(BaseCommand):
    help = "Create a timeline from a TimelineJS 3 JSON file; lists whatever it could not map."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--parent-slug", default="home", help="Slug of the parent page.")
        parser.add_argument("--title", help="Title (default: the file's title slide).")
        parser.add_argument("--language", choices=["en", "es"], default="en")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        try:
            with open(options["file"], encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        slug = options["parent_slug"]
        parent = Page.objects.filter(Q(slug_en=slug) | Q(slug_es=slug)).type(HomePage).first()
        if parent is None:
            raise CommandError(_("No home page with the slug “%(slug)s”.") % {"slug": slug})
        try:
            report = import_timelinejs(
                data,
                parent.specific,
                title=options["title"],
                language=options["language"],
                dry_run=options["dry_run"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        for problem in report.problems:
            self.stdout.write(
                self.style.WARNING(_("Not mapped: %(problem)s") % {"problem": problem})
            )
        counts = {"events": report.events, "eras": report.eras}
        if options["dry_run"]:
            message = _("Dry run: would import %(events)s events and %(eras)s eras.") % counts
        else:
            message = _("Imported %(events)s events and %(eras)s eras into “%(title)s”.") % {
                **counts,
                "title": report.page.title,
            }
        self.stdout.write(self.style.SUCCESS(message))
