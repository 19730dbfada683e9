"""The database half of a backup: dump a consistent copy, tell whether a target is empty,
restore a copy. PostgreSQL through pg_dump / pg_restore / psql with the configured
connection's parameters; SQLite through its online backup API.

Sessions are left out of every copy: a session key is as good as a password while the
SECRET_KEY is unchanged, and after a restore everyone simply logs in again.
"""

import contextlib
import os
import re
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.db import connection, transaction

from archive.backup.errors import BackupError

# Read from the same snapshot as the dump, so the manifest describes exactly what it holds.
MIGRATIONS_SQL = "SELECT app, max(name) FROM django_migrations GROUP BY app ORDER BY app"
SESSION_TABLE = "django_session"
DUMP_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


def engine():
    """'postgresql' or 'sqlite': the only engines the archive runs on."""
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    return connection.vendor


def dump(path, also_read=None):
    """Write a consistent copy of the database to `path`; return what the manifest records
    about it: {"engine", "server_version", "migrations": {app: latest}}, and under "read"
    what `also_read()` answered, asked of the very state the copy holds (the files the
    copy's rows name, archive.backup.folders)."""
    if engine() == "sqlite":
        return _dump_sqlite(path, also_read)
    return _dump_postgresql(path, also_read)


def _dump_sqlite(path, also_read):
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(path)) as copy:
        # One read transaction: no writer commits between also_read's queries and the copy.
        with transaction.atomic():
            read = also_read() if also_read else None
            connection.connection.backup(copy)
        copy.execute(f"DELETE FROM {SESSION_TABLE}")
        copy.commit()
        copy.execute("VACUUM")  # deleted sessions must not linger in free pages
        migrations = dict(copy.execute(MIGRATIONS_SQL).fetchall())
    return {
        "engine": "sqlite",
        "server_version": sqlite3.sqlite_version,
        "migrations": migrations,
        "read": read,
    }


def _dump_postgresql(path, also_read):
    _require_client("pg_dump", _server_major())
    # pg_dump reads the snapshot this transaction exported, and the migration state is read
    # in the same snapshot: the manifest and the dump describe one moment.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot, version = cursor.fetchone()
        cursor.execute(MIGRATIONS_SQL)
        migrations = dict(cursor.fetchall())
        read = also_read() if also_read else None
        _run(
            [
                "pg_dump",
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--exclude-table-data={SESSION_TABLE}",
                f"--file={path}",
                *_connection_arguments(connection.settings_dict),
            ],
            connection.settings_dict,
        )
    return {
        "engine": "postgresql",
        "server_version": version,
        "migrations": migrations,
        "read": read,
    }


def existing_tables(settings_dict):
    """Names of the tables already in the target database (empty when it is new)."""
    sqlite = settings_dict["ENGINE"].endswith("sqlite3")
    if sqlite and not connection.is_in_memory_db() and not Path(settings_dict["NAME"]).exists():
        return []  # connecting would create the file
    try:
        connection.ensure_connection()
    except Exception as error:  # the driver's OperationalError, e.g. no such database
        raise BackupError(
            f"Cannot connect to the target database {settings_dict['NAME']!r}: {error}\n"
            "Create it first, e.g. createdb -h HOST -U USER " + settings_dict["NAME"]
        ) from error
    tables = connection.introspection.table_names()
    connection.close()
    return tables


def restore(path, backup_engine, settings_dict, *, replace):
    """Load the copy at `path` into the configured database, all or nothing."""
    target = "sqlite" if settings_dict["ENGINE"].endswith("sqlite3") else "postgresql"
    if backup_engine != target:
        raise BackupError(
            f"This backup holds a {backup_engine} database; the configured database is "
            f"{target}. Restore it into a {backup_engine} database (DATABASE_URL)."
        )
    if target == "sqlite" and connection.is_in_memory_db():
        raise BackupError("A SQLite restore needs a database file (DATABASE_URL=sqlite:///…).")
    connection.close()
    if target == "sqlite":
        _restore_sqlite(path, Path(settings_dict["NAME"]), replace=replace)
    else:
        _restore_postgresql(path, settings_dict, replace=replace)


