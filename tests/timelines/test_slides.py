""" "Download as slides": /timelines/<slug>/slides.pptx, opened as a teacher's PowerPoint,
Keynote or Google Slides would open it (here with python-pptx). A title slide, then one
slide per event in the language and filters asked for; a photo only while it is public,
as a resized copy with its credit; a link back to each record; nothing hidden."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from archive.models import ArchiveImage, ConsentScope, HistoricalDate
from stories.models import Visibility
from tests.archive.test_timelines import _timeline
from tests.factories import make_narrator, make_photo, make_story, make_theme, photo_block
from timelines.models import TimelineEvent

pytestmark = pytest.mark.django_db
URL = "/timelines/our-timeline/slides.pptx"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _deck(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == PPTX
    assert response["Content-Disposition"].startswith("attachment;")
    return Presentation(io.BytesIO(response.content)), response.content


def _titles(deck):
    return [slide.shapes.title.text_frame.text for slide in deck.slides]


def _text(slide):
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def _links(slide):
    return [
        run.hyperlink.address
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
        if run.hyperlink.address
    ]


def _pictures(slide):
    return [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]


def _add_event(page, year, **fields):
    event = TimelineEvent(page=page, **fields)
    event.set_historical_date(HistoricalDate.parse(str(year)))
    event.save()
    page.save_revision().publish()
    return event


def test_a_title_slide_then_one_slide_per_event_in_english(site_structure, client):
    home, index = site_structure
    story = make_story(
        index, narrators=[make_narrator()], title_en="Delegation story", date_year=1990
    )
    page = _timeline(home)
    _add_event(page, 1990, headline_en="First delegation", text_en="They flew.", story=story)
    deck, _raw = _deck(client, URL)
    assert _titles(deck) == ["Our timeline", "Sistering begins <script>", "First delegation"]
    assert deck.slide_width > deck.slide_height  # 16:9, for a projector
    title = _text(deck.slides[0])
    assert "Intro <b>bold</b>" in title and "2 events" in title
    assert "http://testserver/our-timeline/" in _links(deck.slides[0])
    first = _text(deck.slides[1])
    assert "1986" in first and "Madison and Arcatao." in first and "Source: MASCP" in first
    # A link back to the record, absolute, on its slide; every slide leads to the timeline.
    story_url = "http://testserver" + story.get_url()
    assert story_url in _links(deck.slides[2]) and "Read the story" in _text(deck.slides[2])
    assert "http://testserver/our-timeline/" in _links(deck.slides[1])
    assert deck.core_properties.title == "Our timeline"
    assert deck.core_properties.language == "en"
    assert "python-pptx" not in deck.core_properties.comments


def test_spanish_slides_are_spanish(site_structure, client):
    home, _index = site_structure
    _timeline(home)
    for url in (URL + "?lang=es", "/es/timelines/our-timeline-es/slides.pptx"):
        deck, _raw = _deck(client, url)
        assert _titles(deck) == ["Nuestra línea de tiempo", "Comienza el hermanamiento"]
        title, event = _text(deck.slides[0]), _text(deck.slides[1])
        assert "Introducción" in title and "1 acontecimiento" in title
        assert "http://testserver/es/our-timeline-es/" in _links(deck.slides[0])
        assert "Madison y Arcatao." in event and "Fuente: MASCP" in event
        for english in ("Sistering", "Source", "event", "Madison and"):
            assert english not in title + event
        assert deck.core_properties.language == "es"


def test_the_filters_of_the_embed_apply(site_structure, client):
    home, index = site_structure
    mining = make_theme("mining", "Mining", "Minería")
    water = make_theme("water", "Water", "Agua")
    make_story(index, themes=[mining], title_en="Mining 2017", date_year=2017)
    make_story(index, themes=[water], title_en="Water 1995", date_year=1995)
    _timeline(home, include_stories=True)
    assert _titles(_deck(client, URL + "?theme=mining")[0])[1:] == ["Mining 2017"]
    deck, _raw = _deck(client, URL + "?from=1990&to=2000")
    assert _titles(deck)[1:] == ["Water 1995"]
    assert "Years 1990 to 2000" in _text(deck.slides[0])
    spanish, _raw = _deck(client, URL + "?lang=es&theme=mining")
    assert "Tema: Minería" in _text(spanish.slides[0])


@pytest.mark.parametrize(
    "query", ["?from=abc", "?from=20000", "?from=2000&to=1990", "?lang=fr", "?theme=nope"]
)
def test_bad_parameters_are_a_400_that_says_why(site_structure, client, query):
    home, _index = site_structure
    _timeline(home)
    response = client.get(URL + query)
    assert response.status_code == 400 and response.content


def test_an_unknown_or_unpublished_timeline_is_not_found(site_structure, client):
    home, _index = site_structure
    _timeline(home, live=False)
    assert client.get(URL).status_code == 404
    assert client.get("/timelines/nope/slides.pptx").status_code == 404


def _photo_with_metadata(title, **fields):
    """A large photo whose original file carries metadata (an Artist tag)."""
    exif = Image.Exif()
    exif[0x013B] = "Secret photographer name"  # Artist
    buffer = io.BytesIO()
    Image.new("RGB", (2400, 1800), "green").save(buffer, "JPEG", exif=exif)
    return ArchiveImage.objects.create(
        title=title,
        file=ContentFile(buffer.getvalue(), "school.jpg"),
        credit="Arcatao community archive",
        **fields,
    )


def test_a_public_photo_is_a_resized_copy_with_its_credit_and_alt_text(site_structure, client):
    home, _index = site_structure
    public = _photo_with_metadata(
        "School", shown_on_its_own=True, alt_text_en="A school with a tin roof",
        alt_text_es="Una escuela con techo de lámina",
    )  # fmt: skip
    hidden = make_photo(title="Hidden", credit="Hidden credit")
    page = _timeline(home)
    _add_event(page, 1995, headline_en="A school opens", image=public)
    _add_event(page, 1996, headline_en="Not this photo", image=hidden)
    deck, raw = _deck(client, URL)
    assert _titles(deck)[1:] == ["Sistering begins <script>", "A school opens", "Not this photo"]
    assert [len(_pictures(slide)) for slide in deck.slides] == [0, 0, 1, 0]
    (picture,) = _pictures(deck.slides[2])
    assert picture._element.nvPicPr.cNvPr.get("descr") == "A school with a tin roof"
    assert "Photo: Arcatao community archive" in _text(deck.slides[2])
    copy = Image.open(io.BytesIO(picture.image.blob))
    assert copy.size[0] <= 1200 and copy.size[1] <= 900  # a rendition, not the original
    assert b"Secret photographer" not in raw and "Secret photographer" not in _xml_text(raw)
    assert "Hidden credit" not in _xml_text(raw)
    spanish, _raw = _deck(client, URL + "?lang=es")
    (picture,) = _pictures(spanish.slides[2])
    assert picture._element.nvPicPr.cNvPr.get("descr") == "Una escuela con techo de lámina"
    assert "Foto: Arcatao community archive" in _text(spanish.slides[2])


def _xml_text(raw):
    with zipfile.ZipFile(io.BytesIO(raw)) as package:
        return "".join(
            package.read(name).decode("utf-8", "replace")
            for name in package.namelist()
            if name.endswith((".xml", ".rels"))
        )


def test_no_hidden_story_comes_out(site_structure, client):
    home, index = site_structure
    water = make_theme("water", "Water", "Agua")
    photo = make_photo(title="Story photo")
    make_story(
        index, themes=[water], narrators=[make_narrator()], title_en="Public water story",
        summary_en="Shown summary", date_year=1990,
    )  # fmt: skip
    members = make_story(
        index, themes=[water], visibility=Visibility.MEMBERS, title_en="Members canary zqmembers",
        summary_en="zqmemberssummary", body_en=photo_block(photo), date_year=1991,
    )  # fmt: skip
    narrator = make_narrator(ConsentScope.PUBLIC)
    withdrawn = make_story(
        index, themes=[water], narrators=[narrator], title_en="Withdrawn canary zqwithdrawn",
        summary_en="zqwithdrawnsummary", date_year=1992,
    )  # fmt: skip
    narrator.withdrawn_at = timezone.now()
    narrator.save()
    page = _timeline(home, include_stories=True, include_photos=True)
    page.themes.set([water])
    page.save_revision().publish()
    # A curated event pointing at the members-only story and its photo keeps only its own
    # headline: no link, no photo.
    _add_event(page, 1991, headline_en="Curated", story=members, image=photo)
    deck, raw = _deck(client, URL)
    text = _xml_text(raw)
    assert "Public water story" in text and "Shown summary" in text
    for hidden in ("zqmembers", "zqwithdrawn", members.slug, withdrawn.slug, "Story photo"):
        assert hidden not in text
    assert not any(_pictures(slide) for slide in deck.slides)


def test_the_timeline_page_and_its_share_box_offer_the_slides(site_structure, client):
    from lxml import html

    home, _index = site_structure
    _timeline(home)
    document = html.fromstring(client.get("/our-timeline/").content.decode())
    links = [a for a in document.iter("a") if a.text_content() == "Download as slides"]
    assert [a.get("href") for a in links] == [
        "/timelines/our-timeline/slides.pptx?lang=en",
        "/timelines/our-timeline/slides.pptx?lang=en",
    ]
    # The share box's link follows the language and years chosen there, and is a deck.
    chosen = client.get("/our-timeline/?embed_lang=es&from=1980&to=1990").content.decode()
    share = html.fromstring(chosen).get_element_by_id("share-slides")
    assert (
        share.get("href") == "/es/timelines/our-timeline-es/slides.pptx?lang=es&from=1980&to=1990"
    )
    deck, _raw = _deck(client, share.get("href"))
    assert _titles(deck) == ["Nuestra línea de tiempo", "Comienza el hermanamiento"]
    spanish = html.fromstring(client.get("/es/our-timeline-es/").content.decode())
    assert "Descargar como diapositivas" in [a.text_content() for a in spanish.iter("a")]
