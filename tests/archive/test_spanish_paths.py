"""Spanish pages have Spanish paths; the English-segment /es/ addresses handed out before
keep working, moved for good; English addresses are unchanged."""

import re

import pytest


@pytest.mark.parametrize(
    ("english", "spanish"),
    [
        ("/themes/", "/es/temas/"),
        ("/themes/water/", "/es/temas/agua/"),
        ("/themes/environment-climate/?page=2", "/es/temas/medio-ambiente-y-clima/?page=2"),
        ("/places/arcatao/", "/es/lugares/arcatao/"),
        ("/search/?q=agua", "/es/buscar/?q=agua"),
        ("/accounts/login/", "/es/cuentas/entrar/"),
        ("/accounts/signup/", "/es/cuentas/solicitar-cuenta/"),
    ],
)
def test_each_language_switches_to_the_same_page_in_the_other(demo, client, english, spanish):
    assert client.get(english).status_code == 200
    assert client.get(spanish).status_code == 200
    assert f'href="{spanish}" hreflang="es"'.replace("&", "&amp;") in client.get(english).text
    assert f'href="{english}" hreflang="en"'.replace("&", "&amp;") in client.get(spanish).text
    page = client.get(spanish).text
    assert re.search(rf'<link rel="canonical" href="http://[^"]+{re.escape(spanish)}"', page)


@pytest.mark.parametrize(
    ("former", "now"),
    [
        ("/es/themes/", "/es/temas/"),
        ("/es/themes/water/?page=2", "/es/temas/water/?page=2"),
        ("/es/places/arcatao/", "/es/lugares/arcatao/"),
        ("/es/search/?q=agua&theme=water", "/es/buscar/?q=agua&theme=water"),
        ("/es/search/export.csv?q=agua", "/es/buscar/exportar.csv?q=agua"),
        ("/es/accounts/login/?next=/es/", "/es/cuentas/entrar/?next=/es/"),
        ("/es/stories/feed/", "/es/historias/feed/"),
        ("/es/submit/", "/es/enviar/"),
    ],
)
def test_spanish_addresses_with_english_segments_move_permanently(demo, client, former, now):
    response = client.get(former)
    assert (response.status_code, response["Location"]) == (301, now)


def test_english_addresses_do_not_take_spanish_segments(demo, client):
    assert client.get("/temas/").status_code == 404
    assert client.get("/themes/no-such-theme/").status_code == 404
    assert client.get("/es/themes/no-such-theme/")["Location"] == "/es/temas/no-such-theme/"


def test_sitemap_and_feed_give_the_spanish_paths(demo, client):
    sitemap = client.get("/sitemap.xml").text
    assert "/es/temas/agua/" in sitemap and "/es/themes/" not in sitemap
    assert "/es/temas/water/" not in sitemap and "/themes/water/" in sitemap
    assert "/es/lugares/arcatao/" in sitemap and "/es/fotos/" in sitemap
    assert "/es/historias/feed/" in client.get("/es/").text


@pytest.mark.parametrize(
    ("shared", "now"),
    [
        ("/es/temas/water/", "/es/temas/agua/"),
        ("/es/temas/water/?page=2", "/es/temas/agua/?page=2"),
        ("/themes/agua/", "/themes/water/"),
        ("/es/themes/mining/", "/es/temas/mining/"),  # then on to /es/temas/mineria/
        ("/es/temas/mining/", "/es/temas/mineria/"),
    ],
)
def test_a_theme_address_in_the_other_language_moves_to_this_languages(demo, client, shared, now):
    response = client.get(shared)
    assert (response.status_code, response["Location"]) == (301, now)


def test_spanish_pages_link_themes_by_their_spanish_address(demo, client):
    for page in ("/es/", "/es/temas/", "/es/temas/medio-ambiente-y-clima/"):
        text = client.get(page).text
        assert 'href="/es/temas/agua/"' in text, page
        assert "/es/temas/water/" not in text, page
    assert 'href="/themes/water/"' in client.get("/themes/").text
