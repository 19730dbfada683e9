"""Writing a backup and restoring one: what the two commands do, callable from tests."""

import datetime
import io
import shutil
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from archive.backup import bundle, database
from archive.backup.errors import BackupError

SHOWN_PROBLEMS = 20  # index entries out of step listed after a restore
STAGING = ".restore-staging"  # inside MEDIA_ROOT: same disk, so moving files in is a rename


@dataclass
class Result:
    path: Path
    manifest: dict
    seconds: float

    def summary(self, verb):
        files = {entry["path"]: entry["size"] for entry in self.manifest["files"]}
        media = [size for name, size in files.items() if name.startswith("media/")]
        database = self.manifest["database"]
        engine = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}[database["engine"]]
        return (
            f"{verb} {self.path}: {engine} database "
            f"({_size(files[database['file']])}), {len(media)} media files "
            f"({_size(sum(media))}), "
            f"made {self.manifest['created_at']}, in {self.seconds:.1f} s."
        )


def _size(count):
    for unit in ("bytes", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count:.0f} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1024
    return ""


def backup_path(dest, now):
    """DEST may be a folder (a dated file name is chosen in it) or a new file's path."""
    dest = Path(dest)
    if dest.is_dir():
        return dest / f"memoria-backup-{now:%Y%m%d-%H%M%S}.tar"
    if dest.exists():
        raise BackupError(f"{dest} already exists; a backup never overwrites a file.")
    if not dest.parent.is_dir():
        raise BackupError(f"The folder {dest.parent} does not exist.")
    return dest


def media_files(root):
    """Every file under MEDIA_ROOT (originals, documents, renditions), in a stable order."""
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and not path.is_symlink() and STAGING not in path.relative_to(root).parts
    )


def create_backup(dest, progress=None):
    """Dump the database, then copy the media, into one new tar file. `progress(total)`
    returns a bar (or None) that the media copy moves by bytes."""
    started = time.monotonic()
    now = datetime.datetime.now(datetime.UTC)
    path = backup_path(dest, now)
    media_root = Path(settings.MEDIA_ROOT)
    engine = database.engine()
    # The dump waits beside the backup (same disk, private folder) until it is copied in.
    work = Path(tempfile.mkdtemp(prefix=".memoria-backup-", dir=path.parent))
    writer = None
    try:
        dump_path = work / database.DUMP_NAMES[engine]
        facts = database.dump(dump_path)
        writer = bundle.Writer(path)
        writer.add(dump_path, dump_path.name)
        files = media_files(media_root)
        bar = progress(sum(file.stat().st_size for file in files)) if progress else None
        for file in files:
            writer.add(file, "media/" + file.relative_to(media_root).as_posix(), bar)
        if bar is not None:
            bar.close()
        manifest = writer.finish(
            {
                "format": bundle.FORMAT,
                "format_version": bundle.FORMAT_VERSION,
                "created_at": now.isoformat(timespec="seconds"),
                "memoria_version": _version(),
                "database": {
                    "engine": facts["engine"],
                    "server_version": facts["server_version"],
                    "file": dump_path.name,
                },
                "migrations": facts["migrations"],
                "media": {"renditions_included": True},
            }
        )
    except BaseException:
        if writer is not None:
            writer.abandon()
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Result(path, manifest, time.monotonic() - started)


def _version():
    try:
        return metadata.version("memoria")
    except metadata.PackageNotFoundError:
        return "unknown"


