"""Consent is enforced, not advised: no publishing without it, and withdrawing it takes a
narrator's stories out of the archive in one action, logged with who, when and why."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.search.backends import get_search_backend
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from archive.consent import ConsentWithdrawn, record_consent, withdraw_consent
from archive.models import ArchiveRendition, ConsentScope
from archive.roles import CONSENT_OFFICERS, EDITORS
from stories.models import StoryPage, Visibility
from tests.factories import make_narrator, make_photo, make_story, photo_block

pytestmark = pytest.mark.django_db


def _user(username, group):
    user = User.objects.create_user(username, f"{username}@example.org", "x")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(site_structure):
    return _user("editora", EDITORS)


@pytest.fixture
def officer(site_structure):
    return _user("oficial", CONSENT_OFFICERS)


def _draft(index, narrator, visibility=Visibility.PUBLIC):
    story = StoryPage(
        title="Consent test",
        title_en="Consent test",
        slug="consent-test",
        slug_en="consent-test",
        slug_es="prueba-consentimiento",
        title_es="Prueba de consentimiento",
        visibility=visibility,
        live=False,
    )
    index.add_child(instance=story)
    story.narrators.set([narrator])
    story.save_revision()
    return story


def _publish_in_admin(client, story, narrator, visibility=Visibility.PUBLIC):
    data = nested_form_data(
        {
            "title_en": story.title_en,
            "title_es": story.title_es,
            "slug_en": story.slug_en,
            "slug_es": story.slug_es,
            "summary_en": "",
            "summary_es": "",
            "body_en": streamfield([]),
            "body_es": streamfield([]),
            "original_language": "es",
            "translation_status_en": "needed",
            "translation_status_es": "original",
            "date_precision": "year",
            "visibility": visibility,
            "tags": "",
            "comments": inline_formset([]),
        }
    )
    data["narrators"] = [str(narrator.pk)]
    data["action-publish"] = "action-publish"
    return client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]), data)


@pytest.mark.parametrize(
    ("consent", "visibility", "allowed"),
    [
        (ConsentScope.NOT_ASKED, Visibility.PUBLIC, False),
        (ConsentScope.ARCHIVE, Visibility.PUBLIC, False),
        (ConsentScope.MEMBERS, Visibility.PUBLIC, False),
        (ConsentScope.MEMBERS, Visibility.MEMBERS, True),
        (ConsentScope.PUBLIC, Visibility.PUBLIC, True),
    ],
)
def test_publishing_in_the_admin_needs_consent_for_the_visibility(
    admin_client, site_structure, consent, visibility, allowed
):
    _, index = site_structure
    narrator = make_narrator(consent=consent, pseudonym="Doña Sample")
    story = _draft(index, narrator, visibility)
    response = _publish_in_admin(admin_client, story, narrator, visibility)
    story.refresh_from_db()
    assert story.live is allowed
    if not allowed:
        assert response.status_code == 200
        assert "cannot be published until every narrator" in response.text
        assert "Doña Sample" in response.text


def test_publishing_in_code_is_refused_without_consent(site_structure):
    _, index = site_structure
    narrator = make_narrator(consent=ConsentScope.NOT_ASKED)
    story = _draft(index, narrator)
    with pytest.raises(ValidationError, match="no consent recorded"):
        story.get_latest_revision().publish()
    story.refresh_from_db()
    assert not story.live


def test_the_admin_explains_in_spanish(admin_client, admin_user, site_structure):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "es"
    profile.save()
    _, index = site_structure
    narrator = make_narrator(consent=ConsentScope.NOT_ASKED, pseudonym="Doña Sample")
    story = _draft(index, narrator)
    response = _publish_in_admin(admin_client, story, narrator)
    assert "no se puede publicar hasta que el consentimiento" in response.text
    assert "no hay consentimiento registrado" in response.text


def test_withdrawal_takes_every_story_out_in_one_action_and_is_logged(
    client, site_structure, officer
):
    _, index = site_structure
    narrator = make_narrator(pseudonym="Don Sample")
    photo = make_photo()
    stories = [
        make_story(index, narrators=[narrator], body_en=photo_block(photo)) for _ in range(2)
    ]
    photo.get_rendition("width-400")
    client.force_login(officer)
    url = reverse("wagtailsnippets_archive_narrator:withdraw_consent", args=[narrator.pk])
    response = client.post(url, {"reason": "Threats after the 2023 arrests.", "confirm": "on"})
    assert response.status_code == 302

    for story in stories:
        story.refresh_from_db()
        assert not story.live
        found = get_search_backend().search(story.title_en, StoryPage)
        assert story.pk not in [result.pk for result in found]
    assert not ArchiveRendition.objects.filter(image=photo).exists()
    entry = ModelLogEntry.objects.get(action="memoria.withdraw_consent")
    assert entry.user_id == officer.pk
    assert entry.data["reason"] == "Threats after the 2023 arrests."
    assert sorted(entry.data["unpublished"]) == sorted(story.pk for story in stories)


def test_editors_without_the_consent_permission_cannot_withdraw(client, site_structure, editor):
    narrator = make_narrator()
    client.force_login(editor)
    url = reverse("wagtailsnippets_archive_narrator:withdraw_consent", args=[narrator.pk])
    response = client.post(url, {"reason": "x", "confirm": "on"})
    assert response.status_code in (302, 403)
    narrator.refresh_from_db()
    assert narrator.withdrawn_at is None


def test_consent_after_withdrawal_must_be_given_again_deliberately(site_structure, officer):
    narrator = make_narrator()
    withdraw_consent(narrator, officer, "Asked us to.")
    narrator.refresh_from_db()
    with pytest.raises(ConsentWithdrawn):
        record_consent(narrator, officer, scope=ConsentScope.PUBLIC, date=None)
    record_consent(narrator, officer, scope=ConsentScope.PUBLIC, date=None, ends_withdrawal=True)
    narrator.refresh_from_db()
    assert narrator.withdrawn_at is None and narrator.consent_recorded_by == officer
    assert ModelLogEntry.objects.filter(action="memoria.record_consent").exists()
