"""`manage.py generate_corpus --stories N --seed S`: synthetic stories for benchmarks.

The work is done by demo.corpus (a deliberate bulk path); this command checks its
arguments, finds the story index and shows a progress bar on stderr.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _
from tqdm import tqdm

from demo.corpus import DEFAULT_BATCH_SIZE, CorpusError, generate_corpus
from stories.site_structure import ensure_site_structure


class Command(BaseCommand):
    help = (
        "Add N synthetic, published, bilingual stories under the story index (reproducible: "
        "the same seed gives the same stories). For benchmarks, not for a real archive."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stories", type=int, required=True, help="How many stories to add (at least 1)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH_SIZE,
            help=f"Stories written per transaction (default {DEFAULT_BATCH_SIZE}).",
        )

    def handle(self, *args, stories, seed, batch_size, **options):
        if stories < 1:
            raise CommandError(
                _("--stories must be a positive number of stories (got %(count)s).")
                % {"count": stories}
            )
        if batch_size < 1:
            raise CommandError(
                _("--batch-size must be a positive number (got %(size)s).") % {"size": batch_size}
            )
        index = self._story_index()
        started = time.monotonic()
        with tqdm(
            total=stories,
            unit="story",
            file=self.stderr._out,
            disable=options["verbosity"] < 1,
            dynamic_ncols=True,
        ) as bar:
            try:
                result = generate_corpus(
                    stories, seed, index=index, batch_size=batch_size, progress=bar.update
                )
            except CorpusError as error:
                raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Added %(count)s synthetic stories (seed %(seed)s, numbers %(first)s–%(last)s) "
                    "under “%(index)s” in %(seconds).1f s."
                )
                % {
                    "count": result.created,
                    "seed": seed,
                    "first": result.first_number,
                    "last": result.last_number,
                    "index": index.title,
                    "seconds": time.monotonic() - started,
                }
            )
        )

    def _story_index(self):
        from wagtail.models import Page

        missing = _(
            "There is no story index page to add stories to. Run “manage.py migrate” first; "
            "the home page and the story index are then created automatically."
        )
        try:
            if Page.get_first_root_node() is None:
                raise CommandError(missing)
            _home, index = ensure_site_structure()
        except DatabaseError as error:
            raise CommandError(f"{missing} ({error})") from error
        if index is None:
            raise CommandError(missing)
        return index
