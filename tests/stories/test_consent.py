"""Consent is enforced, not advised: no publishing without it, and withdrawing it takes a
narrator's stories out of the archive in one action, logged with who, when and why."""

import datetime
import html
import logging
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import ModelLogEntry, PageLogEntry, Revision
from wagtail.search.backends import get_search_backend
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from archive.models import ArchiveRendition, ConsentScope
from archive.roles import CONSENT_OFFICERS, EDITORS, MEMBERS
from stories.consent import ConsentWithdrawn, record_consent, withdraw_consent
from stories.models import StoryPage, Visibility
from tests.factories import make_narrator, make_photo, make_story, photo_block

pytestmark = pytest.mark.django_db
WITHDRAWN_AT = timezone.now() - datetime.timedelta(days=3)
IN_A_MONTH = timezone.localdate() + datetime.timedelta(days=30)
LAST_YEAR = timezone.localdate() - datetime.timedelta(days=365)


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
        embargo_until=IN_A_MONTH if visibility == Visibility.EMBARGOED else None,
        live=False,
    )
    index.add_child(instance=story)
    story.narrators.set([narrator])
    story.save_revision()
    return story


def _publish_in_admin(client, story, narrator, visibility=Visibility.PUBLIC, extra=None):
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
    narrators = narrator if isinstance(narrator, list) else [narrator]
    data["narrators"] = [str(each.pk) for each in narrators]
    if visibility == Visibility.EMBARGOED:
        data["embargo_until"] = IN_A_MONTH.isoformat()
    data.update(extra or {})
    data["action-publish"] = "action-publish"
    return client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]), data)


# (narrator's consent, narrator's own fields, story visibility, allowed, reason shown)
CONSENT_CASES = [
    (ConsentScope.NOT_ASKED, {}, Visibility.PUBLIC, False, "no consent recorded"),
    (ConsentScope.ARCHIVE, {}, Visibility.PUBLIC, False, "the archive only"),
    (ConsentScope.ARCHIVE, {}, Visibility.MEMBERS, False, "the archive only"),
    (ConsentScope.MEMBERS, {}, Visibility.PUBLIC, False, "members-only stories, not public"),
    (ConsentScope.MEMBERS, {}, Visibility.MEMBERS, True, ""),
    (ConsentScope.PUBLIC, {}, Visibility.MEMBERS, True, ""),
    (ConsentScope.PUBLIC, {}, Visibility.PUBLIC, True, ""),
    # An embargoed story goes public on its date without anyone looking again.
    (ConsentScope.PUBLIC, {}, Visibility.EMBARGOED, True, ""),
    (ConsentScope.MEMBERS, {}, Visibility.EMBARGOED, False, "members-only stories, not public"),
    (ConsentScope.PUBLIC, {"embargo_until": IN_A_MONTH}, Visibility.PUBLIC, False, "embargo"),
    (ConsentScope.PUBLIC, {"embargo_until": LAST_YEAR}, Visibility.PUBLIC, True, ""),
    (ConsentScope.PUBLIC, {"withdrawn_at": WITHDRAWN_AT}, Visibility.PUBLIC, False, "withdrawn"),
    (ConsentScope.PUBLIC, {"withdrawn_at": WITHDRAWN_AT}, Visibility.MEMBERS, False, "withdrawn"),
]


def _case_id(case):
    consent, fields, visibility, allowed, _ = case
    extra = "+".join(fields)
    return f"{consent}{'+' + extra if extra else ''}-story-{visibility}-{'ok' if allowed else 'no'}"


@pytest.mark.parametrize(
    ("consent", "fields", "visibility", "allowed", "reason"),
    CONSENT_CASES,
    ids=[_case_id(case) for case in CONSENT_CASES],
)
def test_publishing_in_the_admin_needs_consent_for_the_visibility(
    admin_client, site_structure, consent, fields, visibility, allowed, reason
):
    _, index = site_structure
    narrator = make_narrator(
        consent=consent, pseudonym="Doña Sample", real_name="Hidden Person", **fields
    )
    story = _draft(index, narrator, visibility)
    response = _publish_in_admin(admin_client, story, narrator, visibility)
    story.refresh_from_db()
    assert story.live is allowed
    if allowed:
        assert response.status_code == 302
        assert story.visibility == visibility
    else:
        assert response.status_code == 200
        text = _messages_text(response)
        assert "This story cannot be published until every narrator" in text
        assert "Doña Sample" in text and reason in text


