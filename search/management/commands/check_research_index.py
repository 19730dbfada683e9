"""Report records missing from, stale in, or wrongly present in the research index, and
(PostgreSQL) index entries whose copy in research_match, which searches read, differs.

python manage.py check_research_index          # report; exit status 1 when out of step
python manage.py check_research_index --fix    # re-index the records, copy the entries again
"""

from django.core.management.base import BaseCommand, CommandError

from search import indexing


class Command(BaseCommand):
    help = "Compare the research index with the archive."

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Re-index what is out of step.")

    def handle(self, *args, fix, **options):
        problems = list(indexing.stale_and_missing())
        for problem, key in problems:
            self.stdout.write(f"{problem:8} {key}")
        uncopied = indexing.match_copy_out_of_step()
        for pk, key in uncopied:
            self.stdout.write(f"{'copy':8} {key or f'research_match:{pk}'}")
        count = len(problems) + len(uncopied)
        if not count:
            self.stdout.write(self.style.SUCCESS("The research index is in step with the archive."))
            return
        if fix:
            by_kind = {}
            for _, key in problems:
                kind, record_id, _language = key.split(":")
                by_kind.setdefault(kind, set()).add(int(record_id))
            for kind, ids in by_kind.items():
                indexing.reindex(kind, sorted(ids))
            # Re-indexing rewrote those records' copies; copy whatever still differs.
            indexing.copy_to_match_table([pk for pk, _ in indexing.match_copy_out_of_step()])
            self.stdout.write(self.style.SUCCESS(f"Re-indexed {count} entries."))
            return
        raise CommandError(f"{count} index entries out of step; run with --fix.")
