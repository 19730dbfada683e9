"""`manage.py backup_archive DEST`: the whole archive (database, media, recordings, manifest)
in one tar.

The work is done by archive.backup.service; output is for operators and stays in English.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.backup.errors import BackupError
from archive.backup.service import create_backup


class Command(BaseCommand):
    help = (
        "Write one consistent backup: the database, every file under MEDIA_ROOT, the "
        "recordings the database names under RECORDINGS_ROOT and a manifest with SHA-256 "
        "checksums, into a new .tar file (mode 0600). DEST is a folder (a dated name is "
        "chosen) or the path of a file that does not exist yet."
    )

    def add_arguments(self, parser):
        parser.add_argument("dest", metavar="DEST", help="Folder or new file for the backup.")

    def handle(self, *args, dest, **options):
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
            result = create_backup(dest, progress=progress)
        except BackupError as error:
            raise CommandError(str(error)) from error
        except OSError as error:  # a full disk, a folder it may not write in
            raise CommandError(f"The backup could not be written: {error}") from error
        missing = result.missing()
        if missing:  # said even with -v0: a file the archive needs is not in any backup
            self.stderr.write(
                "Not in this backup: files the database names that were not on disk "
                f"({len(missing)}, listed in its manifest.json):\n  "
                + "\n  ".join(missing[:20])
                + (f"\n  ... and {len(missing) - 20} more" if len(missing) > 20 else "")
            )
        if not quiet:
            self.stdout.write(self.style.SUCCESS(result.summary("Backup written to")))
