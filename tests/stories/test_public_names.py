"""One public name: a member's username or a narrator's real name never appears publicly.
Sign-up and the story form ask for the name to show, in plain words, in both languages."""

import uuid

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from archive import roles
from archive.accounts.services import approve_membership
from archive.models import ConsentScope, MembershipRequest
from stories.consent import record_consent
from stories.models import StoryPage

pytestmark = pytest.mark.django_db

PASSWORD = "río-Sumpul-1980-memoria"
USERNAME = "xq_quintanilla77"
FULL_NAME = ("Xiomara", "Quintanilla")


def _url(language, name):
    with translation.override(language):
        return reverse(name)


def _member(site_structure, public_name=None):
    user = User.objects.create_user(
        USERNAME, "xq@example.org", PASSWORD, first_name=FULL_NAME[0], last_name=FULL_NAME[1]
    )
    user.groups.add(Group.objects.get(name=roles.MEMBERS))
    if public_name is not None:
        from archive.models import MemberProfile

        MemberProfile.objects.create(user=user, public_name=public_name)
    return user


def _submit_own_story(client, **fields):
    data = {
        "client_token": str(uuid.uuid4()),
        "title": "The day the river rose",
        "text": "We carried the children across the river.",
        "language": "en",
        "narrator": "self",
        "narrator_name": "",
        "date_text": "1989",
        "consent": ConsentScope.PUBLIC,
        "website": "",
        **fields,
    }
    response = client.post(_url("en", "submit_story"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return StoryPage.objects.get(title_en="The day the river rose")


def _publish(story):
    officer = User.objects.create_superuser("officer", "officer@example.org", "x")
    for narrator in story.narrators.all():
        record_consent(narrator, officer, scope=ConsentScope.PUBLIC, date=timezone.localdate())
    story.save_revision().publish()
    story.refresh_from_db()
    return story


def _everything_public(story):
    anonymous = Client()
    urls = [
        story.url,
        "/stories/feed/",
        "/search/results.json?q=river",
        "/search/export.ris?q=river",
        f"/api/v2/pages/{story.pk}/",
        "/oai/?verb=ListRecords&metadataPrefix=oai_dc",
    ]
    texts = []
    for url in urls:
        response = anonymous.get(url)
        assert response.status_code == 200, url
        texts.append(response.content.decode())
    return "\n".join(texts)


def test_a_member_who_gives_no_public_name_is_anonymous_never_their_username(site_structure):
    member = _member(site_structure)
    client = Client()
    client.force_login(member)
    story = _publish(_submit_own_story(client, pseudonym=""))

    shown = _everything_public(story)
    assert "Anonymous narrator" in shown
    for private in (USERNAME, *FULL_NAME, "xq@example.org"):
        assert private not in shown, private
    # The editors still see who told it.
    assert story.narrators.get().real_name == "Xiomara Quintanilla"


def test_the_story_form_offers_the_members_public_name_and_shows_only_that(site_structure):
    member = _member(site_structure, public_name="La Flor del Río")
    client = Client()
    client.force_login(member)
    form = client.get(_url("en", "submit_story")).content.decode()
    assert 'value="La Flor del Río"' in form
    story = _publish(_submit_own_story(client, pseudonym="La Flor del Río"))

    shown = _everything_public(story)
    assert "La Flor del Río" in shown
    for private in (USERNAME, *FULL_NAME):
        assert private not in shown, private


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["Name to show with the story", "pseudonym is welcome", "only editors see it"]),
        ("es", ["Nombre que se mostrará con la historia", "seudónimo", "solo lo ven"]),
    ],
)
def test_the_story_form_asks_for_the_name_to_show_in_plain_words(site_structure, language, words):
    client = Client()
    client.force_login(_member(site_structure))
    form = client.get(_url(language, "submit_story")).content.decode()
    for word in words:
        assert word in form, word


@pytest.mark.parametrize(("language", "label"), [("en", "Public name"), ("es", "Nombre público")])
def test_signup_asks_for_a_public_name_and_the_member_gets_it(site_structure, language, label):
    client = Client()
    assert label in client.get(_url(language, "signup")).content.decode()
    response = client.post(
        _url(language, "signup"),
        {
            "username": "nuevo_miembro",
            "public_name": "Don Chepe",
            "email": "chepe@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "committee": "Comité de Arcatao",
            "message": "",
            "language": language,
            "website": "",
        },
    )
    assert response.status_code == 302
    editor = User.objects.create_superuser("editor", "editor@example.org", "x")
    approve_membership(MembershipRequest.objects.get(), by=editor)

    member = User.objects.get(username="nuevo_miembro")
    client.force_login(member)
    assert 'value="Don Chepe"' in client.get(_url(language, "submit_story")).content.decode()
