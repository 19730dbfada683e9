"""`manage.py restore_archive SRC [--replace]`: a backup_archive file back into the
configured database, MEDIA_ROOT and RECORDINGS_ROOT, then migrate and check the research
index.

The work is done by archive.backup.service; output is for operators and stays in English.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.backup.errors import BackupError
from archive.backup.service import after_restore, restore_backup, verify_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_archive into an empty database, MEDIA_ROOT and "
        "RECORDINGS_ROOT. "
        "Every checksum is verified before anything is written; a damaged backup is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("src", metavar="SRC", help="The backup .tar file.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help=(
                "Restore even though the database, MEDIA_ROOT or RECORDINGS_ROOT holds data: "
                "the database is emptied first (in the same transaction on PostgreSQL) and "
                "the old files are moved to MEDIA_ROOT.replaced-<time> and "
                "RECORDINGS_ROOT.replaced-<time>."
            ),
        )

        parser.add_argument(
            "--verify-only",
            action="store_true",
            help="Only check every checksum (e.g. a copy kept off-site); restore nothing.",
        )

    def handle(self, *args, src, replace, verify_only, **options):
        started = time.monotonic()
        quiet = options["verbosity"] < 1

        def progress(total, step):
            return tqdm(
                total=total,
                desc=step,
                unit="B",
                unit_scale=True,
                file=self.stderr._out,
                disable=quiet,
            )

        try:
            if verify_only:
                result = verify_backup(src, progress=progress)
                if not quiet:
                    self.stdout.write(self.style.SUCCESS(result.summary("Verified")))
                return
            result, moved_aside = restore_backup(src, replace=replace, progress=progress)
        except BackupError as error:
            raise CommandError(str(error)) from error
        except OSError as error:  # a full disk, a folder it may not write in
            raise CommandError(f"The restore could not go on: {error}") from error
        if not quiet:
            for aside in moved_aside:
                self.stdout.write(f"The files that were there are now in {aside}.")
        verdict = after_restore(self.stdout, verbosity=max(options["verbosity"] - 1, 0))
        result.seconds = time.monotonic() - started  # migrate and the index check included
        if not quiet:
            self.stdout.write(self.style.SUCCESS(result.summary("Restored")))
            self.stdout.write(verdict)
