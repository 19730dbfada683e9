"""A public page per narrator (/narrators/<id>/, /es/narradores/<id>/): their public name,
the short bio they agreed to and their public stories, reached from every story; for anyone
whose consent does not allow it, the same 404 as an address nobody has."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone, translation

from archive.models import ConsentScope
from archive.roles import MEMBERS
from stories.consent import record_consent, withdraw_consent
from stories.models import Visibility
from tests.factories import make_narrator, make_photo, make_story, photo_block

pytestmark = pytest.mark.django_db

REAL_NAME = "Verdadero Nombre Secreto"


def _officer():
    return User.objects.create_superuser("officer", "officer@example.org", "x")


def _narrator(**fields):
    fields.setdefault("real_name", REAL_NAME)
    return make_narrator(pseudonym="La Semilla", **fields)


def _addresses(pk):
    return [f"/narrators/{pk}/", f"/es/narradores/{pk}/"]


def _without_addresses(text, pk):
    for address in _addresses(pk):
        text = text.replace(address, "<address>")
    return text


def assert_no_page(client, narrator):
    unknown = 987654321
    for url, unknown_url in zip(_addresses(narrator.pk), _addresses(unknown), strict=True):
        response = client.get(url)
        assert response.status_code == 404
        # The same answer as for a narrator nobody has (the address aside).
        expected = _without_addresses(client.get(unknown_url).text, unknown)
        assert _without_addresses(response.text, narrator.pk) == expected
        assert "La Semilla" not in response.text
        assert REAL_NAME not in response.text


def test_a_narrator_page_shows_the_public_name_bio_and_stories_never_the_real_name(
    client, site_structure
):
    _, index = site_structure
    narrator = _narrator(bio_en="Catechist in Arcatao.", bio_es="Catequista en Arcatao.")
    story = make_story(index, narrators=[narrator])
    english = client.get(f"/narrators/{narrator.pk}/")
    spanish = client.get(f"/es/narradores/{narrator.pk}/")
    assert english.status_code == 200 and spanish.status_code == 200
    assert "La Semilla" in english.text and "La Semilla" in spanish.text
    assert "Catechist in Arcatao." in english.text
    assert "Catequista en Arcatao." in spanish.text
    assert story.title_en in english.text and story.title_es in spanish.text
    assert REAL_NAME not in english.text + spanish.text


def test_the_bio_falls_back_to_the_language_it_is_written_in(client, site_structure):
    _, index = site_structure
    narrator = _narrator(bio_es="Catequista en Arcatao.")
    make_story(index, narrators=[narrator])
    english = client.get(f"/narrators/{narrator.pk}/").text
    assert '<div class="lead narrator-bio" lang="es">' in english
    assert "Catequista en Arcatao." in english


def test_an_anonymous_narrator_has_a_page_under_the_anonymous_label(client, site_structure):
    _, index = site_structure
    narrator = make_narrator(pseudonym="", real_name=REAL_NAME)
    make_story(index, narrators=[narrator])
    response = client.get(f"/narrators/{narrator.pk}/")
    assert response.status_code == 200
    assert "Anonymous narrator" in response.text and REAL_NAME not in response.text


def test_the_page_lists_only_public_stories_even_for_members(client, site_structure):
    _, index = site_structure
    narrator = _narrator()
    public = make_story(index, narrators=[narrator])
    members = make_story(index, narrators=[narrator], visibility=Visibility.MEMBERS)
    member = User.objects.create_user("member", "member@example.org", "x")
    member.groups.add(Group.objects.get(name=MEMBERS))
    client.force_login(member)
    text = client.get(f"/narrators/{narrator.pk}/").text
    assert public.title_en in text
    assert members.title_en not in text


@pytest.mark.parametrize(
    "situation",
    ["no consent asked", "members-only consent", "archive-only consent", "no story at all"],
)
def test_no_page_without_consent_for_public_display(client, site_structure, situation):
    _, index = site_structure
    consent = {
        "no consent asked": ConsentScope.NOT_ASKED,
        "members-only consent": ConsentScope.MEMBERS,
        "archive-only consent": ConsentScope.ARCHIVE,
        "no story at all": ConsentScope.PUBLIC,
    }[situation]
    narrator = _narrator(consent=consent)
    if consent == ConsentScope.MEMBERS:
        make_story(index, narrators=[narrator], visibility=Visibility.MEMBERS)
    assert_no_page(client, narrator)


def test_no_page_for_a_narrator_with_only_members_only_stories(client, site_structure):
    _, index = site_structure
    narrator = _narrator()  # public consent, but no public story
    make_story(index, narrators=[narrator], visibility=Visibility.MEMBERS)
    assert_no_page(client, narrator)


def test_no_page_after_a_withdrawal(client, site_structure):
    _, index = site_structure
    narrator = _narrator()
    make_story(index, narrators=[narrator])
    assert client.get(f"/narrators/{narrator.pk}/").status_code == 200
    withdraw_consent(narrator, _officer(), "Asked us to.")
    assert_no_page(client, narrator)


def test_no_page_while_the_narrator_is_under_embargo(client, site_structure):
    _, index = site_structure
    narrator = _narrator()
    make_story(index, narrators=[narrator])
    record_consent(
        narrator,
        _officer(),
        scope=ConsentScope.PUBLIC,
        date=timezone.localdate(),
        embargo_until=timezone.localdate() + datetime.timedelta(days=30),
    )
    assert_no_page(client, narrator)


def test_no_page_while_the_only_story_is_embargoed(client, site_structure):
    _, index = site_structure
    narrator = _narrator()
    make_story(
        index,
        narrators=[narrator],
        visibility=Visibility.EMBARGOED,
        embargo_until=timezone.localdate() + datetime.timedelta(days=30),
    )
    assert_no_page(client, narrator)


def test_an_address_no_record_could_have_is_not_found(client):
    assert client.get(f"/narrators/{2**70}/").status_code == 404


def test_the_story_page_links_the_narrator_page(client, site_structure):
    _, index = site_structure
    narrator = _narrator()
    story = make_story(index, narrators=[narrator])
    english = client.get(story.get_url()).text
    assert f'<a href="/narrators/{narrator.pk}/">La Semilla</a>' in english
    with translation.override("es"):
        spanish_url = story.get_url()
    spanish = client.get(spanish_url).text
    assert f'<a href="/es/narradores/{narrator.pk}/">La Semilla</a>' in spanish


def test_a_members_only_story_links_only_narrators_who_have_a_page(client, site_structure):
    _, index = site_structure
    with_page, without_page = _narrator(), make_narrator(pseudonym="Sin Página")
    make_story(index, narrators=[with_page])
    story = make_story(index, narrators=[with_page, without_page], visibility=Visibility.MEMBERS)
    member = User.objects.create_user("member", "member@example.org", "x")
    member.groups.add(Group.objects.get(name=MEMBERS))
    client.force_login(member)
    text = client.get(story.get_url()).text
    assert f'<a href="/narrators/{with_page.pk}/">La Semilla</a>' in text
    assert "Sin Página" in text
    assert f"/narrators/{without_page.pk}/" not in text


def test_the_sitemap_lists_narrator_pages_that_exist_in_both_languages(client, site_structure):
    _, index = site_structure
    shown, hidden = _narrator(), make_narrator(pseudonym="Oculta")
    make_story(index, narrators=[shown])
    make_story(index, narrators=[hidden], visibility=Visibility.MEMBERS)
    body = client.get("/sitemap.xml").text
    assert f"/narrators/{shown.pk}/" in body and f"/es/narradores/{shown.pk}/" in body
    assert f"/narrators/{hidden.pk}/" not in body


def test_a_recorded_testimony_is_linked_only_with_voice_consent(client, site_structure):
    from tests.recordings.media_files import attach_ready_recording

    _, index = site_structure
    voice, words_only = _narrator(voice_consent=True), make_narrator(voice_consent=False)
    heard = make_story(index, narrators=[voice])
    read = make_story(index, narrators=[words_only])
    attach_ready_recording(heard)
    attach_ready_recording(read)
    text = client.get(f"/narrators/{voice.pk}/").text
    assert "Recorded testimonies" in text and text.count(heard.url) >= 2
    text = client.get(f"/narrators/{words_only.pk}/").text
    assert "Recorded testimonies" not in text and read.title_en in text


def test_story_cards_on_the_narrator_page_show_only_public_photos(client, site_structure):
    _, index = site_structure
    narrator = _narrator()
    photo = make_photo("Shown", "shown.jpg", alt_text_en="Women harvesting maize")
    make_story(index, narrators=[narrator], body_en=photo_block(photo))
    text = client.get(f"/narrators/{narrator.pk}/").text
    assert 'class="card-thumbnail"' in text and 'alt="Women harvesting maize"' in text
