"""Headers on every answer: CSP (the embed keeps its own), Permissions-Policy, HSTS, and
Cache-Control: private wherever the answer depends on who is logged in."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User

from archive.models import HomePage
from tests.test_leak_matrix import _story, _url, member_client, members_only  # noqa: F401
from timelines.models import TimelinePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(site_structure):
    _, index = site_structure
    public = _story(index, "public")
    timeline = TimelinePage(title="Headers", slug="headers", include_stories=True)
    HomePage.objects.get().add_child(instance=timeline)
    timeline.save_revision().publish()
    return {"public": public, "members": members_only(index), "timeline": timeline}


def public_urls(stories):
    story, timeline = stories["public"], stories["timeline"]
    return [
        "/",
        "/es/",
        _url(story, "en"),
        _url(story, "es"),
        f"/photos/{story.photo.pk}/",
        "/themes/",
        "/es/lugares/",
        "/search/?q=leak",
        "/es/buscar/resultados.json?q=fuga",
        "/stories/feed/",
        "/sitemap.xml",
        f"/api/v2/pages/{story.pk}/",
        "/api/v2/pages/",
        "/oai/?verb=Identify",
        timeline.get_url(),
        "/timelines/headers/timelinejs.json",
        "/oembed/?url=http://testserver" + timeline.get_url(),
    ]


def member_urls(stories):
    members = stories["members"]
    return [
        _url(members, "en"),
        _url(members, "es"),
        "/search/?q=leak",
        "/es/buscar/resultados.json?q=fuga",
        "/search/export.ris?q=leak",
        "/my-stories/",
        "/es/enviar/",
        "/accounts/password/",
        "/",  # even a public page: it names the member and carries their log-out form
    ]


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def varies_on_cookie(response):
    return "cookie" in response.get("Vary", "").lower()


# What the public policy would refuse: inline script (JSON-LD data blocks are not run) and
# inline style, as elements or attributes.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>|<style\b|\sstyle=[\"']|\son[a-z]+=[\"']",
    re.IGNORECASE,
)


def assert_nothing_inline(response, url):
    if response["Content-Type"].startswith("text/html"):
        # A <textarea> holds text, never markup: the embed code offered for copying.
        html = re.sub(r"<textarea.*?</textarea>", "", response.content.decode(), flags=re.S)
        found = INLINE.search(html)
        assert found is None, f"{url}: {found and found.group(0)}"


def assert_site_policy(response, url):
    policy = response["Content-Security-Policy"]
    script = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script, url
    assert "frame-ancestors 'none'" in policy, url
    assert "object-src 'none'" in policy, url
    assert "camera=()" in response["Permissions-Policy"], url
    assert "microphone=()" in response["Permissions-Policy"], url


def test_anonymous_public_answers_carry_the_policy_and_stay_cacheable(client, stories):
    for url in public_urls(stories):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_site_policy(response, url)
        assert_nothing_inline(response, url)
        assert "private" not in cache_control(response), url


def test_what_a_member_sees_is_private(member_client, stories):  # noqa: F811
    for url in member_urls(stories):
        response = member_client.get(url)
        assert response.status_code == 200, url
        assert_site_policy(response, url)
        assert_nothing_inline(response, url)
        assert "private" in cache_control(response), url
        assert varies_on_cookie(response), url


def test_the_members_only_page_is_private_and_its_anonymous_answer_varies(
    client,
    member_client,  # noqa: F811
    stories,
):
    url = _url(stories["members"], "en")
    assert stories["members"].title_en in member_client.get(url).text
    anonymous = client.get(url)
    assert stories["members"].title_en not in anonymous.text
    assert varies_on_cookie(anonymous)


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/es/cuentas/solicitar-cuenta/", "/_util/login/"]
)
def test_account_forms_are_private_even_for_visitors(client, site_structure, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "private" in cache_control(response)
    assert varies_on_cookie(response)


def test_the_embed_keeps_its_own_frameable_policy(client, stories):
    response = client.get("/embed/timeline/headers/")
    assert response.status_code == 200
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    assert "public" in cache_control(response)
    assert "camera=()" in response["Permissions-Policy"]


def test_the_admin_has_its_own_policy(client, site_structure):
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "x"))
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy
    assert "private" in cache_control(response)


def test_the_admin_preview_of_a_page_can_be_framed_by_the_admin(client, stories):
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "x"))
    story = stories["public"]
    response = client.get(f"/admin/pages/{story.pk}/view_draft/")
    assert response.status_code == 200 and story.title_en in response.text
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


def test_hsts_is_read_from_the_environment(client, site_structure, settings):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SECURE_HSTS_SECONDS)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "archive.settings.dev"}
    env["SECURE_HSTS_SECONDS"] = "31536000"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "31536000"
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
