"""Rebuild the research index from the archive, in batches, with a progress bar.

python manage.py rebuild_research_index            # everything
python manage.py rebuild_research_index --resume   # go on after an interruption
"""

from django.core.management.base import BaseCommand
from django.utils import timezone
from tqdm import tqdm

from search import engines, indexing, sources
from search.models import RebuildProgress


class Command(BaseCommand):
    help = "Rebuild the research search index (database, and Elasticsearch when configured)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--resume", action="store_true", help="Continue an interrupted rebuild."
        )
        parser.add_argument("--kind", choices=sources.all_kinds(), action="append")

    def handle(self, *args, batch_size, resume, kind, **options):
        kinds = kind or list(sources.all_kinds())
        after = {}
        if resume:
            after = {
                row.kind: row.last_record_id
                for row in RebuildProgress.objects.filter(kind__in=kinds)
            }
        else:
            RebuildProgress.objects.filter(kind__in=kinds).delete()
        elasticsearch = engines.configured_elasticsearch()
        if elasticsearch is not None:
            elasticsearch.ensure_index()
            if set(kinds) == set(sources.all_kinds()) and not resume:
                # Every document is written again: the writes it missed are mended (one
                # that fails during the rebuild is recorded again).
                engines.forget_write_failures()
        bars = {}
        now = timezone.now()
        quiet = options["verbosity"] == 0

        def progress(kind, done, total, last_id):
            RebuildProgress.objects.update_or_create(
                kind=kind, defaults={"last_record_id": last_id, "started_at": now}
            )
            bar = bars.get(kind)
            if bar is None:
                bar = bars[kind] = tqdm(
                    total=total, initial=0, desc=f"{kind:>6}", unit=" records", disable=quiet
                )
            bar.update(done - bar.n)

        indexing.rebuild(batch_size=batch_size, progress=progress, kinds=kinds, after=after)
        for bar in bars.values():
            bar.close()
        RebuildProgress.objects.filter(kind__in=kinds).delete()
        if not quiet:
            self.stdout.write(self.style.SUCCESS("Research index rebuilt."))
