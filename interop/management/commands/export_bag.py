"""`manage.py export_bag OUT_DIR [--theme SLUG ...]`: the public archive as a BagIt bag.

The work is done by interop.bag; this command passes the arguments on, shows a
progress bar over the stories on stderr and turns refusals into readable errors.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from interop.bag import ExportError, export_bag


class Command(BaseCommand):
    help = (
        "Write every public story (JSON, Dublin Core XML and its photos without metadata) "
        "into a new BagIt bag with SHA-512 checksums. OUT_DIR must be missing or empty."
    )

    def add_arguments(self, parser):
        parser.add_argument("out_dir", metavar="OUT_DIR", help="Where the bag is written.")
        parser.add_argument(
            "--theme",
            action="append",
            dest="themes",
            metavar="SLUG",
            help="Only stories on this theme or a theme below it (repeatable).",
        )

    def handle(self, *args, out_dir, themes, **options):
        quiet = options["verbosity"] < 1

        def progress(stories, total):
            return tqdm(stories, total=total, unit="story", file=self.stderr._out, disable=quiet)

        try:
            path = export_bag(out_dir, themes=themes, progress=progress)
        except ExportError as error:
            raise CommandError(str(error)) from error
        if not quiet:
            self.stdout.write(self.style.SUCCESS(f"Bag written to {path}"))
