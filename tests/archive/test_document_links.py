"""A public story that links a narrator's consent form (by mistake) names nothing of it: not
its id, not its file name (which often carries the narrator's real name), in the page, in
any rich text format of the API, or in the preservation bag. Links to ordinary public
documents keep working."""

import pytest
from django.core.files.base import ContentFile
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.rich_text import RichText

from interop import bag as bag_module
from tests.factories import make_narrator, make_story

pytestmark = pytest.mark.django_db

API_FORMATS = ["db_html", "html", "db_markdown", "markdown"]


@pytest.fixture
def linked(site_structure):
    _, index = site_structure
    Document = get_document_model()
    form = Document.objects.create(
        title="Consent", file=ContentFile(b"%PDF-1.4 signed", "Consentimiento-Rosa-Martinez.pdf")
    )
    ordinary = Document.objects.create(
        title="Mining ban", file=ContentFile(b"%PDF-1.4 law", "mining-ban-2017.pdf")
    )
    narrator = make_narrator(pseudonym="La Maestra", consent_document=form)
    body = [
        (
            "paragraph",
            RichText(
                f'<p>She signed <a linktype="document" id="{form.pk}">the consent form</a> '
                f'after reading <a linktype="document" id="{ordinary.pk}">the ban</a>.</p>'
            ),
        ),
        ("quote", {"quote": "Nos quedamos.", "attribution": "La Maestra"}),
    ]
    story = make_story(index, narrators=[narrator], body_en=body, body_es=body)
    return {"story": story, "form": form, "ordinary": ordinary}


def traces_of(document):
    """Whatever would tell a reader which document a link went to."""
    return [
        document.filename.rsplit(".", 1)[0],
        f"/documents/{document.pk}/",
        f'linktype="document" id="{document.pk}"',
        f"wagtail://document?id={document.pk})",
    ]


def strings_in(data):
    if isinstance(data, dict):
        return [text for value in data.values() for text in strings_in(value)]
    if isinstance(data, list):
        return [text for value in data for text in strings_in(value)]
    return [str(data)]


def assert_names_nothing_of(text, document):
    for trace in traces_of(document):
        assert trace not in text, trace


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_story_page_keeps_the_words_but_not_the_consent_form(linked, client, language):
    with translation.override(language):
        html = client.get(linked["story"].url).content.decode()
    assert f'lang="{language}"' in html
    assert_names_nothing_of(html, linked["form"])
    assert "<a>the consent form</a>" in html
    ordinary = linked["ordinary"]
    assert f'<a href="{ordinary.url}">the ban</a>' in html
    assert client.get(ordinary.url).status_code == 200
    assert client.get(linked["form"].url).status_code == 404


@pytest.mark.parametrize("rich_text_format", API_FORMATS)
def test_the_api_names_nothing_of_the_consent_form(linked, client, rich_text_format):
    story = linked["story"]
    answers = [
        client.get(f"/api/v2/pages/{story.pk}/?fields=*&rich_text_format={rich_text_format}"),
        client.get(
            "/api/v2/pages/?type=stories.StoryPage&fields=body_en"
            f"&rich_text_format={rich_text_format}"
        ),
    ]
    for answer in answers:
        assert answer.status_code == 200
        text = "\n".join(strings_in(answer.json()))
        assert_names_nothing_of(text, linked["form"])
        assert "the consent form" in text
        assert str(linked["ordinary"].pk) in text  # the public document is still linked
    body = answers[0].json()["body_en"]
    assert [block["type"] for block in body] == ["paragraph", "quote"]
    assert body[1]["value"]["quote"] == "Nos quedamos."


def test_the_preservation_bag_names_nothing_of_the_consent_form(linked):
    record = bag_module.story_record(linked["story"], bag_module._Public.now())
    text = "\n".join(strings_in(record))
    assert_names_nothing_of(text, linked["form"])
    assert f'linktype="document" id="{linked["ordinary"].pk}"' in text
