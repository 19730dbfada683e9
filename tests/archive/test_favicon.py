"""The site's icon: named on every page, and /favicon.ico (which browsers ask for anyway)
answered without the database."""

import pytest

pytestmark = pytest.mark.django_db


def test_browsers_asking_for_favicon_ico_get_the_icon_without_a_query(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/archive/favicon.svg")


def test_every_page_names_its_icon(client, site_structure):
    for address in ("/", "/es/"):
        assert 'rel="icon" type="image/svg+xml"' in client.get(address).content.decode()
