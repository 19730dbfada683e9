"""Timelines: TimelineJS 3 data, automatic drawing through visibility, the page, the import."""

import json

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from archive.models import ConsentScope, HistoricalDate
from stories.models import Visibility
from tests.factories import (
    make_narrator,
    make_photo,
    make_story,
    make_theme,
    photo_block,
)
from timelines.building import timeline_entries
from timelines.importing import import_timelinejs
from timelines.models import TimelineEra, TimelineEvent, TimelinePage

pytestmark = pytest.mark.django_db
REAL_NAME = "Secreta Realname"


def _timeline(home, slug="our-timeline", live=True, **fields):
    page = TimelinePage(
        title="Our timeline",
        title_en="Our timeline",
        title_es="Nuestra línea de tiempo",
        slug=slug,
        slug_en=slug,
        slug_es=f"{slug}-es",
        introduction_en="Intro <b>bold</b>",
        introduction_es="Introducción",
        **fields,
    )
    event = TimelineEvent(
        headline_en="Sistering begins <script>",
        headline_es="Comienza el hermanamiento",
        text_en="Madison and Arcatao.",
        text_es="Madison y Arcatao.",
        source="MASCP",
        group="Network",
    )
    event.set_historical_date(HistoricalDate.parse("1986"))
    page.events.add(event)
    page.eras.add(
        TimelineEra(label_en="Civil war", label_es="Guerra civil", start_year=1980, end_year=1992)
    )
    page.eras.add(TimelineEra(label_en="State of Exception", label_es="Régimen", start_year=2022))
    home.add_child(instance=page)
    if live:
        page.save_revision().publish()
    else:
        page.unpublish()
    return page


