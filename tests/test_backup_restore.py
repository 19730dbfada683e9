"""The restore drill: an archive with public and hidden stories, each with a recorded
testimony, is backed up, restored into a new database, MEDIA_ROOT and RECORDINGS_ROOT by
`manage.py restore_archive` in another process (as an operator restores on a new server),
and the restored archive, asked from a fresh process, gives the same pages, records, search
answers, media bytes and recordings (a public one plays), and still shows nothing of what
the leak matrix hides. A damaged backup and a non-empty target are refused.
"""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

from archive.roles import MEMBERS
from recordings.backup import referenced_files
from recordings.models import Recording
from stories.models import StoryPage
from tests import backup_drill
from tests import test_leak_matrix as matrix
from tests.factories import make_place, make_story, make_theme

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BASE_DIR = Path(settings.BASE_DIR)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def new_server(tmp_path):
    """An empty database, MEDIA_ROOT and RECORDINGS_ROOT, as on a new server: PostgreSQL
    gets a database of its own beside the test database, SQLite a new file."""
    media = tmp_path / "restored-media"
    recordings = tmp_path / "restored-recordings"
    if connection.vendor == "sqlite":
        database = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        yield {"DATABASE_URL": database, "media": media, "recordings": recordings}
        return
    name = f"{connection.settings_dict['NAME']}_drill"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    test_db = connection.settings_dict
    login = quote(test_db["USER"]) + (
        f":{quote(test_db['PASSWORD'])}" if test_db["PASSWORD"] else ""
    )
    address = f"{login}@{test_db['HOST'] or 'localhost'}:{test_db['PORT'] or 5432}"
    yield {"DATABASE_URL": f"postgres://{address}/{name}", "media": media, "recordings": recordings}
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def on_new_server(server, *arguments):
    """Run a command as the new server's operator would: its own process and settings,
    whose RECORDINGS_ROOT starts empty (the backup brings the recordings)."""
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tests.drill_settings",
        DATABASE_URL=server["DATABASE_URL"],
        DRILL_MEDIA_ROOT=str(server["media"]),
        DRILL_RECORDINGS_ROOT=str(server["recordings"]),
    )
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def build_archive(index):
    """Every hidden state of the leak matrix, a public story, an ordinary two-language
    story, a timeline drawing them and a member account."""
    stories = {hide.__name__: hide(index) for hide in matrix.HIDDEN}
    stories["public"] = matrix._story(index, "public")
    river = make_story(index, themes=[make_theme()], places=[make_place()])
    matrix.timelines(stories["public"], Client())  # creates and publishes the timeline
    member = User.objects.create_user("member", "member@example.org", "x")
    member.groups.add(Group.objects.get(name=MEMBERS))
    Client().force_login(member)  # a session, which a backup must leave out
    return stories, river


def addresses(stories, river):
    urls = []
    for story in (stories["public"], river):
        urls += [matrix._url(story, "en"), matrix._url(story, "es")]
    recording = f"/recordings/{stories['public'].recording.pk}"
    return urls + [
        f"{recording}/web",  # the public recording plays: the same bytes
        f"{recording}/image",
        "/",
        "/es/",
        "/sitemap.xml",
        "/api/v2/pages/?type=stories.StoryPage&fields=*",
        "/api/v2/images/?fields=*",
        "/oai/?verb=ListRecords&metadataPrefix=oai_dc",
        "/search/results.json?q=leak",
        "/search/results.json?q=fuga&lang=es",
        "/search/results.json?q=river",
        "/es/buscar/resultados.json?q=agua",
        "/es/buscar/?q=rio",
        "/timelines/leak-timeline/timelinejs.json?lang=es",
        stories["public"].photo.file.url,
        stories["public"].early_rendition_url,
    ]


def recording_digests():
    """{name: SHA-256} of every file a Recording row names: what a backup must carry of
    RECORDINGS_ROOT, and nothing more."""
    root = Path(settings.RECORDINGS_ROOT)
    return {name: backup_drill.sha256(root / name) for name in referenced_files()}


def leave_unnamed_files():
    """Files under RECORDINGS_ROOT that no row names: a deleted recording's web copy left
    behind and a member's unfinished upload. A backup must not bring them back."""
    root = Path(settings.RECORDINGS_ROOT)
    left = {"web/deleted-recording.m4a": b"a deleted recording", "incoming/x/data": b"half"}
    for name, data in left.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return set(left)


