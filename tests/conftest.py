import shutil

import pytest
from django.conf import settings


@pytest.fixture(scope="session", autouse=True)
def _remove_test_media():
    """Test settings put uploads in a temporary folder of this process; it starts empty
    (an earlier run with the same process id may have left one) and is removed afterwards."""
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def _fresh_default_cache():
    """Rate-limit counts and anything else kept in the default cache start empty in every
    test: a test's failed logins must not refuse the next test's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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