def _restore_sqlite(path, target, *, replace):
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(target.name + ".restoring")
    try:
        with (
            contextlib.closing(sqlite3.connect(path)) as source,
            contextlib.closing(sqlite3.connect(staged)) as copy,
        ):
            source.backup(copy)
    except sqlite3.DatabaseError as error:
        staged.unlink(missing_ok=True)
        raise BackupError(f"The database restore failed; nothing was changed.\n{error}") from error
    if replace:
        # A write-ahead log left by the replaced database would be replayed into this one.
        for suffix in ("-wal", "-shm", "-journal"):
            target.with_name(target.name + suffix).unlink(missing_ok=True)
    os.replace(staged, target)


def _restore_postgresql(path, settings_dict, *, replace):
    """pg_restore writes the SQL, psql runs it inside one transaction that is committed
    only once pg_restore has finished without error: any failure leaves the database as it
    was (with --replace too: its emptying is part of the same transaction). Owners and
    grants become the connecting role's (a new server's role)."""
    _require_client("pg_restore", None)
    with tempfile.TemporaryFile() as restore_errors, tempfile.TemporaryFile() as load_errors:
        restore_sql = subprocess.Popen(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--file=-", path],
            stdout=subprocess.PIPE,
            stderr=restore_errors,
        )
        psql = subprocess.Popen(
            ["psql", "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--file=-"]
            + _connection_arguments(settings_dict),
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=load_errors,
            env=_environment(settings_dict),
        )
        wipe = b"DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n" if replace else b""
        try:
            psql.stdin.write(b"BEGIN;\n" + wipe)
            while chunk := restore_sql.stdout.read(1024 * 1024):
                psql.stdin.write(chunk)
            if restore_sql.wait() == 0:
                psql.stdin.write(b"COMMIT;\n")
            psql.stdin.close()  # without COMMIT, psql's session ends and rolls back
        except BrokenPipeError:
            pass  # psql stopped at an error; its message says which
        finally:
            with contextlib.suppress(BrokenPipeError):
                psql.stdin.close()
        restore_sql.stdout.close()
        restore_sql.wait()
        psql.wait()
        if restore_sql.returncode or psql.returncode:
            message = b""
            for errors in (restore_errors, load_errors):
                errors.seek(0)
                message += errors.read()
            raise BackupError(
                "The database restore failed; nothing was changed.\n"
                + message.decode("utf-8", "replace").strip()
            )


def _connection_arguments(settings_dict):
    arguments = [f"--dbname={settings_dict['NAME']}"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            arguments.append(f"{option}={settings_dict[key]}")
    return arguments


# libpq reads these from the environment: a password never shows in the process list.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
}


def _environment(settings_dict):
    env = dict(os.environ, PGAPPNAME="memoria-backup")
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    for option, variable in LIBPQ_OPTIONS.items():
        if settings_dict.get("OPTIONS", {}).get(option):
            env[variable] = str(settings_dict["OPTIONS"][option])
    return env


def _run(command, settings_dict):
    done = subprocess.run(
        command, env=_environment(settings_dict), capture_output=True, check=False
    )
    if done.returncode:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise BackupError(f"{command[0]} failed: {message}")


def _server_major():
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def _require_client(program, server_major):
    """The client tools must exist and, for pg_dump, be at least the server's version."""
    try:
        done = subprocess.run([program, "--version"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        raise BackupError(
            f"{program} is needed and was not found: install postgresql-client "
            f"(the server's major version). ({error})"
        ) from error
    found = re.search(r"(\d+)(?:\.\d+)?", done.stdout)
    major = int(found.group(1)) if found else 0
    if server_major and major < server_major:
        raise BackupError(
            f"{program} {major} cannot dump a PostgreSQL {server_major} server: "
            f"install postgresql-client-{server_major}."
        )
