"""The educator's embed, /embed/timeline/<slug>/: frameable, cookie-free, public data only."""

import pytest

from stories.models import Visibility
from tests.archive.test_timelines import _timeline
from tests.factories import make_long_timeline, make_narrator, make_story, make_theme
from timelines.models import TimelineEvent

pytestmark = pytest.mark.django_db
URL = "/embed/timeline/our-timeline/"


def test_embed_is_frameable_cacheable_and_sets_no_cookie(site_structure, client):
    home, _index = site_structure
    _timeline(home)
    response = client.get(URL)
    assert response.status_code == 200
    assert "frame-ancestors * file:;" in response["Content-Security-Policy"]  # decks on disk too
    assert "script-src 'unsafe-inline'" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    assert response["Cache-Control"] == "public, max-age=300"
    assert not response.cookies and "Set-Cookie" not in response
    html = response.content.decode()
    assert 'id="event-' in html and "Sistering begins &lt;script&gt;" in html
    assert "<script>" not in html.replace("<script>\n(function", "")  # archive text escaped
    assert "{% extends" not in html and "Civil war" in html  # era band
    # Nothing loaded from anywhere else: no stylesheet or script files, relative image paths.
    assert 'src="http' not in html and 'src="//' not in html and "<link" not in html
    # The rest of the site still refuses to be framed.
    normal = client.get("/our-timeline/")
    assert normal.status_code == 200 and normal["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in normal["Content-Security-Policy"]


def test_embed_and_its_data_travel_compressed_to_browsers_that_accept_it(site_structure, client):
    import gzip
    import json

    home, _index = site_structure
    _timeline(home)
    for url in (URL, "/timelines/our-timeline/timelinejs.json"):
        plain = client.get(url)
        packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert "Content-Encoding" not in plain and "Accept-Encoding" in packed["Vary"]
        assert packed["Content-Encoding"] == "gzip", url
        assert gzip.decompress(packed.content) == plain.content
        assert len(packed.content) < len(plain.content)
    assert json.loads(gzip.decompress(packed.content))["title"]


def test_spanish_by_parameter_prefix_or_spanish_slug(site_structure, client):
    home, _index = site_structure
    _timeline(home)
    for url in (URL + "?lang=es", "/es" + URL, "/embed/timeline/our-timeline-es/?lang=es"):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert '<html lang="es">' in html and "Comienza el hermanamiento" in html
        assert "Guerra civil" in html and "Sistering" not in html
    # The language switch keeps the other parameters.
    html = client.get(URL + "?lang=es&from=1980").content.decode()
    assert "lang=en" in html and "from=1980" in html


def test_only_public_stories(site_structure, client):
    home, index = site_structure
    water = make_theme("water", "Water", "Agua")
    make_story(
        index, themes=[water], narrators=[make_narrator()], title_en="Public water story",
        date_year=1990,
    )  # fmt: skip
    members = make_story(
        index, themes=[water], visibility=Visibility.MEMBERS, title_en="Members only story",
        date_year=1991,
    )  # fmt: skip
    page = _timeline(home, include_stories=True)
    page.themes.set([water])
    page.save_revision().publish()
    TimelineEvent.objects.filter(page=page).update(story=members)
    html = client.get(URL).content.decode()
    assert "Public water story" in html
    assert "Members only" not in html and members.slug not in html
    assert 'target="_blank" rel="noopener"' in html  # "Read the story" of the public one


def test_filters_and_errors(site_structure, client):
    home, index = site_structure
    make_story(index, title_en="Story 1995", date_year=1995)
    _timeline(home, include_stories=True)
    assert client.get("/embed/timeline/nope/").status_code == 404
    bad = client.get(URL + "?from=abc")
    assert bad.status_code == 400 and "from" in bad.content.decode()
    assert client.get(URL + "?lang=fr").status_code == 400
    assert client.get(URL + "?theme=nope").status_code == 400
    html = client.get(URL + "?from=1990&to=2000").content.decode()
    assert "Story 1995" in html and "Sistering" not in html


def test_unpublished_timeline_is_not_found(site_structure, client):
    home, _index = site_structure
    _timeline(home, live=False)
    assert client.get(URL).status_code == 404


def test_the_offline_file_needs_no_network(site_structure, client):
    from tests.factories import make_photo, make_story, make_theme, photo_block
    from timelines.models import TimelinePage

    home, index = site_structure
    theme = make_theme("water")
    photo = make_photo("River", date_year=2004, shown_on_its_own=True)
    photo.themes.set([theme])
    photo.save()
    make_story(index, themes=[theme], date_year=2004, body_en=photo_block(photo))
    timeline = TimelinePage(
        title="Offline", slug="offline", include_stories=True, include_photos=True
    )
    home.add_child(instance=timeline)
    timeline.themes.set([theme])
    timeline.save_revision().publish()
    response = client.get("/timelines/offline/offline.html")
    html = response.content.decode()
    assert response["Content-Disposition"] == 'attachment; filename="offline-en.html"'
    assert 'src="data:image/' in html
    assert 'src="/' not in html and "<link" not in html
    assert "Water came back" in html


def test_a_long_timeline_sends_its_first_screens_first_and_the_rest_on_request(
    site_structure, client
):
    from timelines.views.embed import FIRST_VIEW_CARDS

    home, _index = site_structure
    ids = make_long_timeline(home, FIRST_VIEW_CARDS + 5)
    first = client.get("/embed/timeline/long/?lang=en").content.decode()
    assert first.count('class="card"') == FIRST_VIEW_CARDS
    assert first.count('class="mk"') == FIRST_VIEW_CARDS
    assert f'data-total="{FIRST_VIEW_CARDS + 5}"' in first
    assert f"Show all {FIRST_VIEW_CARDS + 5} events" in first  # works without script
    assert 'href="/embed/timeline/long/?lang=en&amp;all=1"' in first
    assert 'data-rest="/embed/timeline/long/?lang=en&amp;part=rest"' in first
    assert ids[-1] not in first

    rest = client.get("/embed/timeline/long/?lang=en&part=rest")
    assert rest.status_code == 200 and "frame-ancestors *" in rest["Content-Security-Policy"]
    html = rest.content.decode()
    assert html.count('class="card"') == 5 and html.count('class="mk"') == 5
    assert all(event_id in html for event_id in ids[FIRST_VIEW_CARDS:])
    assert ids[0] not in html and "<script" not in html

    # Everything at once: on request, for an event to open beyond the first view, offline.
    for url in (
        "/embed/timeline/long/?lang=en&all=1",
        f"/embed/timeline/long/?lang=en&start={ids[-1]}",
        "/timelines/long/offline.html?lang=en",
    ):
        whole = client.get(url).content.decode()
        assert whole.count('class="card"') == FIRST_VIEW_CARDS + 5, url
        assert 'id="more"' not in whole, url
    spanish = client.get("/embed/timeline/long/?lang=es").content.decode()
    assert f"Mostrar los {FIRST_VIEW_CARDS + 5} acontecimientos" in spanish


def test_the_spanish_axis_places_events_with_css_numbers_not_spanish_decimals(
    site_structure, client
):
    import re

    home, _index = site_structure
    ids = make_long_timeline(home, 7)
    for language in ("en", "es"):
        html = client.get(f"/embed/timeline/long/?lang={language}").content.decode()
        lefts = re.findall(r'style="left:([^%"]*)%', html)
        assert len(lefts) >= len(ids), language  # eras, ticks and one marker per event
        assert all(re.fullmatch(r"\d+\.\d+", left) for left in lefts), (language, lefts)
        # 1900 to 1906: the fourth event sits at 3/7 of the axis.
        assert f'href="#{ids[3]}" style="left:42.857%"' in html
