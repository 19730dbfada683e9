"""/media/: photo files and their resized copies are served only to people who may see the
photo (archive.visibility), and nothing else on disk is reachable."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from PIL import Image

from archive.models import ArchiveRendition
from archive.roles import EDITORS, MEMBERS
from stories.models import Visibility
from tests.factories import make_narrator, make_photo, make_story, photo_block

pytestmark = pytest.mark.django_db


def urls_of(photo):
    """The original and a resized copy, as pages link to them."""
    return [photo.file.url, photo.get_rendition("width-400").url]


def body(response):
    return b"".join(response.streaming_content)


@pytest.fixture(autouse=True)
def _forget_cached_renditions():
    """Wagtail caches renditions by photo id and file hash. Test databases reuse ids and
    these photos are identical, so a rendition from an earlier test could answer."""
    ArchiveRendition.cache_backend.clear()


@pytest.fixture
def user_in(django_user_model, site_structure):
    def make(group_name):
        user = django_user_model.objects.create_user(f"someone-{group_name}", password="pw")
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("chief", "chief@example.org", "pw")


# --- Stories that hide their photos --------------------------------------------------------


def unpublished_story(index, photo):
    story = make_story(index, narrators=[make_narrator()], body_en=photo_block(photo))
    story.unpublish()
    return story


def never_published_draft(index, photo):
    from stories.models import StoryPage

    draft = StoryPage(
        title="A draft",
        title_en="A draft",
        slug="a-draft",
        slug_en="a-draft",
        slug_es="un-borrador",
        original_language="en",
        body_en=photo_block(photo),
        live=False,
    )
    index.add_child(instance=draft)
    draft.save_revision()
    return draft


def members_only_story(index, photo):
    return make_story(
        index,
        narrators=[make_narrator()],
        visibility=Visibility.MEMBERS,
        body_en=photo_block(photo),
    )


def embargoed_story(index, photo):
    return make_story(
        index,
        narrators=[make_narrator()],
        visibility=Visibility.EMBARGOED,
        embargo_until=timezone.localdate() + datetime.timedelta(days=30),
        body_en=photo_block(photo),
    )


def story_whose_narrator_withdrew(index, photo):
    narrator = make_narrator()
    story = make_story(index, narrators=[narrator], body_en=photo_block(photo))
    narrator.withdrawn_at = timezone.now()
    narrator.save()
    return story


HIDING_STORIES = [
    unpublished_story,
    never_published_draft,
    members_only_story,
    embargoed_story,
    story_whose_narrator_withdrew,
]


# --- Tests ---------------------------------------------------------------------------------


def test_a_photo_in_a_public_story_is_served_to_everyone(client, site_structure):
    _, index = site_structure
    photo = make_photo()
    make_story(index, narrators=[make_narrator()], body_en=photo_block(photo))
    original, rendition = urls_of(photo)
    assert original.startswith("/media/original_images/")
    assert rendition.startswith("/media/images/")
    for url in (original, rendition):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "image/jpeg"
        assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
        with Image.open(io.BytesIO(body(response))) as served:
            assert served.format == "JPEG"
    with Image.open(io.BytesIO(body(client.get(rendition)))) as resized:
        assert resized.width == 400
    assert client.head(original).status_code == 200
    assert client.post(original).status_code == 405


def test_a_photo_in_a_public_story_stays_public_if_a_hidden_story_also_uses_it(
    client, site_structure
):
    _, index = site_structure
    photo = make_photo()
    members_only_story(index, photo)
    make_story(index, narrators=[make_narrator()], body_en=photo_block(photo))
    for url in urls_of(photo):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("hiding_story", HIDING_STORIES, ids=lambda f: f.__name__)
def test_a_photo_used_only_by_a_hidden_story_is_not_served_to_anonymous_visitors(
    client, site_structure, superuser, user_in, hiding_story
):
    _, index = site_structure
    photo = make_photo()
    hiding_story(index, photo)
    urls = urls_of(photo)
    for url in urls:
        assert client.get(url).status_code == 404, url
    # The archive's staff see every photo (the admin shows them all), never from a cache.
    for staff in (superuser, user_in(EDITORS)):
        client.force_login(staff)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (staff, url)
            assert "private" in response["Cache-Control"]
            assert "no-store" in response["Cache-Control"]
        client.logout()


def test_members_see_photos_of_members_only_stories_but_not_of_drafts(
    client, site_structure, user_in
):
    _, index = site_structure
    for_members = make_photo("For members", "members.jpg")
    members_only_story(index, for_members)
    in_draft = make_photo("In a draft", "draft.jpg")
    unpublished_story(index, in_draft)
    client.force_login(user_in(MEMBERS))
    for url in urls_of(for_members):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"]
    for url in urls_of(in_draft):
        assert client.get(url).status_code == 404, url


def test_a_photo_becomes_hidden_when_its_only_story_is_unpublished(client, site_structure):
    _, index = site_structure
    photo = make_photo()
    story = make_story(index, narrators=[make_narrator()], body_en=photo_block(photo))
    original = photo.file.url
    assert client.get(original).status_code == 200
    story.unpublish()
    assert client.get(original).status_code == 404


def test_a_photo_used_by_no_story_stays_hidden_until_an_editor_shows_it(client, site_structure):
    """A new upload may be meant for a hidden story: it is not public (photo ids are easy
    to guess) until a public story uses it or an editor chooses to show it on its own."""
    photo = make_photo()
    for url in [*urls_of(photo), f"/photos/{photo.pk}/"]:
        assert client.get(url).status_code == 404, url
    photo.shown_on_its_own = True
    photo.save()
    for url in [*urls_of(photo), f"/photos/{photo.pk}/"]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "url",
    [
        "/media/../manage.py",
        "/media/../archive/settings/base.py",
        "/media/original_images/../../manage.py",
        "/media/%2e%2e/manage.py",
        "/media/original_images/%2e%2e/%2e%2e/manage.py",
        "/media//etc/passwd",
        "/media/original_images/does-not-exist.jpg",
        "/media/images/does-not-exist.width-400.jpg",
        "/media/documents/consent-form.pdf",
        "/media/",
    ],
)
def test_paths_that_are_not_a_stored_photo_are_not_found(client, superuser, url):
    make_photo()  # something real in storage, to make sure it is not what answers
    assert client.get(url).status_code == 404
    client.force_login(superuser)  # not even for the archive's staff
    assert client.get(url).status_code == 404


def test_a_photo_whose_file_is_missing_is_not_found(client, superuser):
    photo = make_photo()
    photo.file.storage.delete(photo.file.name)
    client.force_login(superuser)
    assert client.get(photo.file.url).status_code == 404


def test_a_photo_added_in_a_draft_revision_of_a_members_only_story_is_hidden(
    client, site_structure
):
    _, index = site_structure
    story = members_only_story(index, make_photo("Already there", "there.jpg"))
    added = make_photo("Added in a draft", "added.jpg")
    story.body_en = photo_block(added)
    story.save_revision()
    assert client.get(added.file.url).status_code == 404


@pytest.mark.parametrize("hide", [None, *HIDING_STORIES])
def test_behind_nginx_only_a_visible_rendition_is_handed_to_the_web_server(
    client, site_structure, settings, hide
):
    """With RENDITIONS_ACCEL_PREFIX (production behind nginx) the view still decides, and
    only then names the file for nginx's internal location; originals stay with Django."""
    settings.RENDITIONS_ACCEL_PREFIX = "/_memoria_renditions/"
    _, index = site_structure
    photo = make_photo()
    if hide:
        hide(index, photo)
    else:
        make_story(index, narrators=[make_narrator()], body_en=photo_block(photo))
    original, rendition = urls_of(photo)
    response = client.get(rendition)
    if hide:
        assert response.status_code == 404
        assert not response.has_header("X-Accel-Redirect")
        return
    assert response.status_code == 200
    name = rendition.removeprefix("/media/images/")
    assert response["X-Accel-Redirect"] == f"/_memoria_renditions/{name}"
    assert response["Content-Type"] == "image/jpeg"
    assert "public" in response["Cache-Control"]
    assert response.content == b""  # nginx sends the bytes
    assert not client.get(original).has_header("X-Accel-Redirect")
