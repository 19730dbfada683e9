import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone, translation
from wagtail.models import PageViewRestriction

from archive import roles
from archive.models import ConsentScope, Narrator
from stories.models import StoryPage, TranslationStatus, Visibility
from tests.factories import (
    make_narrator,
    make_photo,
    make_place,
    make_story,
    make_theme,
    photo_block,
)

pytestmark = pytest.mark.django_db


def url_in(page, language):
    with translation.override(language):
        return page.get_url()


def test_a_story_reads_in_both_languages_with_its_own_text(client, site_structure):
    _, index = site_structure
    story = make_story(index)
    english = client.get(url_in(story, "en"))
    spanish = client.get(url_in(story, "es"))
    assert english.status_code == 200 and spanish.status_code == 200
    assert "The river is our life." in english.text
    assert "El río es nuestra vida." in spanish.text
    assert '<html lang="es">' in spanish.text
    assert "translation pending" not in english.text


def test_missing_language_shows_the_original_with_a_notice(client, site_structure):
    _, index = site_structure
    story = make_story(index, english=False, translation_status_en=TranslationStatus.NEEDED)
    response = client.get(url_in(story, "en"))
    assert response.status_code == 200
    assert "Shown in the original Spanish; English translation pending." in response.text
    # The Spanish text is marked as Spanish for screen readers and browsers.
    assert '<div class="story-body" lang="es">' in response.text
    assert "El río es nuestra vida." in response.text


def test_a_story_describes_itself_with_its_own_summary_in_the_reading_language(
    client, site_structure
):
    _, index = site_structure
    story = make_story(index, summary_en="Rain & <river> stories.")
    english = client.get(url_in(story, "en")).text
    spanish = client.get(url_in(story, "es")).text
    assert '<meta name="description" content="Rain &amp; &lt;river&gt; stories.">' in english
    assert '<meta name="description" content="Cómo la comunidad protegió su río.">' in spanish
    only_spanish = make_story(index, english=False)
    text = client.get(url_in(only_spanish, "en")).text
    assert '<meta name="description" content="Cómo la comunidad protegió su río.">' in text
    # No summary: the site's own description, not an empty one.
    bare = make_story(index, summary_en="", summary_es="")
    assert 'name="description" content="Testimonies, photos' in client.get(url_in(bare, "en")).text


def test_language_switch_points_to_the_same_story(client, site_structure):
    _, index = site_structure
    story = make_story(index)
    response = client.get(url_in(story, "en"))
    assert f'href="{url_in(story, "es")}" hreflang="es"' in response.text
    assert f'hreflang="es" href="http://testserver{url_in(story, "es")}"' in response.text


def test_an_untranslated_story_says_which_language_its_text_is_in(client, site_structure):
    _, index = site_structure
    story = make_story(index, english=False)
    english_address = client.get(url_in(story, "en")).text
    spanish = f"http://testserver{url_in(story, 'es')}"
    # The interface stays English; the story itself is marked as Spanish.
    assert '<html lang="en">' in english_address
    assert '<h1 id="story-title" lang="es">' in english_address
    assert '<div class="story-body" lang="es">' in english_address
    assert '<meta property="og:locale" content="es_SV">' in english_address
    assert "og:locale:alternate" not in english_address
    # Search engines are offered only the language the story is written in.
    assert 'hreflang="en" href=' not in english_address
    assert f'<link rel="alternate" hreflang="es" href="{spanish}">' in english_address
    # x-default names the English version, as the sitemap does: there is none to name.
    assert 'hreflang="x-default"' not in english_address
    # Readers can still switch the interface language.
    assert f'href="{url_in(story, "es")}" hreflang="es"' in english_address


def test_a_translated_story_offers_both_languages(client, site_structure):
    _, index = site_structure
    story = make_story(index)
    text = client.get(url_in(story, "es")).text
    english = f"http://testserver{url_in(story, 'en')}"
    assert f'<link rel="alternate" hreflang="en" href="{english}">' in text
    assert f'<link rel="alternate" hreflang="x-default" href="{english}">' in text
    assert '<meta property="og:locale" content="es_SV">' in text
    assert '<meta property="og:locale:alternate" content="en_US">' in text


def test_pseudonym_replaces_the_real_name(client, site_structure):
    _, index = site_structure
    narrator = make_narrator(pseudonym="Doña Flor", real_name="María Real Apellido")
    story = make_story(index, narrators=[narrator])
    response = client.get(url_in(story, "es"))
    assert "Doña Flor" in response.text
    assert "Real Apellido" not in response.text


def test_sensitive_content_note_comes_before_the_text(client, site_structure):
    _, index = site_structure
    story = make_story(index, sensitive_content_note_en="Describes violence.")
    text = client.get(url_in(story, "en")).text
    assert text.index("Describes violence.") < text.index("The river is our life.")


HIDDEN_CASES = {
    "members only": dict(visibility=Visibility.MEMBERS),
    "embargoed story": dict(
        visibility=Visibility.EMBARGOED,
        embargo_until=datetime.date.today() + datetime.timedelta(days=30),
    ),
    "narrator without consent": dict(consent=ConsentScope.NOT_ASKED),
    "narrator withdrew": dict(withdrawn=True),
    "narrator embargoed": dict(narrator_embargo=True),
    "expired": dict(expire_at=timezone.now() - datetime.timedelta(days=1)),
}


