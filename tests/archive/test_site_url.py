"""One address (SITE_URL) behind every link handed out: the Wagtail Site, e-mails, OAI-PMH,
API v2 and the bag. The client asks as "testserver"; every link must still name SITE_URL."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.core.management import call_command
from lxml import etree
from wagtail.models import Site

from archive import site_url
from interop import oai
from interop.bag import export_bag
from interop.xml_names import DC
from tests.archive.test_accounts import _archive_rows, archive, editor, invite  # noqa: F401 (fixtures)
from tests.factories import make_narrator, make_story

pytestmark = pytest.mark.django_db

SERVED = "http://127.0.0.1:8123"  # what `PORT=8123 make run` serves
PUBLIC = "https://memoria.example.org"
NS = {"oai": oai.OAI, "id": oai.OAI_IDENTIFIER, "dc": DC}
OAI_EMAIL = re.compile(r"\S+@(\S+\.)+\S+")


@pytest.fixture
def public_story(site_structure):
    _, index = site_structure
    return make_story(index, narrators=[make_narrator()])


@pytest.mark.parametrize(
    "url, namespace",
    [
        ("https://memoria.example.org", "memoria.example.org"),
        ("http://localhost:8000", "localhost.localdomain"),
        ("http://127.0.0.1:8000", "localhost.localdomain"),
        ("http://[::1]:8000", "localhost.localdomain"),
        ("http://testserver", "testserver.localdomain"),
    ],
)
def test_every_address_gives_a_valid_oai_namespace(settings, url, namespace):
    settings.SITE_URL = url
    assert site_url.oai_namespace() == namespace
    assert site_url.OAI_NAMESPACE.fullmatch(namespace)


def test_the_oai_admin_email_is_always_a_valid_address(settings):
    settings.ADMIN_EMAIL = ""
    settings.DEFAULT_FROM_EMAIL = "memoria@localhost"
    settings.SITE_URL = SERVED
    assert site_url.admin_email() == "memoria@localhost.localdomain"
    settings.DEFAULT_FROM_EMAIL = "Memoria <archivo@example.org>"
    assert site_url.admin_email() == "archivo@example.org"
    settings.ADMIN_EMAIL = "editors@example.net"
    assert site_url.admin_email() == "editors@example.net"


def test_migrate_and_the_setup_command_put_the_site_at_site_url(settings, site_structure):
    settings.SITE_URL = SERVED
    call_command("migrate", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 8123, SERVED)
    settings.SITE_URL = PUBLIC
    call_command("sync_site_url", verbosity=0)
    assert Site.objects.get(is_default_site=True).root_url == PUBLIC


def test_oai_names_the_repository_and_its_records_by_site_url(settings, client, public_story):
    settings.SITE_URL = PUBLIC
    site_url.sync_site()
    identify = etree.fromstring(client.get("/oai/", {"verb": "Identify"}).content)
    assert identify.findtext("oai:Identify/oai:baseURL", namespaces=NS) == f"{PUBLIC}/oai/"
    assert OAI_EMAIL.fullmatch(identify.findtext("oai:Identify/oai:adminEmail", namespaces=NS))
    described = identify.find("oai:Identify/oai:description/id:oai-identifier", namespaces=NS)
    assert described.findtext("id:repositoryIdentifier", namespaces=NS) == "memoria.example.org"
    identifier = f"oai:memoria.example.org:story:{public_story.pk}"
    record = etree.fromstring(
        client.get(
            "/oai/", {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": identifier}
        ).content
    )
    assert record.findtext(".//oai:header/oai:identifier", namespaces=NS) == identifier
    assert f"{PUBLIC}{public_story.get_url()}" in [
        item.text for item in record.iterfind(".//dc:identifier", NS)
    ]


def test_api_urls_point_at_site_url(settings, client, public_story):
    settings.SITE_URL = settings.WAGTAILAPI_BASE_URL = PUBLIC
    site_url.sync_site()
    data = client.get("/api/v2/pages/", {"type": "stories.StoryPage"}).json()
    item = next(item for item in data["items"] if item["id"] == public_story.pk)
    assert item["meta"]["html_url"] == f"{PUBLIC}{public_story.get_url()}"
    assert item["meta"]["detail_url"] == f"{PUBLIC}/api/v2/pages/{public_story.pk}/"


def test_the_bag_dublin_core_names_the_story_at_site_url(settings, public_story, tmp_path):
    settings.SITE_URL = PUBLIC
    path = export_bag(tmp_path / "bag")
    dc = ET.parse(Path(path) / "data" / "stories" / str(public_story.pk) / "dc.xml").getroot()
    identifiers = [item.text for item in dc.iter("{http://purl.org/dc/elements/1.1/}identifier")]
    assert f"{PUBLIC}{public_story.get_url()}" in identifiers


def test_member_emails_link_to_site_url_whatever_address_the_editor_used(
    settings,
    client,
    editor,  # noqa: F811
    mailoutbox,
):
    settings.SITE_URL = SERVED
    invitation, link = invite(client, editor, mailoutbox)
    assert link == f"{SERVED}/es/cuentas/invitacion/{invitation.token}/"


def test_the_password_reset_link_points_at_site_url_whatever_host_was_asked(
    settings,
    client,
    archive,  # noqa: F811
    mailoutbox,
):
    from django.contrib.auth.models import User

    User.objects.create_user("rosa", "rosa@example.org", "río-Sumpul-1980-memoria")
    settings.SITE_URL = SERVED
    client.post(
        "/es/cuentas/restablecer-contrasena/", {"email": "rosa@example.org"}, HTTP_HOST="localhost"
    )
    link = re.search(r"https?://\S+", mailoutbox[0].body).group(0)
    assert link.startswith(f"{SERVED}/es/cuentas/restablecer-contrasena/")


def test_links_in_answers_name_site_url_not_the_host_asked(settings, client, public_story):
    from archive.models import HomePage
    from search.indexing import rebuild
    from timelines.models import TimelinePage

    settings.SITE_URL = PUBLIC
    rebuild()
    timeline = TimelinePage(title="Sister cities", slug="sister-cities", include_stories=True)
    HomePage.objects.get().add_child(instance=timeline)
    timeline.save_revision().publish()
    page = client.get(public_story.get_url()).text
    assert f'rel="canonical" href="{PUBLIC}{public_story.get_url()}"' in page
    results = client.get("/search/results.json").json()["results"]
    assert results and all(item["url"].startswith(PUBLIC + "/") for item in results)
    share = client.get(timeline.get_url()).text
    assert f"{PUBLIC}/embed/timeline/sister-cities/" in share
    oembed = client.get("/oembed/", {"url": f"{PUBLIC}{timeline.get_url()}"}).json()
    assert f'src="{PUBLIC}/embed/timeline/sister-cities/' in oembed["html"]
