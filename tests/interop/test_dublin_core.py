"""One Dublin Core description for a story, whether a harvester asks OAI-PMH for it or a
preservation copy (the bag's dc.xml) keeps it."""

from pathlib import Path

import pytest
from lxml import etree

from archive.models import Precision
from interop.bag import export_bag
from interop.oai import identifier_for
from interop.xml_names import DC, OAI_DC
from tests.factories import make_narrator, make_place, make_story, make_theme

pytestmark = pytest.mark.django_db

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def story(site_structure):
    _, index = site_structure
    story = make_story(
        index,
        narrators=[make_narrator(pseudonym="La Ceiba", real_name="Hidden Realname")],
        themes=[make_theme("mining", "Mining", "Minería")],
        places=[make_place()],
        date_year=1989,
        date_precision=Precision.YEAR,
        date_circa=True,
        summary_en="How the community\x0b kept its river.",
        summary_es="Cómo la comunidad protegió su río.",
    )
    story.tags.add("water")
    story.save_revision().publish()
    return story


def _terms(dc):
    return [(element.tag, element.get(XML_LANG), element.text) for element in dc]


def _from_oai(client, story):
    response = client.get(
        "/oai/",
        {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": identifier_for(story)},
    )
    return etree.fromstring(response.content).find(f".//{{{OAI_DC}}}dc")


def _from_bag(tmp_path, story):
    path = export_bag(tmp_path / "bag")
    dc_xml = Path(path) / "data" / "stories" / str(story.pk) / "dc.xml"
    # Parsing is the check that a control character in a summary does not break the file.
    return etree.parse(str(dc_xml)).getroot()


def test_oai_pmh_and_the_bag_describe_a_story_alike(client, story, tmp_path):
    harvested, kept = _terms(_from_oai(client, story)), _terms(_from_bag(tmp_path, story))
    assert harvested == kept
    dc = f"{{{DC}}}"
    # The story's own date (circa 1989), not the day it went online.
    assert [text for tag, _, text in harvested if tag == f"{dc}date"] == ["1989"]
    assert (f"{dc}subject", "es", "Minería") in harvested
    assert (f"{dc}subject", None, "water") in harvested
    assert (f"{dc}type", "es", "Historia oral") in harvested
    assert (f"{dc}description", "en", "How the community kept its river.") in harvested
    assert [text for tag, _, text in harvested if tag == f"{dc}creator"] == ["La Ceiba"]
    assert not any("Realname" in (text or "") for _, _, text in harvested)
