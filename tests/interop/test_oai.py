"""The OAI-PMH endpoint, as a real harvester (sickle) and a plain HTTP client see it.

sickle speaks HTTP through `requests`; here its requests go to Django's test client instead
of the network, so the tests run inside the test database's transaction.
"""

import datetime
from urllib.parse import urlsplit

import pytest
import requests
import sickle
from django.contrib.auth.models import User
from django.core import signing
from django.utils import timezone
from lxml import etree
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers
from sickle.oaiexceptions import NoRecordsMatch
from wagtail.models import ModelLogEntry, PageLogEntry

from archive.models import ArchiveRendition, Theme
from interop import oai
from interop.xml_names import DC, OAI, OAI_DC
from stories.consent import withdraw_consent
from stories.models import StoryPage, Visibility
from stories.site_structure import ensure_site_structure
from tests import built_once
from tests.factories import make_narrator, make_place, make_story, make_theme
from tests.test_leak_matrix import HIDDEN, REAL_NAME

pytestmark = pytest.mark.django_db

NS = {"oai": OAI, "dc": DC, "oai_dc": OAI_DC}
LANG = "{http://www.w3.org/XML/1998/namespace}lang"
UTC = datetime.UTC


# --- Plumbing ---------------------------------------------------------------------------------
def _check_envelope(response):
    """Every answer: text/xml in UTF-8, well-formed, an OAI-PMH document."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    tree = etree.fromstring(response.content)
    assert tree.tag == f"{{{oai.OAI}}}OAI-PMH"
    return tree


def ask(client, **params):
    """GET /oai/ and return (parsed XML, text)."""
    response = client.get("/oai/", params)
    return _check_envelope(response), response.content.decode("utf-8")


def error_code(tree):
    codes = tree.xpath("oai:error/@code", namespaces=NS)
    return codes[0] if codes else None


@pytest.fixture
def bodies():
    """Every response body the endpoint sent during a test, to search for leaks."""
    return []


@pytest.fixture
def harvester(client, monkeypatch, bodies):
    """A sickle harvester whose HTTP requests Django's test client answers."""
    calls = []

    def send(adapter, request, **kwargs):
        url = urlsplit(request.url)
        assert url.netloc == "testserver"
        if request.method == "POST":
            content_type = request.headers["Content-Type"]
            response = client.post(url.path, request.body, content_type=content_type)
        else:
            response = client.get(f"{url.path}?{url.query}")
        _check_envelope(response)
        calls.append(request.url if request.method == "GET" else request.body)
        bodies.append(response.content.decode("utf-8"))
        reply = requests.Response()
        reply.status_code = response.status_code
        reply.headers = CaseInsensitiveDict(response.headers)
        reply.encoding = get_encoding_from_headers(reply.headers)
        reply._content = response.content
        reply.url, reply.request = request.url, request
        return reply

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)

    def make(method="GET"):
        harvester = sickle.Sickle("http://testserver/oai/", http_method=method)
        harvester.calls = calls
        return harvester

    return make


@pytest.fixture(autouse=True)
def _fresh_renditions():
    # The leak matrix's stories carry photos; Wagtail caches renditions by photo id.
    ArchiveRendition.cache_backend.clear()


def _make_officer():
    return User.objects.create_superuser("officer", "officer@example.org", "x")


@pytest.fixture
def officer(db):
    return _make_officer()


def _make_themes():
    parent = make_theme("migration", "Migration", "Migración")
    child = make_theme("return", "Return", "Retorno", parent=parent)
    parent.description_en, parent.description_es = "Leaving home.", "Dejar el hogar."
    parent.save()
    return parent, child


def _narrator(name):
    return make_narrator(pseudonym=f"Seudónimo {name}", real_name=REAL_NAME)


def _make_archive():
    """The archive's stories (see `archive`); returns their primary keys."""
    _, index = ensure_site_structure()
    parent, child = _make_themes()
    officer = _make_officer()
    place = make_place()
    public = [
        make_story(index, narrators=[_narrator("one")], themes=[parent], places=[place]),
        make_story(index, narrators=[_narrator("two")], themes=[child]),
        make_story(index, english=False, narrators=[_narrator("three")]),
    ]
    withdrawn = make_story(
        index,
        narrators=[_narrator("withdrawn")],
        themes=[parent],
        title_en="Withdrawn story",
        title_es="Historia retirada",
        summary_en="A withdrawn summary.",
        summary_es="Un resumen retirado.",
    )
    withdraw_consent(withdrawn.narrators.get(), officer, "The narrator asked us to.")
    members = make_story(
        index,
        narrators=[_narrator("members")],
        visibility=Visibility.MEMBERS,
        title_en="Members only story",
        title_es="Historia para socios",
        summary_en="A members' summary.",
        summary_es="Un resumen para socios.",
    )
    draft = index.add_child(
        instance=StoryPage(
            title="Draft story",
            title_en="Draft story",
            title_es="Borrador",
            slug="draft",
            summary_en="Never published.",
            live=False,
        )
    )
    draft.save_revision()
    return {
        "public": [story.pk for story in public],
        **{"withdrawn": withdrawn.pk, "members": members.pk, "draft": draft.pk},
    }


