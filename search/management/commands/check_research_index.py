"""Report records missing from, stale in, or wrongly present in the research index.

python manage.py check_research_index          # report; exit status 1 when out of step
python manage.py check_research_index --fix    # re-index the records concerned
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
        if not problems:
            self.stdout.write(self.style.SUCCESS("The research index is in step with the archive."))
            return
        if fix:
            by_kind = {}
            for _, key in problems:
                kind, record_id, _language = key.split(":")
                by_kind.setdefault(kind, set()).add(int(record_id))
            for kind, ids in by_kind.items():
                indexing.reindex(kind, sorted(ids))
            self.stdout.write(self.style.SUCCESS(f"Re-indexed {len(problems)} entries."))
            return
        raise CommandError(f"{len(problems)} index entries out of step; run with --fix.")