def _json(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def test_timelinejs_shape(site_structure, client):
    home, _index = site_structure
    _timeline(home)
    data = _json(client, "/timelines/our-timeline/timelinejs.json")
    assert data["title"]["text"]["headline"] == "Our timeline"
    assert "&lt;b&gt;" in data["title"]["text"]["text"]  # HTML from the archive is escaped
    (event,) = data["events"]
    assert event["start_date"] == {"year": 1986, "display_date": "1986"}
    assert event["text"]["headline"] == "Sistering begins &lt;script&gt;"
    assert "MASCP" in event["text"]["text"] and event["group"] == "Network"
    assert event["unique_id"]
    assert data["eras"][0] == {
        "start_date": {"year": 1980},
        "end_date": {"year": 1992},
        "text": {"headline": "Civil war"},
    }
    assert isinstance(data["eras"][1]["end_date"]["year"], int)
    assert data["eras"][1]["ongoing"] is True
    assert client.get("/timelines/our-timeline/timelinejs.json")["Access-Control-Allow-Origin"]


def test_spanish_json_by_parameter_prefix_or_spanish_slug(site_structure, client):
    home, _index = site_structure
    _timeline(home)
    for url in (
        "/timelines/our-timeline/timelinejs.json?lang=es",
        "/es/timelines/our-timeline-es/timelinejs.json",
    ):
        data = _json(client, url)
        assert data["title"]["text"]["headline"] == "Nuestra línea de tiempo"
        assert data["events"][0]["text"]["headline"] == "Comienza el hermanamiento"
        assert data["eras"][0]["text"]["headline"] == "Guerra civil"


def test_missing_translation_falls_back_with_a_flag(site_structure):
    home, _index = site_structure
    page = _timeline(home)
    TimelineEvent.objects.filter(page=page).update(headline_es=None, text_es=None)
    (entry,) = timeline_entries(page, "es")
    assert entry.headline.startswith("Sistering begins") and entry.fallback
    assert entry.language == "en"


def _hidden_stories(index, theme, photo):
    """A members-only, a draft and a withdrawn story on the theme, each showing the photo."""
    secret = make_narrator(real_name=REAL_NAME)
    members = make_story(
        index, themes=[theme], narrators=[secret], visibility=Visibility.MEMBERS,
        title_en="Members only story", body_en=photo_block(photo), date_year=1990,
    )  # fmt: skip
    draft = make_story(index, themes=[theme], title_en="Draft story", date_year=1990)
    draft.unpublish()
    narrator = make_narrator(ConsentScope.PUBLIC)
    withdrawn = make_story(
        index, themes=[theme], narrators=[narrator], title_en="Withdrawn story", date_year=1990
    )
    narrator.withdrawn_at = timezone.now()
    narrator.save()
    return members, draft, withdrawn


def test_automatic_drawing_shows_only_public_records(site_structure, client):
    home, index = site_structure
    water = make_theme("water", "Water", "Agua", parent=make_theme("environment"))
    hidden_photo = make_photo(title="Hidden photo", caption_en="Hidden caption")
    shown_photo = make_photo(title="Shown photo", caption_en="River", shown_on_its_own=True)
    shown_photo.themes.set([water])
    shown_photo.date_year = 2001
    shown_photo.save()
    hidden_photo.themes.set([water])
    hidden_photo.date_year = 2001
    hidden_photo.save()
    make_story(
        index, themes=[water], narrators=[make_narrator()], title_en="Public water story",
        title_es="Historia pública del agua", date_year=2005,
    )  # fmt: skip
    _hidden_stories(index, water, hidden_photo)
    page = _timeline(home, include_stories=True, include_photos=True)
    page.themes.set([water.parent])  # child themes are included
    page.save_revision().publish()

    text = client.get("/timelines/our-timeline/timelinejs.json").content.decode()
    data = json.loads(text)
    headlines = [event["text"]["headline"] for event in data["events"]]
    assert "Public water story" in headlines and "River" in headlines
    for hidden in ("Members only", "Draft story", "Withdrawn story", "Hidden", REAL_NAME):
        assert hidden not in text
    assert (
        "Historia pública del agua"
        in client.get("/timelines/our-timeline/timelinejs.json?lang=es").content.decode()
    )
    # Photos are resized copies, never the original file.
    (media,) = [event["media"] for event in data["events"] if "media" in event]
    assert media["url"].startswith("http://") and ".max-1200x900" in media["url"]
    assert shown_photo.file.url not in text
    # The page shows the same records and no hidden ones.
    html = client.get("/our-timeline/").content.decode()
    assert "Public water story" in html and "Members only" not in html and REAL_NAME not in html


def test_a_photos_alt_text_reaches_timelinejs_as_text_not_markup(site_structure, client):
    """A member's alt text (it starts as their caption) reaches TimelineJS once an editor
    tags the photo with a timeline's theme. TimelineJS sets it as the img's alt property:
    it must arrive as plain text, without markup, and still read well aloud."""
    home, index = site_structure
    water = make_theme("water", "Water", "Agua")
    markup = make_photo(
        title="River", caption_en="The river", alt_text_en='<img src=x onerror="alert(1)">',
        alt_text_es='Río <b onmouseover="alert(1)">Sumpul</b>', date_year=2001,
    )  # fmt: skip
    words = make_photo(title="Bridge", alt_text_en='Madison & Arcatao, "1986"', date_year=2002)
    for photo in (markup, words):
        photo.themes.set([water])  # what an editor does when tagging it
        photo.save()
        make_story(index, themes=[water], body_en=photo_block(photo), date_year=2001)
    page = _timeline(home, include_photos=True)
    page.themes.set([water])
    page.save_revision().publish()

    def alt_texts(language):
        url = f"/timelines/our-timeline/timelinejs.json?lang={language}"
        events = _json(client, url)["events"]
        return [event["media"]["alt"] for event in events if "media" in event]

    # Nothing left of the tag but text: the caption stands in, as TimelineJS would use it.
    assert alt_texts("en") == ["The river", "Madison & Arcatao, '1986'"]
    assert alt_texts("es")[0] == "Río Sumpul"


def test_curated_event_loses_a_non_public_photo_and_story_link(site_structure, client):
    home, index = site_structure
    photo = make_photo(title="Secret photo")
    members = make_story(
        index, visibility=Visibility.MEMBERS, title_en="Members story", body_en=photo_block(photo)
    )
    page = _timeline(home)
    TimelineEvent.objects.filter(page=page).update(image=photo, story=members)
    text = client.get("/timelines/our-timeline/timelinejs.json").content.decode()
    assert "media" not in json.loads(text)["events"][0]
    assert members.slug not in text and "Members story" not in text


def test_theme_and_period_filters(site_structure, client):
    home, index = site_structure
    mining = make_theme("mining", "Mining", "Minería")
    water = make_theme("water", "Water", "Agua")
    make_story(index, themes=[mining], title_en="Mining 2017", date_year=2017)
    make_story(index, themes=[water], title_en="Water 1995", date_year=1995)
    _timeline(home, include_stories=True)
    url = "/timelines/our-timeline/timelinejs.json"

    def headlines(query):
        return [event["text"]["headline"] for event in _json(client, url + query)["events"]]

    assert headlines("?theme=mining") == ["Mining 2017"]
    assert headlines("?from=1990&to=2000") == ["Water 1995"]
    assert headlines("?to=1990") == ["Sistering begins &lt;script&gt;"]
    assert len(headlines("")) == 3


@pytest.mark.parametrize(
    "query", ["?from=abc", "?from=20000", "?from=2000&to=1990", "?lang=fr", "?theme=nope"]
)
def test_bad_parameters_are_400_with_a_message(site_structure, client, query):
    home, _index = site_structure
    _timeline(home)
    response = client.get(f"/timelines/our-timeline/timelinejs.json{query}")
    assert response.status_code == 400
    assert response.json()["error"]


def test_unknown_unpublished_or_private_timeline_is_404(site_structure, client):
    home, _index = site_structure
    _timeline(home, slug="draft-one", live=False)
    private = _timeline(home, slug="private-one")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    for slug in ("draft-one", "private-one", "nothing-here"):
        assert client.get(f"/timelines/{slug}/timelinejs.json").status_code == 404


def test_page_renders_in_both_languages(site_structure, client):
    home, _index = site_structure
    _timeline(home)
    english = client.get("/our-timeline/").content.decode()
    assert '<time datetime="1986">1986</time>' in english
    assert "Civil war" in english and "TimelineJS data" in english
    assert "Sistering begins &lt;script&gt;" in english and "MASCP" in english
    spanish = client.get("/es/our-timeline-es/").content.decode()
    assert "Comienza el hermanamiento" in spanish and "Guerra civil" in spanish


def _headings_and_events(html):
    """[(section heading or None, [event headlines])] in the order the page shows them."""
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(html)
    return [
        (
            " ".join(section.xpath("string(h2)").split()) or None,
            [" ".join(h3.text_content().split()) for h3 in section.xpath(".//h3")],
        )
        for section in tree.xpath('//section[contains(@class, "timeline-era")]')
    ]


def test_events_outside_every_era_have_their_own_heading(site_structure, client):
    """2017 is not in the civil war (1980–1992), nor in the State of Exception (2022–)."""
    home, _index = site_structure
    page = _timeline(home)
    for year, english, spanish in (
        ("2017", "A new mayor", "Nueva alcaldesa"),
        ("2018", "A new school", "Nueva escuela"),
    ):
        event = TimelineEvent(headline_en=english, headline_es=spanish)
        event.set_historical_date(HistoricalDate.parse(year))
        page.events.add(event)
    page.save_revision().publish()

    english = _headings_and_events(client.get("/our-timeline/").content.decode())
    assert english == [
        ("Civil war (1980–1992)", ["Sistering begins <script>"]),
        ("Other years (2017–2018)", ["A new mayor", "A new school"]),
    ]
    spanish = _headings_and_events(client.get("/es/our-timeline-es/").content.decode())
    assert spanish[1] == ("Otros años (2017–2018)", ["Nueva alcaldesa", "Nueva escuela"])


def test_a_timeline_without_eras_needs_no_heading(site_structure, client):
    home, _index = site_structure
    page = _timeline(home)
    page.eras.all().delete()
    page.save_revision().publish()
    sections = _headings_and_events(client.get("/our-timeline/").content.decode())
    assert sections == [(None, ["Sistering begins <script>"])]


def test_import_round_trip(site_structure, client):
    home, _index = site_structure
    source = _timeline(home)
    event = source.events.get()
    event.date_circa = True
    event.save()
    exported = _json(client, "/timelines/our-timeline/timelinejs.json")

    report = import_timelinejs(exported, home, title="Copy")
    assert report.problems == []
    copy = report.page
    assert copy.title == "Copy" and copy.introduction_en == "Intro <b>bold</b>"
    (imported,) = copy.events.all()
    assert imported.headline_en == event.headline_en and imported.text_en == event.text_en
    assert imported.historical_date == event.historical_date and imported.source == "MASCP"
    assert imported.group == "Network"
    eras = [(era.label_en, era.start_year, era.end_year) for era in copy.eras.all()]
    assert eras == [("Civil war", 1980, 1992), ("State of Exception", 2022, None)]


def test_import_reports_what_it_cannot_map(site_structure, tmp_path, capsys):
    data = {
        "title": {"text": {"headline": "Outside"}, "background": {"color": "#000"}},
        "events": [
            {
                "start_date": {"year": "1989", "month": "11"},
                "text": {"headline": "Offensive"},
                "media": {"url": "https://example.org/photo.jpg"},
                "background": {"url": "https://example.org/bg.jpg"},
            },
            {"start_date": {"year": "long ago"}, "text": {"headline": "Unreadable"}},
        ],
        "scale": "human",
    }
    path = tmp_path / "timeline.json"
    path.write_text(json.dumps(data))
    call_command("import_timelinejs", str(path), "--parent-slug", "home", "--dry-run")
    output = capsys.readouterr().out
    assert not TimelinePage.objects.exists()
    for expected in ("background", "example.org/photo.jpg", "long ago", "scale", "1 events"):
        assert expected in output
    call_command("import_timelinejs", str(path), "--parent-slug", "home")
    page = TimelinePage.objects.get()
    assert page.title == "Outside"
    assert page.events.get().historical_date == HistoricalDate(1989, 11, precision="month")


def test_load_demo_timelines_are_idempotent(db, client):
    call_command("load_demo", verbosity=0)
    count = TimelinePage.objects.count()
    call_command("load_demo", verbosity=0)
    assert TimelinePage.objects.count() == count >= 2
    sister = TimelinePage.objects.get(slug_en="sister-cities-since-1986")
    assert sister.events.count() == 6 and sister.eras.count() == 2
    data = _json(client, "/es/timelines/ciudades-hermanas-desde-1986/timelinejs.json")
    assert data["title"]["text"]["headline"] == "Ciudades hermanas desde 1986"
    assert [event["start_date"]["year"] for event in data["events"]][:2] == [1980, 1986]
    assert client.get("/es/ciudades-hermanas-desde-1986/").status_code == 200
    mining = _json(client, "/timelines/timeline-environment-climate/timelinejs.json")
    assert any(event["start_date"]["year"] == 2017 for event in mining["events"])
    # Sample stories stay labelled as such when embedded elsewhere.
    assert "Sample content" in json.dumps(mining)


def test_editors_can_open_the_timeline_in_the_admin(site_structure, admin_client):
    home, _index = site_structure
    page = _timeline(home)
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert "headline_es" in response.content.decode()
    # Wagtail names the page type in the address: timelines.TimelinePage since timelines 0001.
    add_timeline = f"/admin/pages/add/timelines/timelinepage/{home.pk}/"
    assert admin_client.get(add_timeline).status_code == 200
