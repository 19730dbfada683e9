"""Backups of the whole archive and their restore (manage.py backup_archive / restore_archive).

A backup is one tar file: the database (PostgreSQL custom-format dump, or a SQLite copy made
with SQLite's online backup), every file under MEDIA_ROOT, the files the database names in
each private folder features register (archive.backup.folders: the recordings under
RECORDINGS_ROOT), and manifest.json with the format version, the migration state and a
SHA-256 checksum and size for every file.
"""
