"""What a snippet may say (issue 19): the testimony's words, each once. A photo's alt
text describes the picture, not the testimony, and must not run into its text; a photo's
caption standing as its title is not repeated beneath it."""

import pytest
from django.utils import translation
from wagtail.rich_text import RichText

from search.models import SearchDocument
from tests.factories import make_photo, make_story, photo_block
from tests.search.conftest import find, key

pytestmark = pytest.mark.django_db


def test_a_photos_alt_text_does_not_run_into_a_testimony(archive):
    photo = make_photo("Hills", "hills.jpg", caption_en="The hills above the village")
    body = [
        ("paragraph", RichText("<p>When the soldiers came we had nothing.</p>")),
        ("image", {"image": photo, "decorative": False, "alt_text": "Drawing of green hills"}),
        ("paragraph", RichText("<p>We walked north through the night.</p>")),
    ]
    story = make_story(archive["index"], spanish=False, title_en="The night", body_en=body)
    (hit,) = [hit for hit in find("q=soldiers").hits if hit.record_id == story.pk]
    assert "soldiers" in hit.snippet and "walked" in hit.snippet
    assert "Drawing" not in hit.snippet
    assert "Drawing" not in SearchDocument.objects.get(key=key(story, "en")).text
    # The words of the picture find the photo, not the testimony.
    assert story.pk not in {hit.record_id for hit in find("q=drawing&kind=story").hits}


def test_a_caption_standing_as_the_title_is_not_repeated_in_the_snippet(archive):
    photo = make_photo(
        "Vigil",
        "vigil.jpg",
        caption_en="Candlelight vigil in the plaza",
        caption_es="Vigilia con velas en la plaza",
        alt_text_es="Vigilia con velas en la plaza",
        credit="Photo: the committee",
    )
    make_story(archive["index"], body_en=photo_block(photo), body_es=photo_block(photo))
    with translation.override("es"):
        (hit,) = find("q=vigilia&kind=photo").hits
    assert hit.title == "Vigilia con velas en la plaza"
    assert "Vigilia" not in hit.snippet.replace("\ue000", "").replace("\ue001", "")
    spanish = SearchDocument.objects.get(key=f"photo:{photo.pk}:es").text
    assert spanish == "Photo: the committee"
    # In English the title is the photo's own, and the caption is said once below it.
    english = SearchDocument.objects.get(key=f"photo:{photo.pk}:en").text
    assert english.count("Candlelight vigil") == 1
