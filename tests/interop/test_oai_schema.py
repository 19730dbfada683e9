"""Every OAI-PMH answer validates against the official OAI-PMH 2.0 schema, and every
record's metadata against the oai_dc schema (tests/interop/schemas/README.md says where
the schema files come from). Harvesters such as the OAI validators reject what does not."""

from functools import cache
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from lxml import etree

from interop import oai
from interop.xml_names import OAI, OAI_DC
from stories.consent import withdraw_consent
from tests.factories import make_narrator, make_place, make_story, make_theme

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "schemas"
NS = {"oai": OAI, "oai_dc": OAI_DC}


@cache
def _schema(name):
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def valid(response):
    """The parsed answer, after checking it against both schemas (with the schema's own
    message naming the line and element when it does not validate)."""
    assert response.status_code == 200
    tree = etree.fromstring(response.content)
    envelope = _schema("OAI-PMH.xsd")
    assert envelope.validate(tree), f"{response.request['QUERY_STRING']}: {envelope.error_log}"
    # OAI-PMH.xsd skips what is inside <metadata> and <setDescription>: oai_dc checks it.
    for dc in tree.iter(f"{{{OAI_DC}}}dc"):
        metadata = _schema("oai_dc.xsd")
        assert metadata.validate(dc), f"{response.request['QUERY_STRING']}: {metadata.error_log}"
    return tree


@pytest.fixture
def archive(site_structure):
    """Two public stories (one in Spanish only) on a theme below another, and one that was
    public until its narrator withdrew consent (a deleted record)."""
    _, index = site_structure
    parent = make_theme("migration", "Migration", "Migración")
    parent.description_en, parent.description_es = "Leaving home.", "Dejar el hogar."
    parent.save()
    child = make_theme("return", "Return", "Retorno", parent=parent)
    place = make_place()
    make_story(index, narrators=[make_narrator(pseudonym="Ana")], themes=[parent], places=[place])
    make_story(index, english=False, narrators=[make_narrator(pseudonym="Beto")], themes=[child])
    withdrawn = make_story(index, narrators=[make_narrator(pseudonym="Carla")], themes=[parent])
    officer = User.objects.create_superuser("officer", "officer@example.org", "x")
    withdraw_consent(withdrawn.narrators.get(), officer, "The narrator asked us to.")


def _harvest(client, verb, **arguments):
    """Every page of a list, following resumption tokens; the parsed pages."""
    pages = [valid(client.get("/oai/", {"verb": verb, **arguments}))]
    while token := pages[-1].findtext(f".//oai:{verb}/oai:resumptionToken", namespaces=NS):
        pages.append(valid(client.get("/oai/", {"verb": verb, "resumptionToken": token})))
    return pages


def test_a_whole_harvest_validates(archive, client, monkeypatch):
    monkeypatch.setattr(oai, "PAGE_SIZE", 1)  # every answer carries a resumption token
    valid(client.get("/oai/", {"verb": "Identify"}))
    valid(client.get("/oai/", {"verb": "ListMetadataFormats"}))
    (sets,) = _harvest(client, "ListSets")  # sets come in one answer
    specs = {spec.text for spec in sets.iterfind(".//oai:setSpec", NS)}
    assert {"migration", "migration:return"} <= specs
    records = _harvest(client, "ListRecords", metadataPrefix="oai_dc")
    identifiers = [
        header.findtext("oai:identifier", namespaces=NS)
        for page in records
        for header in page.iterfind(".//oai:header", NS)
    ]
    assert len(identifiers) == 3
    deleted = [page for page in records if page.find(".//oai:header[@status='deleted']", NS)]
    assert len(deleted) == 1
    _harvest(client, "ListIdentifiers", metadataPrefix="oai_dc", set="migration")
    for identifier in identifiers:
        valid(
            client.get(
                "/oai/",
                {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": identifier},
            )
        )
        valid(client.get("/oai/", {"verb": "ListMetadataFormats", "identifier": identifier}))


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Identify", "extra": "1"}, "badArgument"),
        ({"verb": "ListRecords", "resumptionToken": "not-a-token"}, "badResumptionToken"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "x"}, "idDoesNotExist"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc"}, "noRecordsMatch"),
    ],
)
def test_error_answers_validate(site_structure, client, params, code):
    tree = valid(client.get("/oai/", params))
    assert tree.find("oai:error", NS).get("code") == code