def test_a_restored_backup_answers_as_the_archive_did_and_hides_what_it_hid(
    site_structure, media_root, new_server, tmp_path
):
    _, index = site_structure
    stories, river = build_archive(index)
    urls = addresses(stories, river)
    before = backup_drill.snapshot(Client(), urls)
    media_before = backup_drill.media_digests(media_root)
    recordings_before = recording_digests()
    unnamed = leave_unnamed_files()
    # A withdrawal deleted the web copy and picture; the original stays for preservation.
    withdrawn = stories["withdrawn"].recording  # as it was before the withdrawal
    assert not Recording.objects.filter(pk=withdrawn.pk, web_file=withdrawn.web_file.name)
    assert withdrawn.original.name in recordings_before
    assert {status for status, _body in before.values()} == {200}
    # (what is compared is worth comparing)
    assert stories["public"].title_es in before[matrix._url(stories["public"], "es")][1]
    assert river.title_en in before["/search/results.json?q=river"][1]
    assert "Prueba de fuga public" in before["/oai/?verb=ListRecords&metadataPrefix=oai_dc"][1]

    said, bars = io.StringIO(), io.StringIO()
    call_command("backup_archive", str(tmp_path / "archive.tar"), stdout=said, stderr=bars)
    assert f"recordings: {len(recordings_before)} files" in said.getvalue()
    assert "media: 100%" in bars.getvalue() and "recordings: 100%" in bars.getvalue()
    assert (tmp_path / "archive.tar").stat().st_mode & 0o777 == 0o600
    assert not list(tmp_path.glob(".memoria-backup-*")), "the work folder was left behind"
    restored = on_new_server(new_server, "manage.py", "restore_archive", tmp_path / "archive.tar")
    if restored.returncode:
        pytest.fail(f"restore_archive failed:\n{restored.stdout}\n{restored.stderr}")
    assert "research index: in step with the archive" in restored.stdout

    spec = {
        "urls": urls,
        "stories": {
            key: {
                "pk": story.pk,
                "photo": story.photo.pk,
                "early_rendition_url": story.early_rendition_url,
                "recording": story.recording.pk,
            }
            for key, story in stories.items()
        },
        "members_story": stories["members_only"].pk,
        "member": "member",
    }
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    probe = on_new_server(
        new_server, "-m", "tests.backup_drill", tmp_path / "spec.json", tmp_path / "out.json"
    )
    if probe.returncode:
        pytest.fail(f"the probe failed:\n{probe.stdout}\n{probe.stderr}")
    after = json.loads((tmp_path / "out.json").read_text())

    for url in urls:
        assert after["snapshot"][url] == before[url], f"{url} answers differently"
    assert after["media"] == media_before
    # Every file a recording names, the same bytes, and nothing else: not the withdrawn
    # narrator's deleted web copy, not files no row names.
    assert after["recordings"] == recordings_before
    assert withdrawn.web_file.name not in after["recordings"]
    assert not unnamed & set(after["recordings"])
    assert after["sessions"] == 0
    assert after["leaks"] == []
    assert stories["members_only"].title_es in after["member"]
    assert "Seudónimo members" in after["member"]

    # Restoring again over it (refused without --replace: tested below) sets media aside.
    replaced = on_new_server(
        new_server, "manage.py", "restore_archive", "--replace", tmp_path / "archive.tar"
    )
    assert replaced.returncode == 0, replaced.stderr
    assert "research index: in step with the archive" in replaced.stdout
    assert backup_drill.media_digests(new_server["media"]) == media_before
    assert backup_drill.media_digests(new_server["recordings"]) == recordings_before
    (aside,) = tmp_path.glob("restored-media.replaced-*")
    # (and the renditions the matrix's channels made since)
    assert after["media"].items() <= backup_drill.media_digests(aside).items()
    (recordings_aside,) = tmp_path.glob("restored-recordings.replaced-*")
    assert backup_drill.media_digests(recordings_aside) == recordings_before


# --- Refusals: checked in this process, against the test database itself, which holds an
# archive: a refusal must come before anything in it, or in MEDIA_ROOT, changes.
def state(media_root):
    """What a restore would change: the stories and every media and recording file's bytes."""
    stories = sorted(StoryPage.objects.values_list("pk", "title_en", "live"))
    recordings = backup_drill.media_digests(settings.RECORDINGS_ROOT)
    return stories, backup_drill.media_digests(media_root), recordings


