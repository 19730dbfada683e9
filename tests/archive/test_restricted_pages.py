"""Pages closed with Wagtail's Privacy control answer like any other hidden page: the same
404 as an address where nothing sits, whose log-in link brings a member back to it."""

import pytest
from django.contrib.auth.models import Group, User
from wagtail.models import PageViewRestriction

from archive.roles import MEMBERS
from stories.models import Visibility
from tests.factories import make_narrator, make_story
from timelines.models import TimelinePage

pytestmark = pytest.mark.django_db

PASSWORD = "río-Sumpul-1980-memoria"


def _page(home, slug, restriction_type, **fields):
    """A published timeline (a page any archive may have outside the stories) closed to
    `restriction_type`; for "groups", to the members."""
    page = TimelinePage(
        title=f"Secret plans {slug}", title_en=f"Secret plans {slug}", slug=slug, slug_en=slug
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=restriction_type, **fields
    )
    if restriction_type == PageViewRestriction.GROUPS:
        restriction.groups.set([Group.objects.get(name=MEMBERS)])
    return page


def _as_nothing(response, path):
    """The answer's status and text with the address asked for left out (a log-in link
    may carry it back, which tells the visitor only what they typed)."""
    return response.status_code, response.content.decode().replace(path, "<path>")


@pytest.mark.parametrize(
    "restriction_type", [PageViewRestriction.LOGIN, PageViewRestriction.GROUPS]
)
@pytest.mark.parametrize("prefix", ["", "/es"])
def test_a_page_closed_to_readers_answers_as_if_nothing_were_there(
    client, site_structure, restriction_type, prefix
):
    home, _index = site_structure
    _page(home, "closed", restriction_type)
    asked = client.get(f"{prefix}/closed/")
    assert asked.status_code == 404, "a redirect to the log-in page says something is there"
    assert "Secret plans" not in asked.content.decode()
    assert _as_nothing(asked, f"{prefix}/closed/") == _as_nothing(
        client.get(f"{prefix}/nothing-here/"), f"{prefix}/nothing-here/"
    )


def test_the_404_log_in_link_brings_a_member_back_to_the_page(client, site_structure):
    home, _index = site_structure
    _page(home, "for-members", PageViewRestriction.GROUPS)
    member = User.objects.create_user("ana", "ana@example.org", PASSWORD)
    member.groups.add(Group.objects.get(name=MEMBERS))

    not_found = client.get("/es/for-members/")
    assert not_found.status_code == 404
    log_in = "/es/cuentas/entrar/?next=/es/for-members/"
    assert f'href="{log_in}"' in not_found.content.decode()
    assert "Iniciar sesión y volver a esta página" in not_found.content.decode()

    arrived = client.post(log_in, {"username": "ana", "password": PASSWORD}, follow=True)
    assert arrived.redirect_chain[-1][0] == "/es/for-members/"
    assert arrived.status_code == 200
    assert "Secret plans" in arrived.content.decode()


def test_a_member_who_followed_a_link_to_a_members_only_story_logs_in_and_reads_it(
    client, site_structure
):
    _, index = site_structure
    story = make_story(index, narrators=[make_narrator()], visibility=Visibility.MEMBERS)
    member = User.objects.create_user("ana", "ana@example.org", PASSWORD)
    member.groups.add(Group.objects.get(name=MEMBERS))
    path = story.get_url()

    not_found = client.get(path).content.decode()
    assert story.title_en not in not_found
    assert "Log in and return to this page" in not_found
    arrived = client.post(
        f"/accounts/login/?next={path}", {"username": "ana", "password": PASSWORD}, follow=True
    )
    assert arrived.redirect_chain[-1][0] == path
    assert story.title_en in arrived.content.decode()


def test_a_reader_outside_the_group_gets_the_same_404_without_a_log_in_offer(
    client, site_structure
):
    home, _index = site_structure
    _page(home, "for-members", PageViewRestriction.GROUPS)
    client.force_login(User.objects.create_user("someone", password=PASSWORD))
    response = client.get("/for-members/")
    assert response.status_code == 404
    assert "/accounts/login/" not in response.content.decode()


def test_a_password_restricted_page_keeps_its_password_form(client, site_structure):
    home, _index = site_structure
    _page(home, "with-password", PageViewRestriction.PASSWORD, password="sumpul")
    response = client.get("/with-password/")
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_a_password_restricted_story_keeps_its_password_form_and_is_never_cached(
    client, site_structure
):
    """Story pages read their view restrictions once a request and hand them to Wagtail's
    own check (ViewRestrictionsAskedOnce): that check still answers with the form."""
    _home, index = site_structure
    story = make_story(index, narrators=[make_narrator()])
    PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.PASSWORD, password="sumpul"
    )
    response = client.get(story.get_url())
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
    assert story.title_en not in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