@pytest.mark.parametrize(
    ("consent", "fields", "visibility", "allowed", "reason"),
    CONSENT_CASES,
    ids=[_case_id(case) for case in CONSENT_CASES],
)
def test_publishing_in_code_needs_consent_for_the_visibility(
    site_structure, consent, fields, visibility, allowed, reason
):
    _, index = site_structure
    narrator = make_narrator(consent=consent, pseudonym="Doña Sample", **fields)
    story = _draft(index, narrator, visibility)
    if allowed:
        story.save_revision().publish()
    else:
        with pytest.raises(ValidationError, match=reason) as error:
            story.save_revision().publish()
        assert "Doña Sample" in str(error.value)
    story.refresh_from_db()
    assert story.live is allowed
    assert StoryPage.objects.live().filter(pk=story.pk).exists() is allowed


def test_a_story_with_two_narrators_needs_both(admin_client, site_structure):
    _, index = site_structure
    willing = make_narrator(pseudonym="Willing")
    unasked = make_narrator(consent=ConsentScope.NOT_ASKED, pseudonym="Not Asked Yet")
    story = _draft(index, willing)
    response = _publish_in_admin(admin_client, story, [willing, unasked])
    story.refresh_from_db()
    assert not story.live
    text = _messages_text(response)
    assert "Not Asked Yet: no consent recorded" in text
    assert "Willing:" not in text
    story.narrators.set([willing, unasked])
    with pytest.raises(ValidationError, match="Not Asked Yet: no consent recorded"):
        story.save_revision().publish()