@pytest.fixture(scope="module")
def _archive_rows(django_db_setup, django_db_blocker):
    """The archive's rows, written once for this module (tests/built_once.py)."""
    return built_once.build(django_db_blocker, _make_archive)


@pytest.fixture
def archive(db, _archive_rows):
    """Three public stories (one in Spanish only), one withdrawn by its narrator, one for
    members only and one never published, under the site structure; a superuser "officer"
    recorded the withdrawal. The rows are put back for each test and the stories read again."""
    rows, keys = _archive_rows
    built_once.put_back(rows)
    hidden = ("withdrawn", "members", "draft")
    stories = StoryPage.objects.in_bulk([*keys["public"], *(keys[kind] for kind in hidden)])
    return {
        "public": [stories[pk] for pk in keys["public"]],
        **{kind: stories[keys[kind]] for kind in hidden},
    }


def identifier(story):
    return f"oai:testserver.localdomain:story:{story.pk}"


def titles(record_xml):
    return {
        (title.get(LANG), title.text) for title in record_xml.xpath(".//dc:title", namespaces=NS)
    }


# --- Harvesting -------------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_harvester_gets_every_public_record_in_both_languages_across_pages(
    archive, harvester, bodies, monkeypatch, method
):
    monkeypatch.setattr(oai, "PAGE_SIZE", 2)
    oai_harvester = harvester(method)

    records = list(oai_harvester.ListRecords(metadataPrefix="oai_dc"))

    assert len(oai_harvester.calls) >= 2, "the list should come in more than one page"
    by_id = {record.header.identifier: record for record in records}
    assert len(by_id) == len(records), "no record twice"
    english_and_spanish, _, spanish_only = archive["public"]
    for story in (english_and_spanish, _):
        assert titles(by_id[identifier(story)].xml) == {
            ("en", story.title_en),
            ("es", story.title_es),
        }
        descriptions = by_id[identifier(story)].xml.xpath(".//dc:description", namespaces=NS)
        assert {(d.get(LANG), d.text) for d in descriptions} == {
            ("en", story.summary_en),
            ("es", story.summary_es),
        }
    # The English field holds a borrowed Spanish title: it is not labelled English.
    assert titles(by_id[identifier(spanish_only)].xml) == {("es", spanish_only.title_es)}

    withdrawn = by_id[identifier(archive["withdrawn"])]
    assert withdrawn.deleted
    assert not withdrawn.xml.xpath(".//oai:metadata", namespaces=NS)
    assert not withdrawn.header.setSpecs
    assert set(by_id) == {identifier(s) for s in [*archive["public"], archive["withdrawn"]]}

    text = "".join(bodies)
    for hidden in (archive["withdrawn"], archive["members"], archive["draft"]):
        for mark in (hidden.title_en, hidden.title_es, hidden.summary_en, hidden.slug_en):
            assert mark not in text
    assert "Seudónimo withdrawn" not in text
    assert "Seudónimo members" not in text
    assert REAL_NAME not in text
    assert "Seudónimo one" in text


def test_list_identifiers_pages_with_signed_tokens_and_list_sizes(archive, harvester, monkeypatch):
    monkeypatch.setattr(oai, "PAGE_SIZE", 3)
    oai_harvester = harvester()

    headers = list(oai_harvester.ListIdentifiers(metadataPrefix="oai_dc"))

    assert len(oai_harvester.calls) == 2
    assert len(headers) == 4
    assert [h.deleted for h in headers].count(True) == 1
    first_page = oai_harvester.calls[0]
    assert "resumptionToken" not in first_page
    assert "resumptionToken=" in oai_harvester.calls[1]


