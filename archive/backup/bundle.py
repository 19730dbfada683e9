"""The backup file: one tar holding the database copy, the media files, the files of each
private folder (archive.backup.folders: the recordings) and manifest.json
(written last, with every other file's size and SHA-256). Readers verify every checksum
before anything is restored, and extract only files the manifest names, under safe paths.
"""

import hashlib
import io
import json
import os
import tarfile
import time
from pathlib import Path, PurePosixPath

from archive.backup.errors import BackupError

FORMAT = "memoria-backup"
# 2: private folders beside the media (archive.backup.folders: the recordings). A version 1
# backup is read as one without them; an older Memoria refuses a version 2 one rather than
# restore it without its recordings.
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
ROOT = "memoria-backup"  # the folder `tar -xf` creates
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class _Hashing(io.RawIOBase):
    """Reads through a file, keeping its SHA-256 and size and moving a progress bar."""

    def __init__(self, raw, progress=None):
        self.raw, self.progress = raw, progress
        self.sha256, self.size = hashlib.sha256(), 0

    def readable(self):
        return True

    def read(self, size=-1):
        data = self.raw.read(size)
        self.sha256.update(data)
        self.size += len(data)
        if self.progress is not None:
            self.progress.update(len(data))
        return data


class Writer:
    """Writes a backup to `path` (mode 0600) through `path.partial`, renamed only once
    complete, so an interrupted backup never looks like a finished one."""

    def __init__(self, path):
        self.path = Path(path)
        self.partial = self.path.with_name(self.path.name + ".partial")
        descriptor = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self.file = os.fdopen(descriptor, "wb")
        self.tar = tarfile.open(fileobj=self.file, mode="w", format=tarfile.PAX_FORMAT)
        self.entries = []

    def add(self, source, name, progress=None):
        """Copy the file at `source` into the backup as `name`; record its checksum."""
        stat = os.stat(source)
        info = self._info(name, stat.st_size, stat.st_mtime)
        with open(source, "rb") as raw:
            hashing = _Hashing(raw, progress)
            self.tar.addfile(info, hashing)
        self.entries.append(
            {"path": name, "size": hashing.size, "sha256": hashing.sha256.hexdigest()}
        )

    def finish(self, manifest):
        """Write the manifest, flush to disk and give the backup its final name."""
        manifest = {**manifest, "files": self.entries}
        data = json.dumps(manifest, indent=2, sort_keys=True).encode()
        self.tar.addfile(self._info(MANIFEST, len(data), time.time()), io.BytesIO(data))
        self.tar.close()
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        os.replace(self.partial, self.path)
        return manifest

    def abandon(self):
        self.tar.close()
        self.file.close()
        self.partial.unlink(missing_ok=True)

    @staticmethod
    def _info(name, size, mtime):
        info = tarfile.TarInfo(f"{ROOT}/{name}")
        info.size, info.mode, info.mtime = size, 0o600, int(mtime)
        return info


def _inner_name(member):
    prefix = f"{ROOT}/"
    if not member.name.startswith(prefix) or not member.isfile():
        raise BackupError(f"Unexpected entry {member.name!r}: this is not a Memoria backup.")
    name = member.name[len(prefix) :]
    parts = PurePosixPath(name).parts
    if not parts or PurePosixPath(name).is_absolute() or ".." in parts:
        raise BackupError(f"Refusing the unsafe path {member.name!r} in the backup.")
    return name


def _each_file(path, handle):
    """Call handle(name, stream) for every file in the backup, in order; a damaged or cut-off
    backup is reported with the name of the entry where reading failed."""
    current = "its first entry"
    try:
        with tarfile.open(path, "r:") as tar:
            for member in tar:
                current = member.name
                handle(_inner_name(member), tar.extractfile(member))
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(
            f"The backup {path} is damaged or truncated at {current}: {error}"
        ) from error


def _digest(stream, progress=None):
    hashing = _Hashing(stream, progress)
    while hashing.read(CHUNK):
        pass
    return {"size": hashing.size, "sha256": hashing.sha256.hexdigest()}


def verify(path, progress=None):
    """Read the whole backup and check every file against the manifest; return the
    manifest, or raise BackupError naming each file that is missing or does not match."""
    if not Path(path).is_file():
        raise BackupError(f"No backup file at {path}.")
    found = {}

    def check(name, stream):
        if name == MANIFEST:
            found[MANIFEST] = _read_manifest(stream)
        else:
            found[name] = _digest(stream, progress)

    _each_file(path, check)
    manifest = found.pop(MANIFEST, None)
    if manifest is None:
        raise BackupError(f"{path} has no {MANIFEST}: it is truncated or not a Memoria backup.")
    problems = _compare(manifest["files"], found)
    if problems:
        listed = "\n  ".join(problems[:20])
        raise BackupError(
            f"The backup {path} is corrupted; nothing was restored.\n  {listed}"
            + (f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else "")
        )
    return manifest


def _read_manifest(stream):
    try:
        manifest = json.load(stream)
    except ValueError as error:
        raise BackupError(f"{MANIFEST} is not valid JSON: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST} does not describe a Memoria backup.")
    if manifest.get("format_version") not in READABLE_VERSIONS:
        raise BackupError(
            f"Backup format version {manifest.get('format_version')} is not supported here "
            f"(this version reads {FORMAT_VERSION}): restore with the Memoria that wrote it."
        )
    return manifest


def _compare(expected_entries, found):
    problems = []
    expected = {entry["path"]: entry for entry in expected_entries}
    for name, entry in expected.items():
        if name not in found:
            problems.append(f"{name}: missing from the backup")
        elif found[name]["size"] != entry["size"]:
            problems.append(
                f"{name}: {found[name]['size']} bytes, the manifest says {entry['size']}"
            )
        elif found[name]["sha256"] != entry["sha256"]:
            problems.append(f"{name}: its SHA-256 checksum does not match the manifest")
    extra = sorted(set(found) - set(expected))
    problems += [f"{name}: not listed in the manifest" for name in extra]
    return problems


def extract(path, manifest, destinations, progress=None):
    """Write each backup file to the folder `destinations` maps its first path part to
    ({"media": folder, "recordings": folder, "database.dump": folder}); check each
    checksum again on the way."""
    expected = {entry["path"]: entry for entry in manifest["files"]}

    def write(name, stream):
        top = PurePosixPath(name).parts[0]
        if name == MANIFEST or top not in destinations:
            return
        target = Path(destinations[top], *PurePosixPath(name).parts[1:])
        target.parent.mkdir(parents=True, exist_ok=True)
        hashing = _Hashing(stream, progress)
        with open(target, "xb") as out:
            while data := hashing.read(CHUNK):
                out.write(data)
        if hashing.sha256.hexdigest() != expected[name]["sha256"]:
            raise BackupError(f"{name} changed while it was being restored.")

    _each_file(path, write)
