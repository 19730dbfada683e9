"""Editors hear a member's recording before the story is published: in Wagtail's real page
preview (the edit form POSTed to the preview address, then the preview read with GET, as the
admin's preview panel does) and on the Recordings snippet's edit page, from addresses under
/admin/ that answer only to the people who may preview the story -- while the public page
and the public file addresses stay closed, and the original upload is never served."""

import json

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from recordings.models import Segment, Status
from stories.models import StoryPage
from tests.recordings.media_files import (
    ENGLISH_SRT,
    SPANISH_VTT,
    attach_ready_recording,
    make_recording,
    phone_tone,
)
from tests.stories import test_workflow as workflow

# The review workflow's fixtures (tests/stories/test_workflow.py): a member's story sent
# with /submit/, waiting for the editorial review.
archive = workflow.archive
member = workflow.member
member_client = workflow.member_client
editor = workflow.editor
officer = workflow.officer
submitted = workflow.submitted

pytestmark = pytest.mark.django_db

NOT_PUBLIC = "Preview: this recording is not public."
WORDS_ONLY = "the published page shows only the words of this recording"


@pytest.fixture
def recording(submitted, django_capture_on_commit_callbacks):
    """The member's story with a recording processed by ffmpeg, transcribed and indexed."""
    recording = make_recording(
        submitted,
        phone_tone(),
        django_capture_on_commit_callbacks,
        transcript_es=SPANISH_VTT,
        transcript_en=ENGLISH_SRT,
    )
    assert recording.status == Status.READY, recording.failure_detail
    Segment.objects.create(recording=recording, start=0, title_es="La llegada a Arcatao")
    return recording


@pytest.fixture
def outsider(archive):
    """In the admin, allowed to see the Recordings snippets, but with no permission on the
    story pages: may not preview the story, so may not hear it either."""
    user = User.objects.create_user("outsider", "outsider@example.org", "x")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
        Permission.objects.get(codename="view_recording", content_type__app_label="recordings"),
    )
    return user


def client_of(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def admin_files(recording):
    return {
        "web": reverse("recordings_preview_web", args=[recording.pk]),
        "image": reverse("recordings_preview_image", args=[recording.pk]),
        "es": reverse("recordings_preview_track", args=[recording.pk, "es"]),
        "en": reverse("recordings_preview_track", args=[recording.pk, "en"]),
    }


def public_files(recording):
    return [
        reverse("recording_web_file", args=[recording.pk]),
        reverse("recording_web_file_as", args=[recording.pk, "m4a"]),
        reverse("recording_image", args=[recording.pk]),
        reverse("recording_track", args=[recording.pk, "es"]),
        reverse("recording_track", args=[recording.pk, "en"]),
    ]


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def kept_by_no_cache(response):
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    return {"private", "no-store"} <= directives and "public" not in directives


def edit_form(story):
    """The story's edit form as the editor sends it (the member's Spanish story)."""
    data = nested_form_data(
        {
            "title_en": story.title_en or story.title,
            "title_es": story.title_es,
            "slug_en": "",
            "slug_es": story.slug_es,
            "summary_en": "",
            "summary_es": story.summary_es or "",
            "body_en": streamfield([]),
            "body_es": streamfield([("paragraph", rich_text("<p>Llegamos a Arcatao.</p>"))]),
            "original_language": "es",
            "translation_status_en": "needed",
            "translation_status_es": "original",
            "date_precision": "year",
            "visibility": story.visibility,
            "tags": "",
            "comments": inline_formset([]),
        }
    )
    data["narrators"] = [str(narrator.pk) for narrator in story.narrators.all()]
    return data


def preview(user, story):
    """Wagtail's preview of the edit form: POST it, then GET the preview it made."""
    client = client_of(user)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[story.pk])
    answer = client.post(url, edit_form(story))
    assert json.loads(answer.content) == {"is_valid": True, "is_available": True}
    page = client.get(url)
    assert page.status_code == 200
    return page.content.decode()


def test_an_editor_hears_a_members_draft_in_the_page_preview(recording, editor):
    story = StoryPage.objects.get(pk=recording.story_id)
    assert not story.live
    page = preview(editor, story)
    files = admin_files(recording)
    assert f'<audio controls preload="none" src="{files["web"]}"' in page
    assert f'kind="captions" srclang="es" label="español" src="{files["es"]}"' in page
    assert f'kind="subtitles" srclang="en" label="English" src="{files["en"]}"' in page
    assert f'src="{files["image"]}"' in page
    # The transcript, its lines playing from their moment, and the index, as readers get them.
    assert f'href="?t=1#recording-{recording.pk}" data-start="1.500"' in page
    assert "La llegada a Arcatao" in page
    # What readers will get: nothing yet, and without the voice, only the words.
    assert NOT_PUBLIC in page and WORDS_ONLY in page
    # No public address of the recording in the preview.
    assert f'"/recordings/{recording.pk}/' not in page

    editor_client = client_of(editor)
    whole = editor_client.get(files["web"])
    assert whole.status_code == 200 and whole["Content-Type"] == "audio/mp4"
    assert kept_by_no_cache(whole)
    served = body(whole)
    assert served == recording.web_file.open("rb").read()
    part = editor_client.get(files["web"], HTTP_RANGE="bytes=10-19")
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 10-19/{len(served)}"
    assert body(part) == served[10:20] and kept_by_no_cache(part)
    track = editor_client.get(files["es"])
    assert kept_by_no_cache(track)
    assert track["Content-Type"] == "text/vtt; charset=utf-8"
    assert "El río es nuestra vida." in track.content.decode()
    assert "Secreta Realname" not in track.content.decode()  # the editor's NOTE stays out
    assert editor_client.get(files["image"])["Content-Type"] == "image/png"


