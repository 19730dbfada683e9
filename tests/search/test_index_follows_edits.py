"""The research index follows every edit that changes what a record shows or to whom, at
once: a pseudonym added in the admin, an expiry passing, a photo dropped by a revision or
left behind by a deleted story. Each is checked through what a researcher has: the search
page, its JSON, and the three exports."""

import datetime
import time

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone, translation

from archive.roles import EDITORS
from tests.factories import make_narrator, make_photo, make_story, photo_block

pytestmark = pytest.mark.django_db

CHANNELS = [
    "search",
    "search_json",
    "search_export_csv",
    "search_export_ris",
    "search_export_csl",
]


def everything_found(client, words):
    """What every research channel answers for these words, in both languages."""
    texts = []
    for language in ("en", "es"):
        for name in CHANNELS:
            with translation.override(language):
                path = reverse(name)
            response = client.get(path, {"q": words})
            assert response.status_code == 200, (path, response.status_code)
            texts.append(response.content.decode())
    return "\n".join(texts)


@pytest.fixture
def editor(site_structure):
    user = User.objects.create_user("editora", "editora@example.org", "x")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def test_a_pseudonym_added_in_the_admin_replaces_the_real_name_in_search_at_once(
    site_structure, client, editor
):
    _, index = site_structure
    narrator = make_narrator(pseudonym="", real_name="Marta Realname", is_collective=False)
    make_story(index, title_en="Harvest of memory", narrators=[narrator])
    # The public name is shown, never the real name, even before the pseudonym.
    assert "Marta Realname" not in everything_found(client, "harvest")

    editor_client = client.__class__()
    editor_client.force_login(editor)
    response = editor_client.post(
        reverse("wagtailsnippets_archive_narrator:edit", args=[narrator.pk]),
        {"pseudonym": "La Flor", "real_name": "Marta Realname", "community": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    found = everything_found(client, "harvest")
    assert "La Flor" in found
    assert "Marta Realname" not in found and "Realname" not in found
    # Nor does the real name find the story any more.
    assert "Harvest of memory" not in everything_found(client, "realname")


def test_an_expired_story_leaves_search_when_its_page_closes(site_structure, client):
    _, index = site_structure
    lasting = make_story(index, title_en="Lasting testimony", spanish=False)
    fading = make_story(index, title_en="Fading testimony", spanish=False)
    # Seconds enough for a loaded machine to publish and read the page before the moment.
    fading.expire_at = timezone.now() + datetime.timedelta(seconds=6)
    fading.save_revision().publish()
    assert "Fading testimony" in client.get(fading.url).content.decode()

    # The expiry passes; nobody runs publish_scheduled.
    time.sleep(max(0.0, (fading.expire_at - timezone.now()).total_seconds()) + 0.5)
    assert client.get(fading.url).status_code == 404
    found = everything_found(client, "testimony")
    assert "Lasting testimony" in found
    assert "Fading testimony" not in found
    assert client.get(lasting.url).status_code == 200


def test_a_photo_dropped_by_a_new_revision_leaves_search(site_structure, client):
    _, index = site_structure
    photo = make_photo("Orchard at dawn", caption_en="Orchard planted by the cooperative")
    story = make_story(index, title_en="The orchard", body_en=photo_block(photo), spanish=False)
    assert "Orchard at dawn" in everything_found(client, "orchard cooperative")

    story.body_en = []
    story.save_revision().publish()

    assert client.get(f"/photos/{photo.pk}/").status_code == 404
    assert "Orchard at dawn" not in everything_found(client, "cooperative")


def test_the_photo_of_a_deleted_story_leaves_search(site_structure, client):
    _, index = site_structure
    photo = make_photo("Well in Santa Marta", caption_en="The community well, restored")
    story = make_story(index, title_en="The well", body_en=photo_block(photo), spanish=False)
    assert "Well in Santa Marta" in everything_found(client, "restored")

    story.delete()

    assert client.get(f"/photos/{photo.pk}/").status_code == 404
    assert "Well in Santa Marta" not in everything_found(client, "restored")


def test_a_photo_another_public_story_still_shows_stays(site_structure, client):
    _, index = site_structure
    photo = make_photo("Shared picture", caption_en="Both stories show this mural")
    make_story(index, title_en="First", body_en=photo_block(photo), spanish=False)
    second = make_story(index, title_en="Second", body_en=photo_block(photo), spanish=False)

    second.delete()

    assert client.get(f"/photos/{photo.pk}/").status_code == 200
    assert "Shared picture" in everything_found(client, "mural")


def test_a_story_whose_only_narrator_is_deleted_leaves_every_channel_at_once(
    site_structure, client
):
    from django.utils import translation

    from archive.models import Narrator
    from interop.oai import identifier_for

    _, index = site_structure
    narrator = make_narrator(pseudonym="Don Chepe")
    story = make_story(index, title_en="The orchard by the river", narrators=[narrator])
    editorial = make_story(index, title_en="The orchard project, an editors' note")
    with translation.override("en"):
        url = story.get_url()
    assert client.get(url).status_code == 200
    assert "Don Chepe" in everything_found(client, "orchard")

    # An administrator deletes the narrator's record (asked to be forgotten, say), in the
    # admin: the story now names nobody and is not the archive's own text.
    admin = User.objects.create_superuser("admin", "admin@example.org", "x")
    admin_client = client.__class__()
    admin_client.force_login(admin)
    response = admin_client.post(
        reverse("wagtailsnippets_archive_narrator:delete", args=[narrator.pk])
    )
    assert response.status_code == 302 and not Narrator.objects.filter(pk=narrator.pk).exists()

    assert client.get(url).status_code == 404
    found = everything_found(client, "orchard")
    assert "The orchard by the river" not in found
    assert editorial.title_en in found  # marked editorial text: it needs nobody's consent
    record = client.get(
        "/oai/",
        {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": identifier_for(story)},
    ).content.decode()
    assert 'status="deleted"' in record and "The orchard by the river" not in record
