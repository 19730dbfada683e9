"""Report records missing from, stale in, or wrongly present in the research index: the
database's and, when ELASTICSEARCH_URL is set, the Elasticsearch index (what it holds
compared document by document with what the archive says it should), with the writes
Elasticsearch missed; and (PostgreSQL) index entries whose copy in research_match, which
searches read, differs.

python manage.py check_research_index          # report; exit status 1 when out of step
python manage.py check_research_index --fix    # re-index the records, copy the entries again
"""

from django.core.management.base import BaseCommand, CommandError
from elasticsearch import ApiError, TransportError

from search import engines, indexing


class Command(BaseCommand):
    help = "Compare the research index with the archive."

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Re-index what is out of step.")

    def handle(self, *args, fix, **options):
        elasticsearch = engines.configured_elasticsearch()
        failures = engines.write_failures() if elasticsearch else None
        if failures:
            self.stdout.write(
                f"Elasticsearch missed {failures['count']} writes since {failures['since']} "
                f"(last: {failures['last_error']} at {failures['last_at']})."
            )
        problems = self._out_of_step(elasticsearch, report=True)
        if not problems:
            if elasticsearch:
                engines.forget_write_failures()
            self.stdout.write(self.style.SUCCESS("The research index is in step with the archive."))
            return
        if not fix:
            raise CommandError(f"{len(problems)} index entries out of step; run with --fix.")
        if elasticsearch:
            self._answering(elasticsearch.ensure_index)
        by_kind = {}
        for problem, key in problems:
            if problem != "copy":  # copies are copied again below
                kind, record_id, _language = key.split(":")
                by_kind.setdefault(kind, set()).add(int(record_id))
        for kind, ids in by_kind.items():
            indexing.reindex(kind, sorted(ids))
        # Re-indexing rewrote those records' copies; copy whatever still differs.
        indexing.copy_to_match_table([pk for pk, _ in indexing.match_copy_out_of_step()])
        left = self._out_of_step(elasticsearch, report=False)
        if left:
            raise CommandError(f"{len(left)} index entries still out of step after --fix.")
        if elasticsearch:
            engines.forget_write_failures()
        self.stdout.write(self.style.SUCCESS(f"Re-indexed {len(problems)} entries."))

    def _out_of_step(self, elasticsearch, report):
        """[(problem, key)] in every index, each written out when `report`."""
        found = []
        for problem, key in indexing.stale_and_missing():
            found.append((problem, key))
            if report:
                self.stdout.write(f"{problem:8} {key}")
        for pk, key in indexing.match_copy_out_of_step():
            found.append(("copy", key))
            if report:
                self.stdout.write(f"{'copy':8} {key or f'research_match:{pk}'}")
        if elasticsearch:
            drift = self._answering(lambda: list(indexing.stale_and_missing(engine=elasticsearch)))
            for problem, key in drift:
                found.append((problem, key))
                if report:
                    self.stdout.write(f"{problem:8} {key} in Elasticsearch")
        return found

    @staticmethod
    def _answering(call):
        try:
            return call()
        except (ApiError, TransportError) as error:
            raise CommandError(f"Elasticsearch did not answer: {error}") from error
