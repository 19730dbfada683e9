"""Settings for the test suite (SQLite by default; DATABASE_URL selects PostgreSQL)."""

import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="memoria-test-media-")
RECORDINGS_ROOT = tempfile.mkdtemp(prefix="memoria-test-recordings-")
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