def unknown_migrations(manifest):
    """Migrations the backup's database has applied that this code does not know: such a
    backup comes from a newer Memoria and must be restored by that version."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    installed = {app for app, _name in known}
    return [
        f"{app}.{name}"
        for app, name in sorted(manifest["migrations"].items())
        if app in installed and (app, name) not in known
    ]


def check_target(replace):
    """Refuse a target that holds anything, unless the operator said to replace it."""
    tables = database.existing_tables(connection.settings_dict)
    media = media_files(settings.MEDIA_ROOT)
    if replace or not (tables or media):
        return
    held = []
    if tables:
        held.append(f"the database {connection.settings_dict['NAME']} holds {len(tables)} tables")
    if media:
        held.append(f"MEDIA_ROOT {settings.MEDIA_ROOT} holds {len(media)} files")
    raise BackupError(
        f"Refusing to restore: {' and '.join(held)}. A restore goes into an empty database "
        "and an empty media folder; use new ones, or pass --replace to discard what is "
        "there (the old media are moved aside, the database is emptied)."
    )


def verify_backup(src, progress=None):
    """Read the whole backup and check every file against its manifest."""
    started = time.monotonic()
    if not Path(src).is_file():
        raise BackupError(f"No backup file at {src}.")
    bar = progress(Path(src).stat().st_size, "verify") if progress else None
    manifest = bundle.verify(src, bar)
    if bar is not None:
        bar.close()
    return Result(Path(src), manifest, time.monotonic() - started)


def restore_backup(src, *, replace=False, progress=None):
    """Verify every checksum, check the target, then load the database and the media.
    Returns (Result, folder the replaced media were moved to or None)."""
    started = time.monotonic()
    manifest = verify_backup(src, progress).manifest
    total = Path(src).stat().st_size
    newer = unknown_migrations(manifest)
    if newer:
        raise BackupError(
            "This backup comes from a newer Memoria (unknown migrations: "
            f"{', '.join(newer)}); restore it with that version."
        )
    check_target(replace)
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    staging = media_root / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    work = Path(tempfile.mkdtemp(prefix="memoria-restore-"))
    dump_name = manifest["database"]["file"]
    try:
        bar = progress(total, "restore") if progress else None
        bundle.extract(src, manifest, {"media": staging, dump_name: work / dump_name}, bar)
        if bar is not None:
            bar.close()
        database.restore(
            work / dump_name,
            manifest["database"]["engine"],
            connection.settings_dict,
            replace=replace,
        )
        moved_aside = _move_media_in(staging, media_root, replace)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)
    return Result(Path(src), manifest, time.monotonic() - started), moved_aside


def _move_media_in(staging, media_root, replace):
    aside = None
    old = [entry for entry in media_root.iterdir() if entry.name != STAGING]
    if old and replace:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
        aside = media_root.with_name(f"{media_root.name}.replaced-{stamp}")
        aside.mkdir(mode=0o700)
        for entry in old:
            shutil.move(entry, aside / entry.name)
    # File by file: the target may already hold empty folders (a fresh MEDIA_ROOT).
    for file in media_files(staging):
        target = media_root / file.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        file.rename(target)
    return aside


def after_restore(stdout, verbosity=1):
    """What a restored archive needs before it serves: the code's migrations, no answer
    remembered from the archive it replaced, and a research index in step. Returns the
    index check's verdict."""
    from django.core.cache import caches
    from django.core.management import CommandError, call_command

    call_command("migrate", interactive=False, verbosity=verbosity, stdout=stdout)
    for alias in settings.CACHES:
        caches[alias].clear()
    if getattr(settings, "ELASTICSEARCH_URL", ""):
        # The cluster still holds whatever it held; the database copy is the truth.
        call_command("rebuild_research_index", verbosity=verbosity, stdout=stdout)
    report = io.StringIO()
    try:
        call_command("check_research_index", stdout=report)
    except CommandError as error:
        lines = report.getvalue().splitlines()
        stdout.write("\n".join(lines[:SHOWN_PROBLEMS]))
        if len(lines) > SHOWN_PROBLEMS:
            stdout.write(f"... and {len(lines) - SHOWN_PROBLEMS} more")
        call_command("check_research_index", "--fix", stdout=io.StringIO())
        found = str(error).split(";")[0]
        return f"research index: {found} after the restore; fixed with check_research_index --fix."
    return "research index: in step with the archive (check_research_index)."
