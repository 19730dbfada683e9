"""Settings for the processes the restore drill starts (tests/test_backup_restore.py): the
test settings, with the database and MEDIA_ROOT of the restored archive from the
environment, as an operator's new server would have them."""

import os
import shutil

from archive.settings.test import *  # noqa: F403
from archive.settings.test import MEDIA_ROOT as _UNUSED_MEDIA_ROOT

shutil.rmtree(_UNUSED_MEDIA_ROOT, ignore_errors=True)
MEDIA_ROOT = os.environ["DRILL_MEDIA_ROOT"]
