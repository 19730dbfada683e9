"""The recordings' files in the archive's backups (archive.backup.folders).

A backup carries, from RECORDINGS_ROOT, the files Recording rows name: the originals kept
for preservation (a withdrawn narrator's too: withdrawal keeps it), the web copies and the
posters or waveforms. Nothing else there is carried: a file whose recording was deleted,
or the web copy a withdrawal deleted, cannot come back with a restore; uploads on their way
in (`incoming/`) are a member's unfinished form, not the archive's."""

from archive.backup.folders import PrivateFolder
from recordings.models import Recording

FILE_FIELDS = ("original", "web_file", "image")


def referenced_files():
    for names in Recording.objects.values_list(*FILE_FIELDS):
        yield from (name for name in names if name)


FOLDER = PrivateFolder(name="recordings", setting="RECORDINGS_ROOT", referenced=referenced_files)