def test_the_last_page_carries_an_empty_token(archive, client, monkeypatch):
    monkeypatch.setattr(oai, "PAGE_SIZE", 3)
    tree, _ = ask(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = tree.find(".//oai:resumptionToken", NS)
    assert token.get("cursor") == "0"
    assert token.get("completeListSize") == "4"
    assert token.get("expirationDate")

    tree, _ = ask(client, verb="ListIdentifiers", resumptionToken=token.text)
    last = tree.find(".//oai:resumptionToken", NS)
    assert last.text is None
    assert last.get("cursor") == "3"
    assert len(tree.findall(".//oai:header", NS)) == 1


def test_get_record_shows_public_names_vocabulary_and_addresses(archive, client):
    story = archive["public"][0]
    tree, text = ask(
        client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier(story)
    )

    header = tree.find(".//oai:header", NS)
    assert header.get("status") is None
    assert header.findtext("oai:identifier", namespaces=NS) == identifier(story)
    stored = StoryPage.objects.get(pk=story.pk).last_published_at
    expected = stored.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert header.findtext("oai:datestamp", namespaces=NS) == expected
    assert [spec.text for spec in header.findall("oai:setSpec", NS)] == ["migration"]

    dc = tree.find(".//oai_dc:dc", NS)
    assert [c.text for c in dc.findall("dc:creator", NS)] == ["Seudónimo one"]
    subjects = {(s.get(LANG), s.text) for s in dc.findall("dc:subject", NS)}
    assert subjects == {("en", "Migration"), ("es", "Migración")}
    assert {language.text for language in dc.findall("dc:language", NS)} == {"en", "es"}
    addresses = [i.text for i in dc.findall("dc:identifier", NS)]
    assert any(story.slug_en in address for address in addresses)
    assert any(story.slug_es in address for address in addresses)
    assert "Arcatao" in [c.text for c in dc.findall("dc:coverage", NS)]
    assert REAL_NAME not in text


def test_a_withdrawn_story_is_a_deleted_header_and_nothing_more(archive, client):
    story = archive["withdrawn"]
    tree, text = ask(
        client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier(story)
    )

    header = tree.find(".//oai:header", NS)
    assert header.get("status") == "deleted"
    assert tree.find(".//oai:metadata", NS) is None
    assert header.find("oai:setSpec", NS) is None
    for mark in (story.title_en, story.title_es, story.summary_en, "Seudónimo", REAL_NAME):
        assert mark not in text
    # It also still answers ListMetadataFormats, as a record the archive knows.
    tree, _ = ask(client, verb="ListMetadataFormats", identifier=identifier(story))
    assert error_code(tree) is None


@pytest.mark.parametrize("kind", ["members", "draft"])
def test_members_only_and_never_published_stories_do_not_exist_here(archive, client, kind):
    story = archive[kind]
    tree, text = ask(
        client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier(story)
    )
    assert error_code(tree) == "idDoesNotExist"
    tree, text = ask(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert identifier(story) not in text


# The leak matrix's hidden stories: those that were public once come out as deleted headers,
# the others not at all; none shows a word of itself.
ONCE_PUBLIC = {"embargoed_narrator", "withdrawn", "private", "expired"}


@pytest.mark.parametrize("hide", HIDDEN, ids=lambda hide: hide.__name__)
def test_a_hidden_story_leaks_nothing_through_oai(site_structure, client, hide):
    _, index = site_structure
    story = hide(index)
    text = ""
    for params in (
        {"verb": "ListRecords", "metadataPrefix": "oai_dc"},
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "migration"},
        {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": identifier(story)},
    ):
        tree, answer = ask(client, **params)
        text += answer
        headers = tree.findall(".//oai:header", NS)
        if hide.__name__ in ONCE_PUBLIC:
            assert [h.get("status") for h in headers] == ["deleted"]
        else:
            assert not headers
            assert error_code(tree) in ("noRecordsMatch", "idDoesNotExist")
    marks = [story.title_en, story.title_es, story.summary_en, story.summary_es]
    marks += [story.slug_en, story.slug_es, story.photo.title, "Seudónimo", REAL_NAME]
    for mark in marks:
        assert mark not in text, f"OAI shows {mark!r} of a {hide.__name__} story"


def test_a_story_narrowed_to_members_after_being_public_is_deleted(site_structure, client):
    _, index = site_structure
    story = make_story(index, narrators=[_narrator("narrowed")])
    story.visibility = Visibility.MEMBERS
    story.save_revision().publish()
    tree, text = ask(
        client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier(story)
    )
    assert tree.find(".//oai:header", NS).get("status") == "deleted"
    assert story.title_en not in text


def test_a_deletion_is_dated_when_it_happened_so_incremental_harvests_see_it(
    site_structure, client, officer
):
    _, index = site_structure
    story = make_story(index, narrators=[_narrator("old")])
    long_ago = datetime.datetime(2020, 1, 1, tzinfo=UTC)
    StoryPage.objects.filter(pk=story.pk).update(
        first_published_at=long_ago, last_published_at=long_ago, latest_revision_created_at=long_ago
    )
    PageLogEntry.objects.filter(page=story).update(timestamp=long_ago)
    ModelLogEntry.objects.update(timestamp=long_ago)
    yesterday = (timezone.now() - datetime.timedelta(days=1)).strftime("%Y-%m-%d")

    tree, _ = ask(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": yesterday})
    assert error_code(tree) == "noRecordsMatch"

    withdraw_consent(story.narrators.get(), officer, "The narrator asked us to.")
    tree, _ = ask(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": yesterday})
    headers = tree.findall(".//oai:header", NS)
    assert [(h.findtext("oai:identifier", namespaces=NS), h.get("status")) for h in headers] == [
        (identifier(story), "deleted")
    ]


# --- Sets -------------------------------------------------------------------------------------
def test_themes_are_sets_with_both_languages(archive, harvester):
    sets = {s.setSpec: s for s in harvester().ListSets()}
    # The migrations load the network's vocabulary; every theme is a set.
    assert len(sets) == Theme.objects.count()
    assert {"migration", "migration:return"} <= set(sets)
    assert sets["migration"].setName == "Migration"
    assert sets["migration:return"].setName == "Return"
    description = sets["migration"].xml.find("oai:setDescription/oai_dc:dc", NS)
    titles_ = {(t.get(LANG), t.text) for t in description.findall("dc:title", NS)}
    assert titles_ == {("en", "Migration"), ("es", "Migración")}
    texts = {(d.get(LANG), d.text) for d in description.findall("dc:description", NS)}
    assert texts == {("en", "Leaving home."), ("es", "Dejar el hogar.")}


def test_a_set_holds_its_theme_and_the_themes_below(archive, harvester):
    in_parent, in_child, _ = archive["public"]
    withdrawn = archive["withdrawn"]

    parent = {
        h.identifier for h in harvester().ListIdentifiers(metadataPrefix="oai_dc", set="migration")
    }
    child = {
        h.identifier
        for h in harvester().ListIdentifiers(metadataPrefix="oai_dc", set="migration:return")
    }

    # Deleted records come with every set: harvesters must hear of them whatever they took.
    assert parent == {identifier(in_parent), identifier(in_child), identifier(withdrawn)}
    assert child == {identifier(in_child), identifier(withdrawn)}
    with pytest.raises(NoRecordsMatch):
        list(harvester().ListIdentifiers(metadataPrefix="oai_dc", set="no-such-theme"))


# --- Dates --------------------------------------------------------------------------------------
def _make_dated():
    """Three stories last published at known moments; returns their primary keys."""
    _, index = ensure_site_structure()
    stamps = [
        datetime.datetime(2020, 1, 1, 10, 0, 0, tzinfo=UTC),
        datetime.datetime(2021, 6, 15, 12, 30, 0, 400000, tzinfo=UTC),
        datetime.datetime(2022, 12, 31, 23, 59, 59, tzinfo=UTC),
    ]
    keys = []
    for stamp in stamps:
        story = make_story(index)
        StoryPage.objects.filter(pk=story.pk).update(last_published_at=stamp)
        keys.append(story.pk)
    return keys


@pytest.fixture(scope="module")
def _dated_rows(django_db_setup, django_db_blocker):
    """The dated stories' rows, written once for this module (tests/built_once.py)."""
    return built_once.build(django_db_blocker, _make_dated)


@pytest.fixture
def dated(db, _dated_rows):
    """Three stories published in 2020, 2021 and 2022, put back for each test."""
    rows, keys = _dated_rows
    built_once.put_back(rows)
    stories = StoryPage.objects.in_bulk(keys)
    return [stories[pk] for pk in keys]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"from": "2021-01-01"}, [1, 2]),
        ({"until": "2021-06-15"}, [0, 1]),
        ({"from": "2021-06-15", "until": "2022-12-31"}, [1, 2]),
        ({"from": "2021-06-15T12:30:00Z", "until": "2021-06-15T12:30:00Z"}, [1]),
        ({"from": "2022-12-31T23:59:59Z"}, [2]),
        ({"until": "2020-01-01T09:59:59Z"}, []),
    ],
)
def test_from_and_until_select_by_datestamp(dated, client, params, expected):
    tree, _ = ask(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **params)
    found = [h.findtext("oai:identifier", namespaces=NS) for h in tree.findall(".//oai:header", NS)]
    assert found == [identifier(dated[i]) for i in expected]
    if not expected:
        assert error_code(tree) == "noRecordsMatch"


