"""Settings for the test suite (SQLite by default; DATABASE_URL selects PostgreSQL)."""

import os
import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Named, not created: reading settings creates nothing. Uploads create it; the test run
# empties it before and removes it after (tests/conftest.py).
MEDIA_ROOT = os.path.join(tempfile.gettempdir(), f"memoria-test-media-{os.getpid()}")
RECORDINGS_ROOT = os.path.join(tempfile.gettempdir(), f"memoria-test-recordings-{os.getpid()}")
STORAGES = {
    "default": {"BACKEND": "archive.storage.CleaningFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SITE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = SITE_URL
# The suite searches the database index; the live Elasticsearch tests read
# ELASTICSEARCH_URL from the environment themselves and use a throwaway index.
ELASTICSEARCH_URL = ""
# The page cache is tested where it is switched on (tests/archive/test_page_cache.py).
PAGE_CACHE = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # A test database is thrown away, so a commit need not wait for the disk (about 10 ms
    # each): browser tests and the restore drill commit after almost every write. Other
    # connections still see each commit at once; only a server crash could lose it.
    DATABASES["default"]["OPTIONS"]["options"] += " -c synchronous_commit=off"  # noqa: F405
