"""Settings for the processes the restore drill starts (tests/test_backup_restore.py): the
test settings, with the database, MEDIA_ROOT and RECORDINGS_ROOT of the restored archive
from the environment, as an operator's new server would have them (new and empty: the
restore puts the media and the recordings there)."""

import os

from archive.settings.test import *  # noqa: F403

MEDIA_ROOT = os.environ["DRILL_MEDIA_ROOT"]
RECORDINGS_ROOT = os.environ["DRILL_RECORDINGS_ROOT"]
