"""A theme has an address in each language (/themes/water/, /es/temas/agua/): editors set
the Spanish one in the theme's form, and no address may name two themes."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from archive.models import Theme
from tests.archive.test_theme_tree import _form_data, log_in_editor
from tests.factories import make_theme

pytestmark = pytest.mark.django_db
TAKEN = {
    "en": "Another theme already uses this address.",
    "es": "Otro tema ya usa esta dirección.",
}


def test_the_seeded_themes_have_spanish_addresses(site_structure):
    water = Theme.objects.get(slug="water")
    with translation.override("es"):
        assert water.get_absolute_url() == "/es/temas/agua/"
    with translation.override("en"):
        assert water.get_absolute_url() == "/themes/water/"


def test_a_theme_without_a_spanish_slug_keeps_its_one_address_in_spanish(site_structure, client):
    rivers = make_theme("river-basins", "River basins", "Cuencas")
    make_theme("wells", "Wells", "Pozos")  # a second theme with no Spanish slug: no clash
    with translation.override("es"):
        assert rivers.get_absolute_url() == "/es/temas/river-basins/"
    assert client.get("/es/temas/river-basins/").status_code == 200


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_form_sets_the_spanish_address(site_structure, client, language):
    log_in_editor(client, language)
    rivers = make_theme("river-basins", "River basins", "Cuencas")
    url = reverse("wagtailsnippets_archive_theme:edit", args=[rivers.pk])

    response = client.post(url, _form_data(client.get(url)) | {"slug_es": "cuencas"})

    rivers.refresh_from_db()
    assert (rivers.slug, rivers.slug_es) == ("river-basins", "cuencas"), response.status_code
    assert client.get("/es/temas/cuencas/").status_code == 200
    assert client.get("/es/temas/river-basins/")["Location"] == "/es/temas/cuencas/"


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("taken", ["agua", "water"])  # another's Spanish or English slug
def test_the_form_refuses_an_address_another_theme_has(site_structure, client, language, taken):
    log_in_editor(client, language)
    rivers = make_theme("river-basins", "River basins", "Cuencas")
    url = reverse("wagtailsnippets_archive_theme:edit", args=[rivers.pk])

    response = client.post(url, _form_data(client.get(url)) | {"slug_es": taken})

    assert response.status_code == 200 and TAKEN[language] in response.text
    rivers.refresh_from_db()
    assert rivers.slug_es is None


def test_an_english_slug_may_not_be_another_themes_spanish_one(site_structure):
    rivers = make_theme("river-basins", "River basins", "Cuencas")
    rivers.slug = "agua"
    with pytest.raises(ValidationError) as refused:
        rivers.full_clean()
    assert TAKEN["en"] in str(refused.value)
