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

from archive.backup import bundle, database, folders
from archive.backup.errors import BackupError

SHOWN_PROBLEMS = 20  # index entries out of step listed after a restore
# Inside MEDIA_ROOT and each private folder: same disk, so moving files in is a rename.
STAGING = ".restore-staging"


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
        private = ""
        for name in self.manifest.get("private_folders", {}):
            sizes = [size for path, size in files.items() if path.startswith(f"{name}/")]
            private += f"{name}: {len(sizes)} files ({_size(sum(sizes))}), "
        return (
            f"{verb} {self.path}: {engine} database "
            f"({_size(files[database['file']])}), {len(media)} media files "
            f"({_size(sum(media))}), {private}"
            f"made {self.manifest['created_at']}, in {self.seconds:.1f} s."
        )

    def missing(self):
        """Files the database named that were not on disk when the backup was made
        ("RECORDINGS_ROOT/web/12.m4a"): deleted during the backup, or lost before it."""
        return [
            f"{facts['setting']}/{name}"
            for facts in self.manifest.get("private_folders", {}).values()
            for name in facts["missing"]
        ]


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
    """Every file under MEDIA_ROOT (originals, documents, renditions), or under a private
    folder, in a stable order; a restore's staging folder left out."""
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and not path.is_symlink() and STAGING not in path.relative_to(root).parts
    )


def _referenced(private):
    """{folder name: the file names the database names in it}, asked in the dump's snapshot."""
    return {
        folder.name: sorted({str(name) for name in folder.referenced() if name})
        for folder in private
    }


def _on_disk(folder, names):
    """([(path, name)] of the named files that are there, [names that are not]). A name
    that would leave the folder, or a link, is not followed (as media_files does)."""
    present, missing = [], []
    for name in names:
        path = folder.path_of(name)
        if path is not None and path.is_file() and not path.is_symlink():
            present.append((path, name))
        else:
            missing.append(name)
    return present, missing


def _copy_in(writer, step, files, progress):
    """Add [(path, name inside the folder)] under `step`/ with one progress bar; returns
    the names of files deleted since they were listed (skipped, as they are gone)."""
    sizes = []
    for path, _name in files:
        try:
            sizes.append(path.stat().st_size)
        except FileNotFoundError:
            sizes.append(0)
    bar = progress(sum(sizes), step) if progress else None
    vanished = []
    for path, name in files:
        try:
            writer.add(path, f"{step}/{name}", bar)
        except FileNotFoundError:
            vanished.append(name)
    if bar is not None:
        bar.close()
    return vanished


def create_backup(dest, progress=None):
    """Dump the database, then copy the media and the files it names in each private
    folder (archive.backup.folders), into one new tar file. `progress(total, step)` returns
    a bar (or None) that each step's copy ("media", "recordings") moves by bytes."""
    started = time.monotonic()
    now = datetime.datetime.now(datetime.UTC)
    path = backup_path(dest, now)
    media_root = Path(settings.MEDIA_ROOT)
    engine = database.engine()
    private = folders.registered()
    # The dump waits beside the backup (same disk, private folder) until it is copied in.
    work = Path(tempfile.mkdtemp(prefix=".memoria-backup-", dir=path.parent))
    writer = None
    try:
        dump_path = work / database.DUMP_NAMES[engine]
        facts = database.dump(dump_path, also_read=lambda: _referenced(private))
        writer = bundle.Writer(path)
        writer.add(dump_path, dump_path.name)
        media = [
            (file, file.relative_to(media_root).as_posix()) for file in media_files(media_root)
        ]
        _copy_in(writer, "media", media, progress)
        carried = {}
        for folder in private:
            present, missing = _on_disk(folder, facts["read"][folder.name])
            missing += _copy_in(writer, folder.name, present, progress)
            carried[folder.name] = {"setting": folder.setting, "missing": sorted(missing)}
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
                # Only the files the database names; "missing": named but not on disk.
                "private_folders": carried,
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