def test_the_original_upload_is_never_served(recording, editor):
    original = recording.original.open("rb").read()
    assert b"canary house" in original  # the phone's tags, kept only in the original
    editor_client = client_of(editor)
    served = body(editor_client.get(admin_files(recording)["web"]))
    assert served != original and b"canary house" not in served
    for name in ("original", "web.m4a", "phone.m4a", recording.original.name):
        address = f"/admin/recordings/{recording.pk}/preview/{name}"
        assert editor_client.get(address, follow=True).status_code == 404, address


def test_the_consent_officer_hears_it_in_view_draft(recording, officer):
    """Consent officers decide whether the voice may be published: they may preview the
    story (page permissions), so they hear it, with no permission on recordings at all."""
    assert not officer.has_perm("recordings.view_recording")
    client = client_of(officer)
    page = client.get(reverse("wagtailadmin_pages:view_draft", args=[recording.story_id]))
    assert f'src="{admin_files(recording)["web"]}"' in page.content.decode()
    assert client.get(admin_files(recording)["web"]).status_code == 200


def test_nobody_else_gets_the_admin_files(recording, member, outsider):
    files = admin_files(recording)
    unknown = {name: url.replace(f"/{recording.pk}/", "/987654/") for name, url in files.items()}
    for name, url in files.items():
        # Logged out, or a member: Wagtail's admin sends them to its login page, as it does
        # for an address that names no recording.
        for user in (None, member):
            answer, unknown_answer = client_of(user).get(url), client_of(user).get(unknown[name])
            assert answer.status_code == unknown_answer.status_code == 302, (user, url)
            assert answer["Location"].startswith("/admin/login/")
            assert body(answer) == body(unknown_answer) == b""
        # In the admin, but without permission on the story page: the same 404 as for none.
        assert client_of(outsider).get(url).status_code == 404, url
        assert client_of(outsider).get(unknown[name]).status_code == 404


def test_the_draft_and_its_public_files_stay_closed_to_everyone(recording, editor, member):
    story = StoryPage.objects.get(pk=recording.story_id)
    for user in (None, member, editor):
        client = client_of(user)
        assert client.get(story.get_url()).status_code == 404
        for url in public_files(recording):
            assert client.get(url).status_code == 404, (user, url)


def test_the_preview_of_a_recording_not_processed_yet_says_so(recording, editor):
    recording.status = Status.PROCESSING
    recording.save()
    story = StoryPage.objects.get(pk=recording.story_id)
    page = preview(editor, story)
    assert "Preview: this recording cannot be played yet (Processing)." in page
    assert "<audio" not in page and "Llegamos a Arcatao." in page
    for url in admin_files(recording).values():
        assert client_of(editor).get(url).status_code == 404, url


def test_the_preview_of_a_public_story_says_readers_hear_it(site_structure, editor):
    from tests.factories import make_narrator, make_story

    _, index = site_structure
    narrator = make_narrator(pseudonym="Doña Voz", voice_consent=True)
    story = make_story(index, narrators=[narrator])
    recording = attach_ready_recording(story, transcript_es=SPANISH_VTT)
    page = client_of(editor).get(reverse("wagtailadmin_pages:view_draft", args=[story.pk]))
    page = page.content.decode()
    assert "Preview: readers of the published page hear this recording too." in page
    assert NOT_PUBLIC not in page and WORDS_ONLY not in page
    assert f'src="{admin_files(recording)["web"]}"' in page
    # The published page itself is unchanged: its own public addresses.
    public = Client().get(story.url).content.decode()
    assert f'src="/recordings/{recording.pk}/web"' in public and "Preview:" not in public


def test_the_recordings_edit_page_plays_the_recording(recording, editor):
    edit = reverse("wagtailsnippets_recordings_recording:edit", args=[recording.pk])
    page = client_of(editor).get(edit).content.decode()
    assert f'src="{admin_files(recording)["web"]}"' in page
    assert NOT_PUBLIC in page and WORDS_ONLY in page
    assert "Llegamos a Arcatao." in page and "La llegada a Arcatao" in page

    recording.status = Status.FAILED
    recording.save()
    page = client_of(editor).get(edit).content.decode()
    assert "Preview: this recording cannot be played yet (Failed)." in page
    assert "<audio" not in page


def test_the_preview_of_a_new_story_opens(archive, editor):
    """Add page -> Preview: a story not saved yet has no recording, and its preview opens
    (it used to fail: recordings were looked up for an unsaved page)."""
    _, index = archive
    story = StoryPage(title="Nueva", title_es="Nueva", slug_es="nueva", visibility="public")
    data = {**edit_form(story), "slug_en": "new-story"}
    client = client_of(editor)
    url = reverse("wagtailadmin_pages:preview_on_add", args=["stories", "storypage", index.pk])
    assert json.loads(client.post(url, data).content)["is_valid"] is True
    page = client.get(url)
    assert page.status_code == 200 and "Nueva" in page.content.decode()
