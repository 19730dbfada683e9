"""The periodic jobs, in order, from one place (deploy/memoria-jobs.timer calls this).

python manage.py scheduled_jobs     # one line per job; exit status 1 if any job failed

Every job runs even when an earlier one failed: a broken search index must not stop
scheduled publications or expiries.
"""

import time

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from recordings import upload_store
from stories.submission import uploads


def jobs():
    """(name, function taking the command's stdout) in the order they run."""
    found = [
        # Scheduled publications and expiries (go_live_at / expire_at) take effect.
        ("publish_scheduled", lambda out: call_command("publish_scheduled", stdout=out)),
        # Whatever the research index missed (a crash mid-edit) is re-indexed.
        (
            "check_research_index --fix",
            lambda out: call_command("check_research_index", fix=True, stdout=out),
        ),
        # Photos of forms never sent: their tokens have expired, no draft can use them.
        (
            "remove abandoned submission photos",
            lambda out: out.write(f"Removed {uploads.remove_stale()} abandoned photo(s).\n"),
        ),
        # Recordings sent in part, or never attached to a story or recording, for two days.
        (
            "remove abandoned recording uploads",
            lambda out: out.write(
                f"Removed {upload_store.remove_stale()} abandoned recording upload(s).\n"
            ),
        ),
    ]
    if apps.is_installed("django_tasks_db"):
        # Finished task results pile up in the database queue (production only).
        found.append(
            (
                "prune_db_task_results",
                lambda out: call_command("prune_db_task_results", stdout=out),
            )
        )
    return found


class Command(BaseCommand):
    help = "Run the periodic jobs: scheduled publishing, index repair, clean-up."

    def handle(self, *args, **options):
        failed = []
        for name, run in jobs():
            started = time.monotonic()
            try:
                run(self.stdout)
            except Exception as error:  # noqa: BLE001 -- report it and run the next job
                failed.append(name)
                line = f"FAILED  {name}: {error.__class__.__name__}: {error}"
                self.stderr.write(self.style.ERROR(line))
                continue
            took = time.monotonic() - started
            self.stdout.write(self.style.SUCCESS(f"ok      {name} ({took:.1f} s)"))
        if failed:
            raise CommandError(f"{len(failed)} job(s) failed: {', '.join(failed)}")
