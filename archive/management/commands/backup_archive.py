"""`manage.py backup_archive DEST`: the whole archive (database, media, manifest) in one tar.

The work is done by archive.backup.service; output is for operators and stays in English.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.backup.errors import BackupError
from archive.backup.service import create_backup


class Command(BaseCommand):
    help = (
        "Write one consistent backup: the database, every file under MEDIA_ROOT and a "
        "manifest with SHA-256 checksums, into a new .tar file (mode 0600). DEST is a "
        "folder (a dated name is chosen) or the path of a file that does not exist yet."
    )

    def add_arguments(self, parser):
        parser.add_argument("dest", metavar="DEST", help="Folder or new file for the backup.")

    def handle(self, *args, dest, **options):
        quiet = options["verbosity"] < 1

        def progress(total):
            return tqdm(
                total=total,
                desc="media",
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
        if not quiet:
            self.stdout.write(self.style.SUCCESS(result.summary("Backup written to")))