@pytest.mark.parametrize("case", HIDDEN_CASES)
def test_hidden_stories_are_not_found_anywhere_public(client, site_structure, case):
    home, index = site_structure
    options = dict(HIDDEN_CASES[case])
    # Publishing needs consent (stories.consent), so the narrator cases describe consent
    # that changed after the story went live: the read rule must hide it at once.
    lapse = {
        "consent_scope": options.pop("consent", ConsentScope.PUBLIC),
        "withdrawn_at": timezone.now() if options.pop("withdrawn", False) else None,
        "embargo_until": (
            datetime.date.today() + datetime.timedelta(days=9)
            if options.pop("narrator_embargo", False)
            else None
        ),
    }
    narrator = make_narrator(real_name="Secret Real Name")
    theme = make_theme()
    story = make_story(index, narrators=[narrator], themes=[theme], **options)
    Narrator.objects.filter(pk=narrator.pk).update(**lapse)
    for language in ("en", "es"):
        assert client.get(url_in(story, language)).status_code == 404
    for url in ["/", "/es/", url_in(index, "en"), theme.get_absolute_url(), "/sitemap.xml"]:
        body = client.get(url).text
        assert story.title_en not in body and story.title_es not in body, url
        assert "Secret Real Name" not in body


def test_an_embargoed_story_becomes_public_on_its_embargo_date(client, site_structure):
    _, index = site_structure
    ends = datetime.date.today() + datetime.timedelta(days=30)
    story = make_story(
        index, narrators=[make_narrator()], visibility=Visibility.EMBARGOED, embargo_until=ends
    )
    assert client.get(url_in(story, "en")).status_code == 404
    assert not story.is_publicly_visible(today=ends - datetime.timedelta(days=1))
    assert story.is_publicly_visible(today=ends)
    # Nobody has to come back and republish it: when the date has passed it is served.
    StoryPage.objects.filter(pk=story.pk).update(embargo_until=datetime.date.today())
    assert client.get(url_in(story, "en")).status_code == 200


def test_a_view_restriction_set_in_the_admin_hides_the_story(client, site_structure):
    _, index = site_structure
    story = make_story(index)
    PageViewRestriction.objects.create(page=story, restriction_type="login")
    assert story.title_en not in client.get("/sitemap.xml").text
    assert story.title_en not in client.get(url_in(index, "en")).text


def test_members_see_members_only_stories(client, site_structure):
    _, index = site_structure
    story = make_story(index, visibility=Visibility.MEMBERS)
    member = User.objects.create_user("member", password="x")
    client.force_login(member)
    # A plain account is not yet a member (sign-ups wait for an editor's approval).
    assert client.get(url_in(story, "es")).status_code == 404
    member.groups.add(Group.objects.get_or_create(name=roles.MEMBERS)[0])
    assert client.get(url_in(story, "es")).status_code == 200
    # Members-only never reaches the public sitemap, even when a member asks for it.
    assert story.title_en not in client.get("/sitemap.xml").text


def test_drafts_are_not_public(client, site_structure):
    _, index = site_structure
    story = make_story(index)
    story.unpublish()
    assert client.get(url_in(story, "en")).status_code == 404
    assert story.title_en not in client.get("/").text


def test_theme_pages_include_child_themes_and_place_pages_list_stories(client, site_structure):
    _, index = site_structure
    # The seeded vocabulary (migration 0003): Water sits under Environment & Climate Change.
    environment = make_theme("environment-climate")
    water = make_theme("water")
    assert water.parent == environment
    santa_marta = make_place("santa-marta", "Santa Marta")
    story = make_story(index, narrators=[make_narrator()], themes=[water], places=[santa_marta])
    with translation.override("es"):
        theme_page = client.get(environment.get_absolute_url())
        place_page = client.get(santa_marta.get_absolute_url())
    assert theme_page.status_code == 200 and story.title_es in theme_page.text
    assert "Agua" in theme_page.text
    assert place_page.status_code == 200 and story.title_es in place_page.text


def test_opening_a_story_does_not_load_every_story_of_the_index(
    client, site_structure, monkeypatch
):
    """Routing asks the database for the one story (StoryIndexPage.route_by_slug_query):
    with 10,000 stories, loading them all cost ~0.9 s a request."""
    from wagtail.models import Page

    _, index = site_structure
    target = [make_story(index) for _ in range(25)][12]
    loaded = []
    original = Page.__init__

    def counting_init(self, *args, **kwargs):
        loaded.append(type(self).__name__)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Page, "__init__", counting_init)
    for language in ("en", "es"):
        loaded.clear()
        assert client.get(url_in(target, language)).status_code == 200
        assert len(loaded) < 10, f"{len(loaded)} pages loaded to serve one story"


# The home page, its child on the path (not loaded again as a story index), the rows
# public() checks, the story with its visibility, its view restrictions (ancestors, then
# restrictions; read once), narrators, themes, places, the photo, tags, and its recordings
# (recordings/sections.py, one query whether or not it has any). The Site comes from the
# cache (archive/site_lookup.py). Was 16, without recordings, before these were cut.
STORY_PAGE_QUERIES = 12


def test_a_story_page_asks_the_database_a_fixed_number_of_questions(
    client, site_structure, django_assert_num_queries
):
    """Each question costs a round trip on every uncached page view. A new per-page query,
    or one per narrator or theme, fails here."""
    _, index = site_structure
    photo = make_photo()
    story = make_story(
        index,
        narrators=[make_narrator(), make_narrator()],
        themes=[make_theme("water"), make_theme("mining")],
        places=[make_place("arcatao", "Arcatao")],
        body_en=photo_block(photo),
        body_es=photo_block(photo),
    )
    story.tags.add("river", "memory")
    story.save()
    for language in ("en", "es"):
        url = url_in(story, language)
        assert client.get(url).status_code == 200  # makes the photo's renditions once
        with django_assert_num_queries(STORY_PAGE_QUERIES):
            response = client.get(url)
        assert response.status_code == 200
