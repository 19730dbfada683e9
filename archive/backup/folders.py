"""Private folders a backup carries beside MEDIA_ROOT.

Features above the core keep files outside MEDIA_ROOT, where no web server reaches them
(recordings: RECORDINGS_ROOT). The core never imports them: each registers its folder from
its AppConfig.ready() with `register(PrivateFolder(...))`, and backup_archive /
restore_archive carry every registered folder as they carry the media: checksummed in the
manifest, verified before anything is restored, put back under the restoring archive's own
setting.

A backup holds only the files the database names: `referenced()` lists them, asked in the
same snapshot as the database copy. A file whose row is gone (a deleted recording, the web
copy of a narrator who withdrew) is never carried, so a restore cannot bring it back, and
nothing on its way in (an unfinished upload) is carried either.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings

_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")
RESERVED = {"media"}  # MEDIA_ROOT's folder in the backup


@dataclass(frozen=True)
class PrivateFolder:
    name: str  # its folder in the backup, e.g. "recordings"
    setting: str  # the setting that says where it lives on this server, e.g. "RECORDINGS_ROOT"
    referenced: Callable[[], Iterable[str]]  # file names (relative to it) the database names

    @property
    def root(self):
        """Read when needed: each archive (the one backed up, the one restoring) has its own."""
        return Path(getattr(settings, self.setting))

    def path_of(self, name):
        """The file `name` names under the root, or None for a name that would leave it."""
        parts = PurePosixPath(str(name)).parts
        if not parts or PurePosixPath(str(name)).is_absolute() or ".." in parts:
            return None
        return self.root.joinpath(*parts)


_folders = {}


def register(folder):
    """Add a private folder to every backup (from a feature's AppConfig.ready())."""
    if not _NAME.match(folder.name) or folder.name in RESERVED:
        raise ValueError(f"{folder.name!r} cannot name a private folder in a backup.")
    _folders[folder.name] = folder


def registered():
    return [_folders[name] for name in sorted(_folders)]


def get(name):
    return _folders.get(name)
