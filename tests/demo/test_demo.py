"""load_demo: the archive a newcomer sees after `make run`."""

from django.core.management import call_command

from archive.models import HistoricalEvent, Partnership, Place, Theme


def _counts():
    from wagtail.models import Page

    from recordings.models import Recording, Segment, TranscriptCue
    from stories.models import StoryPage

    return {
        "recordings": Recording.objects.count(),
        "segments": Segment.objects.count(),
        "transcript lines": TranscriptCue.objects.count(),
        "pages": Page.objects.count(),
        "stories": StoryPage.objects.live().count(),
        "themes": Theme.objects.count(),
        "places": Place.objects.count(),
        "events": HistoricalEvent.objects.count(),
        "partnerships": Partnership.objects.count(),
    }


def test_running_load_demo_twice_changes_nothing(demo, capsys):
    before = _counts()
    call_command("load_demo")
    assert _counts() == before
    assert "nothing changed" in capsys.readouterr().out


def test_demo_has_the_network_facts(demo):
    partnership = Partnership.objects.get(us_place__slug="madison")
    assert partnership.salvadoran_place.slug == "arcatao"
    assert partnership.since_year == 1986
    assert partnership.through_organisation == "CRIPDES"
    years = set(HistoricalEvent.objects.values_list("date_year", flat=True))
    assert {1980, 1986, 2017, 2022, 2023} <= years
    assert set(
        Theme.objects.get(slug="environment-climate").children.values_list("slug", flat=True)
    ) == {
        "water",
        "mining",
    }


def test_demo_pages_render_in_both_languages(demo, client):
    for url in ("/", "/es/", "/themes/mining/", "/es/lugares/arcatao/"):
        assert client.get(url).status_code == 200, url
    english = client.get("/stories/no-to-mining/")
    spanish = client.get("/es/historias/no-a-la-mineria/")
    assert "No to mining" in english.text and "Sample testimony" in english.text
    assert "No a la minería" in spanish.text
    # A Spanish-only sample story tells English readers the translation is pending.
    pending = client.get("/stories/studying-with-a-dhp-scholarship/")
    assert "English translation pending" in pending.text


def test_demo_members_only_story_is_hidden_and_real_name_never_shown(demo, client):
    assert client.get("/stories/waiting-for-news/").status_code == 404
    for url in ("/", "/es/", "/themes/historical-memory/", "/places/san-salvador/", "/sitemap.xml"):
        response = client.get(url)
        assert "Esperando noticias" not in response.text
        assert "Sample Real Name" not in response.text


def test_load_demo_renames_the_earlier_demos_english_labels(db):
    """An archive loaded by the earlier demo gets the bilingual names, not a second copy."""
    from archive.models import ArchiveImage, Narrator
    from tests.factories import make_narrator, make_photo

    make_narrator(pseudonym="Rosa (sample)")
    make_photo(
        title="Sample illustration: river at dawn", credit="Memoria demo (sample illustration)"
    )
    call_command("load_demo", verbosity=0)
    assert not Narrator.objects.filter(pseudonym__contains="(sample)").exists()
    assert Narrator.objects.filter(pseudonym="Rosa").count() == 1
    assert not ArchiveImage.objects.filter(title__startswith="Sample").exists()
    river = ArchiveImage.objects.get(title="Nueva Trinidad, 2005")
    assert (river.credit, river.caption_es) == (
        "Memoria",
        "El río que protege el comité de agua (ilustración de muestra).",
    )