def flip_a_byte(backup, name):
    """Damage one byte in the middle of the backup's file `name`, as a bad disk would."""
    with tarfile.open(backup) as tar:
        member = tar.getmember(f"memoria-backup/{name}")
    with open(backup, "r+b") as file:
        file.seek(member.offset_data + member.size // 2)
        byte = file.read(1)
        file.seek(-1, os.SEEK_CUR)
        file.write(bytes([byte[0] ^ 0xFF]))


@pytest.fixture
def backed_up(site_structure, media_root, tmp_path):
    _, index = site_structure
    story = matrix._story(index, "public")
    backup = tmp_path / "archive.tar"
    call_command("backup_archive", str(backup), verbosity=0)
    return story, backup


def test_a_damaged_backup_is_refused_naming_the_file_and_nothing_changes(
    backed_up, media_root, tmp_path
):
    story, backup = backed_up
    intact = backup.read_bytes()
    out = io.StringIO()
    call_command("restore_archive", str(backup), "--verify-only", stdout=out)
    assert "Verified" in out.getvalue()
    before = state(media_root)
    dump = "database.dump" if connection.vendor == "postgresql" else "database.sqlite3"
    photo = f"media/{story.photo.file.name}"
    recording = f"recordings/{story.recording.original.name}"
    for damaged in (photo, recording, dump):
        backup.write_bytes(intact)
        flip_a_byte(backup, damaged)
        with pytest.raises(CommandError, match=damaged):
            call_command("restore_archive", str(backup), "--verify-only", verbosity=0)
        with pytest.raises(CommandError) as refusal:
            call_command("restore_archive", str(backup), "--replace", verbosity=0)
        assert f"{damaged}: its SHA-256 checksum does not match" in str(refusal.value)
        assert "nothing was restored" in str(refusal.value)
        assert state(media_root) == before

    backup.write_bytes(intact[: len(intact) // 2])  # a copy cut short
    with pytest.raises(CommandError, match="damaged or truncated|missing from the backup"):
        call_command("restore_archive", str(backup), "--replace", verbosity=0)
    assert state(media_root) == before


def test_restoring_over_an_archive_is_refused_without_replace(backed_up, media_root):
    _story, backup = backed_up
    before = state(media_root)
    with pytest.raises(CommandError, match=r"Refusing to restore: the database .* holds \d+"):
        call_command("restore_archive", str(backup), verbosity=0)
    assert state(media_root) == before
    # The recordings there are named too: the restored rows could name those files.
    recordings = Path(settings.RECORDINGS_ROOT)
    with pytest.raises(CommandError, match=rf"RECORDINGS_ROOT {recordings} holds \d+ files"):
        call_command("restore_archive", str(backup), verbosity=0)


def rewrite_backup(backup, change_manifest=lambda manifest: manifest, files=None):
    """Rewrite the backup with some files' contents replaced and the manifest changed to
    match: what a backup that passes every checksum but holds something else looks like."""
    files = {f"memoria-backup/{name}": data for name, data in (files or {}).items()}
    with tarfile.open(backup) as tar:
        members = [(member, tar.extractfile(member).read()) for member in tar]
    with tarfile.open(backup, "w") as tar:
        for member, data in members:
            data = files.get(member.name, data)
            if member.name.endswith("/manifest.json"):
                manifest = change_manifest(json.loads(data))
                for entry in manifest["files"]:
                    if f"memoria-backup/{entry['path']}" in files:
                        content = files[f"memoria-backup/{entry['path']}"]
                        entry.update(size=len(content), sha256=hashlib.sha256(content).hexdigest())
                data = json.dumps(manifest).encode()
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))


def test_a_backup_from_a_newer_memoria_is_refused(backed_up, media_root):
    _story, backup = backed_up
    with tarfile.open(backup) as tar:
        manifest = json.loads(tar.extractfile("memoria-backup/manifest.json").read())
    assert settings.SECRET_KEY.encode() not in backup.read_bytes()
    assert manifest["migrations"]["research"] == max(
        name
        for app, name in MigrationRecorder(connection).applied_migrations()
        if app == "research"
    )
    assert {entry["path"] for entry in manifest["files"]} == {
        manifest["database"]["file"],
        *(f"media/{name}" for name in backup_drill.media_digests(media_root)),
        *(f"recordings/{name}" for name in recording_digests()),
    }
    assert manifest["private_folders"] == {
        "recordings": {"setting": "RECORDINGS_ROOT", "missing": []}
    }
    rewrite_backup(
        backup,
        lambda manifest: {
            **manifest,
            "migrations": {**manifest["migrations"], "research": "9999_from_the_future"},
        },
    )
    before = state(media_root)
    with pytest.raises(CommandError, match="newer Memoria .*research.9999_from_the_future"):
        call_command("restore_archive", str(backup), "--replace", verbosity=0)
    assert state(media_root) == before


def test_a_backup_made_before_recordings_were_carried_still_reads(backed_up):
    _story, backup = backed_up

    def version_1(manifest):
        del manifest["private_folders"]
        return {**manifest, "format_version": 1}

    rewrite_backup(backup, version_1)
    out = io.StringIO()
    call_command("restore_archive", str(backup), "--verify-only", stdout=out)
    assert "Verified" in out.getvalue() and "recordings:" not in out.getvalue()
    rewrite_backup(backup, lambda manifest: {**manifest, "format_version": 3})
    with pytest.raises(CommandError, match="Backup format version 3 is not supported here"):
        call_command("restore_archive", str(backup), "--verify-only", verbosity=0)


def test_a_recording_file_lost_before_the_backup_is_reported(site_structure, media_root, tmp_path):
    _, index = site_structure
    recording = matrix._story(index, "public").recording
    recording.web_file.storage.delete(recording.web_file.name)
    said = io.StringIO()
    call_command("backup_archive", str(tmp_path / "archive.tar"), verbosity=0, stderr=said)
    assert (
        "Not in this backup: files the database names that were not on disk (1" in said.getvalue()
    )
    assert f"RECORDINGS_ROOT/{recording.web_file.name}" in said.getvalue()
    with tarfile.open(tmp_path / "archive.tar") as tar:
        manifest = json.loads(tar.extractfile("memoria-backup/manifest.json").read())
        assert f"memoria-backup/recordings/{recording.original.name}" in tar.getnames()
    assert manifest["private_folders"]["recordings"]["missing"] == [recording.web_file.name]


def test_a_backup_with_files_this_memoria_does_not_keep_is_refused(backed_up, media_root):
    """Restoring it would drop those files without a word: refused, nothing changed."""
    _story, backup = backed_up
    rewrite_backup(
        backup,
        lambda manifest: {
            **manifest,
            "private_folders": {
                **manifest["private_folders"],
                "letters": {"setting": "LETTERS_ROOT", "missing": []},
            },
        },
    )
    before = state(media_root)
    with pytest.raises(CommandError, match="holds files of letters, which this Memoria does not"):
        call_command("restore_archive", str(backup), "--replace", verbosity=0)
    assert state(media_root) == before


def test_a_database_that_cannot_be_loaded_changes_nothing_even_with_replace(
    backed_up, new_server, tmp_path
):
    _story, backup = backed_up
    first = on_new_server(new_server, "manage.py", "restore_archive", backup)
    assert first.returncode == 0, first.stderr
    media = backup_drill.media_digests(new_server["media"])
    recordings = backup_drill.media_digests(new_server["recordings"])
    assert recordings == recording_digests()
    # Its checksum matches (as a dump from an incompatible PostgreSQL would), yet it fails.
    dump = "database.dump" if connection.vendor == "postgresql" else "database.sqlite3"
    rewrite_backup(backup, files={dump: b"not a database " * 1000})

    failed = on_new_server(new_server, "manage.py", "restore_archive", "--replace", backup)
    assert failed.returncode == 1
    assert "The database restore failed; nothing was changed" in failed.stderr
    assert backup_drill.media_digests(new_server["media"]) == media
    assert backup_drill.media_digests(new_server["recordings"]) == recordings
    assert not list(tmp_path.glob("restored-media.replaced-*"))
    assert not list(tmp_path.glob("restored-recordings.replaced-*"))
    assert not list(tmp_path.glob("*.restoring"))
    still = on_new_server(new_server, "manage.py", "check_research_index")
    assert "in step with the archive" in still.stdout, still.stderr
