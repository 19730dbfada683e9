import shutil

import pytest
from django.conf import settings

from tests.recordings.uploading import member


@pytest.fixture(scope="session", autouse=True)
def _remove_test_recordings():
    yield
    shutil.rmtree(settings.RECORDINGS_ROOT, ignore_errors=True)


@pytest.fixture
def index(site_structure):
    return site_structure[1]


@pytest.fixture
def narrator():
    from tests.factories import make_narrator

    return make_narrator(pseudonym="Doña Canaria", real_name="Secreta Realname", voice_consent=True)


@pytest.fixture
def story(index, narrator):
    from tests.factories import make_story

    return make_story(index, narrators=[narrator])


@pytest.fixture(autouse=True)
def _no_uploads_left_over():
    """Uploads on their way in live on disk, not in the database: each test starts without
    the ones an earlier test left (user ids are reused once the database rolls back)."""
    from recordings import upload_store

    shutil.rmtree(upload_store.root(), ignore_errors=True)
    yield
    shutil.rmtree(upload_store.root(), ignore_errors=True)


@pytest.fixture
def ana(site_structure, client):
    """The test client, logged in as Ana, a member."""
    client.force_login(member("ana"))
    return client