def test_identify(archive, harvester):
    identify = harvester().Identify()
    assert identify.repositoryName == "Memoria"
    assert identify.baseURL == "http://testserver/oai/"
    assert identify.protocolVersion == "2.0"
    assert identify.deletedRecord == "transient"
    assert identify.granularity == "YYYY-MM-DDThh:mm:ssZ"
    assert "@" in identify.adminEmail
    first = min(s.first_published_at for s in StoryPage.objects.all() if s.first_published_at)
    assert identify.earliestDatestamp == first.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_list_metadata_formats(archive, harvester):
    formats = list(harvester().ListMetadataFormats())
    assert [f.metadataPrefix for f in formats] == ["oai_dc"]
    assert formats[0].metadataNamespace == oai.OAI_DC


# --- Errors -------------------------------------------------------------------------------------
def _forged_token():
    state = {"verb": "ListRecords", "arguments": {"metadataPrefix": "oai_dc"}, "after": 0}
    return signing.dumps({**state, "cursor": 0}, salt="not-the-oai-salt", compress=True)


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Dance"}, "badVerb"),
        ({"verb": ["Identify", "Identify"]}, "badVerb"),
        ({"verb": "Identify", "extra": "1"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": ["oai_dc", "oai_dc"]}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "yesterday"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2021-02-30"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": ""}, "badArgument"),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2022-01-01",
                "until": "2021-01-01",
            },
            "badArgument",
        ),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2021-01-01",
                "until": "2022-01-01T00:00:00Z",
            },
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "resumptionToken": "x", "metadataPrefix": "oai_dc"},
            "badArgument",
        ),
        ({"verb": "ListRecords", "resumptionToken": "not-a-token"}, "badResumptionToken"),
        ({"verb": "ListRecords", "resumptionToken": _forged_token()}, "badResumptionToken"),
        ({"verb": "ListSets", "resumptionToken": "anything"}, "badResumptionToken"),
        (
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:x:story:1"},
            "idDoesNotExist",
        ),
        (
            {
                "verb": "GetRecord",
                "metadataPrefix": "oai_dc",
                "identifier": "oai:testserver.localdomain:story:999999",
            },
            "idDoesNotExist",
        ),
        ({"verb": "ListMetadataFormats", "identifier": "nonsense"}, "idDoesNotExist"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2999-01-01"},
            "noRecordsMatch",
        ),
        (
            {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "nothing"},
            "noRecordsMatch",
        ),
    ],
)
def test_bad_requests_get_oai_error_codes(archive, client, params, code):
    tree, text = ask(client, **params)
    assert error_code(tree) == code
    assert tree.find("oai:request", NS).text == "http://testserver/oai/"
    attributes = dict(tree.find("oai:request", NS).attrib)
    if code in ("badVerb", "badArgument"):
        # The protocol: a request that was not understood is echoed without arguments.
        assert attributes == {}
    else:
        assert attributes["verb"] == params["verb"]
    assert REAL_NAME not in text


def test_a_token_for_one_verb_does_not_resume_another(archive, client, monkeypatch):
    monkeypatch.setattr(oai, "PAGE_SIZE", 1)
    tree, _ = ask(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = tree.findtext(".//oai:resumptionToken", namespaces=NS)
    tree, _ = ask(client, verb="ListRecords", resumptionToken=token)
    assert error_code(tree) == "badResumptionToken"
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    tree, _ = ask(client, verb="ListIdentifiers", resumptionToken=tampered)
    assert error_code(tree) == "badResumptionToken"


def test_a_control_character_in_a_summary_does_not_break_the_xml(site_structure, client):
    _, index = site_structure
    story = make_story(index, summary_en="Pasted\x0b from a word processor.")
    tree, _ = ask(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier(story))
    descriptions = [d.text for d in tree.findall(".//dc:description", NS)]
    assert "Pasted from a word processor." in descriptions


def test_only_get_and_post_are_answered(client):
    assert client.put("/oai/?verb=Identify").status_code == 405


def test_post_is_answered_like_get(archive, client):
    response = client.post("/oai/", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    tree = _check_envelope(response)
    assert len(tree.findall(".//oai:header", NS)) == 4
