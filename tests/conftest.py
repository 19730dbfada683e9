import secrets
import shutil

import pytest
from django.conf import settings
from django.core.management import call_command

from tests import built_once


@pytest.fixture(scope="session", autouse=True)
def _remove_test_media():
    """Test settings put uploads in a temporary folder of this process; it starts empty
    (an earlier run with the same process id may have left one) and is removed afterwards."""
    for folder in (settings.MEDIA_ROOT, settings.RECORDINGS_ROOT):
        shutil.rmtree(folder, ignore_errors=True)
    yield
    for folder in (settings.MEDIA_ROOT, settings.RECORDINGS_ROOT):
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test databases, with a quicker reset for the tests that commit
    (tests/table_copy.py): serialized rollback puts back a copy of the tables as the
    migrations left them, and PostgreSQL's flush deletes rows rather than truncating."""
    from django.db import connections
    from django.db.backends.base.creation import BaseDatabaseCreation
    from django.db.backends.postgresql.operations import DatabaseOperations

    from tests import table_copy

    with django_db_blocker.unblock():
        copies = {alias: table_copy.take(connections[alias]) for alias in connections}

    def restore_copy(creation, data):
        # Django passes the serialized objects; the copied rows say the same, exactly.
        table_copy.restore(creation.connection, copies[creation.connection.alias])

    deserialize = BaseDatabaseCreation.deserialize_db_from_string
    BaseDatabaseCreation.deserialize_db_from_string = restore_copy
    truncate = table_copy.empty_postgresql_tables_with_delete(DatabaseOperations)
    yield
    BaseDatabaseCreation.deserialize_db_from_string = deserialize
    DatabaseOperations.sql_flush = truncate


@pytest.fixture(autouse=True)
def _fresh_default_cache():
    """Rate-limit counts and anything else kept in the default cache start empty in every
    test: a test's failed logins must not refuse the next test's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def _demo_content_rows(django_db_setup, django_db_blocker):
    """The rows `load_demo` writes, loaded once per test process (tests/built_once.py); its
    photos stay in this process's MEDIA_ROOT."""
    return built_once.build(django_db_blocker, lambda: call_command("load_demo", verbosity=0))


@pytest.fixture
def demo(db, _demo_content_rows):
    """The demo archive (`manage.py load_demo`), as it is right after loading: its rows are
    put back in each test's transaction instead of loading it again."""
    rows, _ = _demo_content_rows
    built_once.put_back(rows)


@pytest.fixture
def site_structure(db):
    from stories.site_structure import ensure_site_structure

    return ensure_site_structure()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language: a request under /es/ activates Spanish
    for the rest of the thread, and a test must not depend on the test before it."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def redis_default_cache(settings):
    """The default cache on a real Redis, as production's workers share it (the test is skipped
    when no Redis answers). Its keys carry a prefix of this test's own and only they are
    deleted afterwards, never the whole Redis database: `make test` runs the SQLite and the
    PostgreSQL suites at the same time against the same Redis. Returns the Redis client."""
    redis = pytest.importorskip("redis")
    location = "redis://127.0.0.1:6379/6"
    client = redis.Redis.from_url(location, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis is not answering at {location}")
    prefix = f"memoria-test-{secrets.token_hex(6)}"
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
        },
    }
    yield client
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