def _file_roots():
    """[(name in the backup, setting, folder on this server)]: the media and every private
    folder a feature registered."""
    return [("media", "MEDIA_ROOT", Path(settings.MEDIA_ROOT))] + [
        (folder.name, folder.setting, folder.root) for folder in folders.registered()
    ]


def check_target(replace):
    """Refuse a target that holds anything, unless the operator said to replace it."""
    tables = database.existing_tables(connection.settings_dict)
    held = []
    if tables:
        held.append(f"the database {connection.settings_dict['NAME']} holds {len(tables)} tables")
    for _name, setting, root in _file_roots():
        if files := media_files(root):
            held.append(f"{setting} {root} holds {len(files)} files")
    if replace or not held:
        return
    raise BackupError(
        f"Refusing to restore: {' and '.join(held)}. A restore goes into an empty database "
        "and empty file folders (MEDIA_ROOT and the private ones, such as RECORDINGS_ROOT); "
        "use new ones, or pass --replace to discard what is there (the old files are moved "
        "aside, the database is emptied)."
    )


def _folders_carried(manifest):
    """Refuse a backup holding a private folder this Memoria does not keep (restoring it
    without those files would lose them), before anything is written."""
    unknown = [name for name in manifest.get("private_folders", {}) if folders.get(name) is None]
    if unknown:
        raise BackupError(
            f"This backup holds files of {', '.join(unknown)}, which this Memoria does not "
            "keep; nothing was restored. Restore it with a Memoria that has that feature."
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
    """Verify every checksum, check the target, then load the database, the media and the
    private folders. Returns (Result, [folders the replaced files were moved to])."""
    started = time.monotonic()
    manifest = verify_backup(src, progress).manifest
    total = Path(src).stat().st_size
    newer = unknown_migrations(manifest)
    if newer:
        raise BackupError(
            "This backup comes from a newer Memoria (unknown migrations: "
            f"{', '.join(newer)}); restore it with that version."
        )
    _folders_carried(manifest)
    check_target(replace)
    roots = {name: root for name, _setting, root in _file_roots()}
    staging = {}
    for name, root in roots.items():
        # A private folder made here is readable by the site's user only.
        root.mkdir(mode=0o777 if name == "media" else 0o700, parents=True, exist_ok=True)
        staging[name] = root / STAGING
        shutil.rmtree(staging[name], ignore_errors=True)
    work = Path(tempfile.mkdtemp(prefix="memoria-restore-"))
    dump_name = manifest["database"]["file"]
    try:
        bar = progress(total, "restore") if progress else None
        # Everything lands in the staging folders first: a failure below overwrites nothing.
        bundle.extract(src, manifest, {**staging, dump_name: work / dump_name}, bar)
        if bar is not None:
            bar.close()
        database.restore(
            work / dump_name,
            manifest["database"]["engine"],
            connection.settings_dict,
            replace=replace,
        )
        # Every folder, even one this backup does not carry (a version 1 backup): with
        # --replace, no file of the replaced archive may stay where the restored
        # database's names could point at it.
        moved_aside = [
            aside
            for name, root in roots.items()
            if (aside := _move_in(staging[name], root, replace)) is not None
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)
        for folder in staging.values():
            shutil.rmtree(folder, ignore_errors=True)
    return Result(Path(src), manifest, time.monotonic() - started), moved_aside


def _move_in(staging, root, replace):
    """Move the restored files from `staging` into `root`; with `replace`, what was there
    first goes to ROOT.replaced-<time> (returned)."""
    aside = None
    old = [entry for entry in root.iterdir() if entry.name != STAGING]
    if old and replace:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
        aside = root.with_name(f"{root.name}.replaced-{stamp}")
        aside.mkdir(mode=0o700)
        for entry in old:
            shutil.move(entry, aside / entry.name)
    # File by file: the target may already hold empty folders (a fresh MEDIA_ROOT).
    for file in media_files(staging):
        target = root / file.relative_to(staging)
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