def test_scheduling_a_story_without_consent_is_refused_too(admin_client, site_structure):
    _, index = site_structure
    narrator = make_narrator(consent=ConsentScope.NOT_ASKED, pseudonym="Doña Sample")
    story = _draft(index, narrator)
    response = _publish_in_admin(
        admin_client,
        story,
        narrator,
        extra={
            "go_live_at": (timezone.now() + datetime.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
        },
    )
    assert response.status_code == 200
    assert "Doña Sample" in _messages_text(response)
    assert not Revision.page_revisions.filter(
        object_id=str(story.pk), approved_go_live_at__isnull=False
    ).exists()


def _messages_text(response):
    """The page as the editor reads it: form errors and messages, HTML entities decoded."""
    return html.unescape(response.text)


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


# --- A story naming no narrator ---------------------------------------------------------------
NO_NARRATOR = "This story cannot be published: it names no narrator."


def _draft_without_narrator(index, **fields):
    fields = {
        "title": "Nobody's story",
        "title_en": "Nobody's story",
        "title_es": "Historia de nadie",
        "slug_en": "nobodys-story",
        "slug_es": "historia-de-nadie",
        "live": False,
        **fields,
    }
    story = StoryPage(slug=fields["slug_en"], **fields)
    index.add_child(instance=story)
    story.save_revision()
    return story


def test_the_publish_button_refuses_a_story_naming_no_narrator(admin_client, site_structure):
    _, index = site_structure
    story = _draft_without_narrator(index)
    response = _publish_in_admin(admin_client, story, [])
    story.refresh_from_db()
    assert response.status_code == 200
    assert not story.live
    text = _messages_text(response)
    assert NO_NARRATOR in text
    assert "Editorial text (no narrator)" in text

    # The editors say it is the archive's own text: it needs nobody's consent.
    response = _publish_in_admin(admin_client, story, [], extra={"is_editorial": "on"})
    story.refresh_from_db()
    assert response.status_code == 302
    assert story.live and story.is_editorial


def test_editorial_text_still_needs_the_consent_of_a_narrator_it_names(
    admin_client, site_structure
):
    _, index = site_structure
    unasked = make_narrator(consent=ConsentScope.NOT_ASKED, pseudonym="Doña Sample")
    story = _draft_without_narrator(index)
    response = _publish_in_admin(admin_client, story, unasked, extra={"is_editorial": "on"})
    story.refresh_from_db()
    assert not story.live
    assert "Doña Sample: no consent recorded" in _messages_text(response)


def test_publishing_a_story_naming_no_narrator_in_code_is_refused(site_structure):
    _, index = site_structure
    story = _draft_without_narrator(index)
    with pytest.raises(ValidationError, match="it names no narrator"):
        story.get_latest_revision().publish()
    story.refresh_from_db()
    assert not story.live

    editorial = _draft_without_narrator(
        index, is_editorial=True, slug_es="texto-editorial", slug_en="editorial"
    )
    editorial.get_latest_revision().publish()
    editorial.refresh_from_db()
    assert editorial.live


def test_scheduled_publishing_skips_a_story_naming_no_narrator_and_publishes_the_rest(
    site_structure,
):
    import io

    from django.core.management import call_command

    _, index = site_structure
    nobodys = _draft_without_narrator(index)
    editorial = _draft_without_narrator(
        index, is_editorial=True, slug_es="texto-editorial", slug_en="editorial"
    )
    earlier = timezone.now() - datetime.timedelta(minutes=5)
    # Scheduled before the rule (the admin form refuses to schedule it now).
    for story, minutes in ((nobodys, 2), (editorial, 1)):
        Revision.objects.filter(pk=story.get_latest_revision().pk).update(
            approved_go_live_at=earlier + datetime.timedelta(minutes=minutes)
        )
    errors = io.StringIO()

    call_command("publish_scheduled", stdout=io.StringIO(), stderr=errors)

    nobodys.refresh_from_db()
    editorial.refresh_from_db()
    assert not nobodys.live
    assert editorial.live
    assert "Nobody's story" in errors.getvalue() and NO_NARRATOR in errors.getvalue()
    # No longer scheduled: the next run does not try again.
    assert not Revision.page_revisions.filter(approved_go_live_at__isnull=False).exists()


def test_the_admin_explains_a_missing_narrator_in_spanish(admin_client, admin_user, site_structure):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "es"
    profile.save()
    _, index = site_structure
    story = _draft_without_narrator(index)
    response = _publish_in_admin(admin_client, story, [])
    text = _messages_text(response)
    assert "Esta historia no se puede publicar: no nombra a ninguna persona narradora." in text
    assert "Texto editorial (sin persona narradora)" in text


RECORD = "wagtailsnippets_archive_narrator:record_consent"
WITHDRAW = "wagtailsnippets_archive_narrator:withdraw_consent"


@pytest.fixture
def member(site_structure):
    return _user("socia", MEMBERS)


@pytest.mark.parametrize("url_name", [RECORD, WITHDRAW])
def test_consent_officers_open_the_consent_screens(client, officer, url_name):
    narrator = make_narrator(pseudonym="Don Sample", real_name="Hidden Person")
    client.force_login(officer)
    response = client.get(reverse(url_name, args=[narrator.pk]))
    assert response.status_code == 200
    assert "Don Sample" in response.text


def test_the_narrator_screen_offers_the_consent_actions_to_officers_only(client, officer, editor):
    narrator = make_narrator()
    edit = reverse("wagtailsnippets_archive_narrator:edit", args=[narrator.pk])
    client.force_login(officer)
    text = client.get(edit).text
    assert reverse(RECORD, args=[narrator.pk]) in text
    assert reverse(WITHDRAW, args=[narrator.pk]) in text
    client.force_login(editor)
    text = client.get(edit).text
    assert reverse(RECORD, args=[narrator.pk]) not in text
    assert reverse(WITHDRAW, args=[narrator.pk]) not in text


@pytest.mark.parametrize("url_name", [RECORD, WITHDRAW])
@pytest.mark.parametrize("who", ["anonymous", "member", "editor"])
def test_nobody_else_reaches_the_consent_screens(client, request, url_name, who):
    narrator = make_narrator(pseudonym="Don Sample", real_name="Hidden Person")
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    url = reverse(url_name, args=[narrator.pk])
    data = {
        "reason": "x",
        "confirm": "on",
        "consent_scope": "not_asked",
        "consent_date": "2024-01-01",
    }
    for response in (client.get(url), client.post(url, data)):
        assert response.status_code in (302, 403)
        assert "Hidden Person" not in response.text
        if response.status_code == 302:
            assert response["Location"] != reverse(
                "wagtailsnippets_archive_narrator:edit", args=[narrator.pk]
            )
    narrator.refresh_from_db()
    assert narrator.withdrawn_at is None
    assert narrator.consent_scope == ConsentScope.PUBLIC
    assert not ModelLogEntry.objects.filter(action__startswith="memoria.").exists()


def test_recording_consent_in_the_admin(client, officer):
    narrator = make_narrator(consent=ConsentScope.NOT_ASKED, pseudonym="Don Sample")
    client.force_login(officer)
    response = client.post(
        reverse(RECORD, args=[narrator.pk]),
        {"consent_scope": "members", "consent_date": "2024-03-24", "embargo_until": ""},
    )
    assert response.status_code == 302
    narrator.refresh_from_db()
    assert narrator.consent_scope == ConsentScope.MEMBERS
    assert narrator.consent_date == datetime.date(2024, 3, 24)
    assert narrator.consent_recorded_by == officer
    entry = ModelLogEntry.objects.get(action="memoria.record_consent")
    assert entry.user_id == officer.pk and entry.data["scope"] == "members"
    follow = client.get(response["Location"])
    assert "Consent recorded for Don Sample." in html.unescape(follow.text)


def test_consent_to_publishing_the_voice_is_recorded_separately(client, officer):
    """Words yes, voice no: the officer records whether recordings of the narrator's voice
    may be published, apart from the scope, and the audit log says which."""
    narrator = make_narrator(consent=ConsentScope.NOT_ASKED)
    client.force_login(officer)
    url = reverse(RECORD, args=[narrator.pk])
    form = html.unescape(client.get(url).text)
    # The question the workflow's consent dialog asks too (stories.consent.VOICE_QUESTION).
    assert "May recordings of the narrator's voice be published?" in form
    assert "only the transcript and the index of a recording are published" in form
    data = {"consent_scope": "public", "consent_date": "2024-03-24", "embargo_until": ""}
    client.post(url, {**data, "voice_consent": "on"})
    narrator.refresh_from_db()
    assert narrator.voice_consent is True
    client.post(url, data)  # the box left unticked: words only
    narrator.refresh_from_db()
    assert narrator.voice_consent is False and narrator.consent_scope == ConsentScope.PUBLIC
    entries = ModelLogEntry.objects.filter(action="memoria.record_consent").order_by("pk")
    assert [entry.data["voice"] for entry in entries] == [True, False]


def test_the_withdrawal_form_asks_for_a_reason_and_a_confirmation(client, site_structure, officer):
    _, index = site_structure
    narrator = make_narrator()
    story = make_story(index, narrators=[narrator])
    client.force_login(officer)
    response = client.post(reverse(WITHDRAW, args=[narrator.pk]), {"reason": "", "confirm": ""})
    assert response.status_code == 200
    assert "This field is required." in response.text
    narrator.refresh_from_db()
    story.refresh_from_db()
    assert narrator.withdrawn_at is None and story.live


@pytest.mark.parametrize(
    "language, said",
    [
        ("en", "Consent withdrawn for Don Sample; 1 story unpublished."),
        ("es", "Consentimiento retirado para Don Sample; 1 historia despublicada."),
    ],
)
def test_withdrawing_one_story_says_so_in_the_singular(
    client, site_structure, officer, language, said
):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(officer)
    profile.preferred_language = language
    profile.save()
    _, index = site_structure
    narrator = make_narrator(pseudonym="Don Sample")
    make_story(index, narrators=[narrator])
    client.force_login(officer)
    response = client.post(
        reverse(WITHDRAW, args=[narrator.pk]), {"reason": "Asked by phone.", "confirm": "on"}
    )
    assert said in html.unescape(client.get(response["Location"]).text)


def test_withdrawal_takes_every_story_out_in_one_action_and_is_logged(
    client, site_structure, officer
):
    _, index = site_structure
    narrator = make_narrator(pseudonym="Don Sample")
    others = make_narrator(pseudonym="Someone Else")
    photo, shared = make_photo(), make_photo("Shared", "shared.jpg")
    stories = [
        make_story(
            index, narrators=[narrator], title_en="Zanate story 0", body_en=photo_block(photo)
        ),
        make_story(index, narrators=[narrator], title_en="Zanate story 1"),
    ]
    members_story = make_story(
        index,
        narrators=[narrator],
        visibility=Visibility.MEMBERS,
        title_en="Zanate story members",
        body_en=photo_block(shared),
    )
    stories.append(members_story)
    # The shared photo also illustrates another narrator's public story: it stays public.
    make_story(index, narrators=[others], title_en="Other story", body_en=photo_block(shared))
    photo.get_rendition("width-400")
    shared_rendition = shared.get_rendition("width-400")
    assert StoryPage.objects.live().search("Zanate").count() == 3

    client.force_login(officer)
    url = reverse(WITHDRAW, args=[narrator.pk])
    assert "Zanate story 0" in client.get(url).text  # the officer sees what will go
    response = client.post(url, {"reason": "Threats after the 2023 arrests.", "confirm": "on"})
    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert "3 stories unpublished" in html.unescape(follow.text)

    for story in stories:
        story.refresh_from_db()
        assert not story.live
        found = get_search_backend().search(story.title_en, StoryPage)
        assert story.pk not in [result.pk for result in found]
        unpublish = PageLogEntry.objects.get(page=story, action="wagtail.unpublish")
        assert unpublish.user_id == officer.pk
    assert not StoryPage.objects.live().search("Zanate").count()
    assert StoryPage.objects.live().search("Other story").count() == 1
    assert not ArchiveRendition.objects.filter(image=photo).exists()
    assert ArchiveRendition.objects.filter(pk=shared_rendition.pk).exists()
    narrator.refresh_from_db()
    assert narrator.is_withdrawn and narrator.withdrawal_reason == "Threats after the 2023 arrests."
    entry = ModelLogEntry.objects.get(action="memoria.withdraw_consent")
    assert entry.user_id == officer.pk
    assert entry.object_id == str(narrator.pk)
    assert entry.data["reason"] == "Threats after the 2023 arrests."
    assert sorted(entry.data["unpublished"]) == sorted(story.pk for story in stories)
    # The audit log page shows it in words.
    client.force_login(User.objects.create_superuser("boss", "boss@example.org", "x"))
    history = client.get(reverse("wagtailsnippets_archive_narrator:history", args=[narrator.pk]))
    assert "Consent withdrawn" in history.text


def test_withdrawal_deletes_the_resized_copies_at_once_and_no_clean_up_fails(
    site_structure, officer, caplog, django_capture_on_commit_callbacks
):
    """Their files go from disk during the withdrawal itself, and the clean-up Wagtail
    schedules for each deleted copy finds nothing to fail on: a real failure to delete a
    file must stand out in the logs, not hide among routine ones."""
    _, index = site_structure
    cache.clear()  # Wagtail remembers renditions by photo id, which tests reuse
    narrator = make_narrator()
    photo = make_photo()
    make_story(index, narrators=[narrator], body_en=photo_block(photo))
    files = [
        Path(photo.get_rendition(spec).file.path)
        for spec in ("width-400", "fill-100x100", "max-1200x900", "width-800")
    ]
    assert all(path.exists() for path in files)

    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        withdraw_consent(narrator, officer, "Asked us to.")

    assert not any(path.exists() for path in files)
    assert not ArchiveRendition.objects.filter(image=photo).exists()
    problems = [
        record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING
    ]
    assert problems == []


def test_withdrawal_stops_a_scheduled_publication(site_structure, officer):
    _, index = site_structure
    narrator = make_narrator()
    story = _draft(index, narrator)
    story.go_live_at = timezone.now() + datetime.timedelta(days=1)
    story.save_revision().publish()
    assert Revision.page_revisions.filter(approved_go_live_at__isnull=False).exists()
    withdraw_consent(narrator, officer, "Changed their mind.")
    assert not Revision.page_revisions.filter(approved_go_live_at__isnull=False).exists()


def test_a_withdrawn_narrator_cannot_be_published_again_by_republishing(site_structure, officer):
    _, index = site_structure
    narrator = make_narrator(pseudonym="Don Sample")
    story = make_story(index, narrators=[narrator])
    withdraw_consent(narrator, officer, "Asked us to.")
    story.refresh_from_db()
    with pytest.raises(ValidationError, match="consent withdrawn"):
        story.get_latest_revision().publish()
    story.refresh_from_db()
    assert not story.live


def test_the_admin_asks_before_consent_is_recorded_again_after_withdrawal(client, officer):
    narrator = make_narrator(pseudonym="Don Sample")
    withdraw_consent(narrator, officer, "Asked us to.")
    client.force_login(officer)
    url = reverse(RECORD, args=[narrator.pk])
    assert "The narrator has given consent again" in client.get(url).text
    data = {"consent_scope": "public", "consent_date": "2025-01-02", "embargo_until": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "confirm that they have agreed again" in html.unescape(response.text)
    narrator.refresh_from_db()
    assert narrator.is_withdrawn
    response = client.post(url, {**data, "ends_withdrawal": "on"})
    assert response.status_code == 302
    narrator.refresh_from_db()
    assert not narrator.is_withdrawn and narrator.consent_scope == ConsentScope.PUBLIC
    entry = ModelLogEntry.objects.get(action="memoria.record_consent")
    assert entry.data["ends_withdrawal"] is True


def test_narrowing_consent_hides_published_stories_and_their_photos(
    client, site_structure, officer
):
    _, index = site_structure
    narrator = make_narrator(pseudonym="Don Sample")
    photo = make_photo()
    story = make_story(index, narrators=[narrator], body_en=photo_block(photo))
    rendition = photo.get_rendition("width-400")
    assert client.get(story.url).status_code == 200
    record_consent(narrator, officer, scope=ConsentScope.MEMBERS, date=timezone.localdate())
    assert client.get(story.url).status_code == 404
    assert client.get(rendition.url).status_code == 404
    assert not ArchiveRendition.objects.filter(image=photo).exists()


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


def test_a_refused_form_still_shows_the_consent_on_record(client, officer):
    narrator = make_narrator(consent=ConsentScope.MEMBERS, pseudonym="Don Sample")
    withdraw_consent(narrator, officer, "Asked us to.")
    client.force_login(officer)
    response = client.post(
        reverse(RECORD, args=[narrator.pk]),
        {"consent_scope": "public", "consent_date": "2025-01-02", "embargo_until": ""},
    )
    assert response.status_code == 200
    text = html.unescape(response.text)
    assert "Don Sample: consent is currently “Members only”." in text
    assert "Withdrawn on" in text


def test_the_narrator_edit_form_cannot_change_consent(client, site_structure, editor):
    narrator = make_narrator(consent=ConsentScope.NOT_ASKED, pseudonym="Don Sample")
    client.force_login(editor)
    url = reverse("wagtailsnippets_archive_narrator:edit", args=[narrator.pk])
    response = client.post(
        url,
        {
            "pseudonym": "Don Sample",
            "real_name": "",
            "community": "",
            "consent_scope": "public",
            "consent_date": "2025-01-01",
            "withdrawn_at": "",
        },
    )
    assert response.status_code == 302
    narrator.refresh_from_db()
    assert narrator.consent_scope == ConsentScope.NOT_ASKED and narrator.consent_date is None


PURGED = []


class RecordingCacheBackend(BaseBackend):
    """A front-end cache (CDN) that writes down what it was asked to forget."""

    def purge(self, url):
        PURGED.append(url)

    def purge_batch(self, urls):
        PURGED.extend(urls)


def test_withdrawal_asks_the_front_end_cache_to_forget_every_copy(
    site_structure, officer, settings
):
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {"BACKEND": "tests.stories.test_consent.RecordingCacheBackend"}
    }
    PURGED.clear()
    _, index = site_structure
    narrator = make_narrator()
    photo = make_photo()
    story = make_story(index, narrators=[narrator], body_en=photo_block(photo), slug_es="agua-x")
    rendition_url = photo.get_rendition("width-400").url
    withdraw_consent(narrator, officer, "Asked us to.")
    purged = " ".join(PURGED)
    for expected in (
        story.slug_en,
        "/es/historias/agua-x/",
        rendition_url,
        photo.file.url,
        f"/photos/{photo.pk}/",
        f"/es/fotos/{photo.pk}/",
        "/stories/feed/",
        "/es/historias/feed/",
        "/sitemap.xml",
    ):
        assert expected in purged, expected
    assert not ArchiveRendition.objects.filter(image=photo).exists()
