"""Settings for the processes the restore drill starts (tests/test_backup_restore.py): the
test settings, with the database and MEDIA_ROOT of the restored archive from the
environment, as an operator's new server would have them. Backups do not carry recordings
yet: the README tells operators to copy RECORDINGS_ROOT beside each backup, and the drill
does so (DRILL_RECORDINGS_ROOT)."""

import os

from archive.settings.test import *  # noqa: F403

MEDIA_ROOT = os.environ["DRILL_MEDIA_ROOT"]
RECORDINGS_ROOT = os.environ["DRILL_RECORDINGS_ROOT"]
