"""Words yes, voice no, decided in the review workflow: for a story with recordings, the
consent officer's dialog ("Record consent and Publish") asks whether the narrators' voice
may be published, and the answer decides what the published story offers -- the player, or
only the transcript and the index. Through Wagtail's real workflow views."""

import datetime
import html
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from archive.models import ConsentScope
from recordings.models import Segment
from stories.consent import record_consent
from stories.models import StoryPage
from tests.recordings.media_files import SPANISH_VTT, attach_ready_recording
from tests.stories import test_workflow as workflow

# The review workflow's fixtures and helpers (tests/stories/test_workflow.py).
archive = workflow.archive
member = workflow.member
member_client = workflow.member_client
editor = workflow.editor
officer = workflow.officer
submitted = workflow.submitted
act, action_url, approve_consent, in_language, task_state_of = (
    workflow.act,
    workflow.action_url,
    workflow.approve_consent,
    workflow.in_language,
    workflow.task_state_of,
)

pytestmark = pytest.mark.django_db

QUESTION = "May recordings of the narrator's voice be published?"
EXPLANATION = "only the transcript and the index of a recording are published"


@pytest.fixture
def in_consent_check(submitted, editor):
    """The member's story (Spanish, public consent asked), past the editorial review."""
    act(editor, submitted, "approve", {"comment": ""})
    return submitted


@pytest.fixture
def recorded(in_consent_check):
    """...with its recording processed, a transcript and an index."""
    recording = attach_ready_recording(in_consent_check, transcript_es=SPANISH_VTT)
    Segment.objects.create(recording=recording, start=0, title_es="La llegada")
    return in_consent_check


def dialog(user, story):
    client = Client()
    client.force_login(user)
    return html.unescape(json.loads(client.get(action_url(story, "approve")).content)["html"])


def voice_answers(dialog_html):
    """{value: checked} of the dialog's answers about the voice."""
    inputs = re.findall(r'<input type="radio" name="voice_consent"[^>]*>', dialog_html)
    return {
        re.search(r'value="([^"]*)"', tag).group(1): bool(re.search(r"\bchecked\b", tag))
        for tag in inputs
    }


def voice_in_the_log():
    entries = ModelLogEntry.objects.filter(action="memoria.record_consent").order_by("pk")
    return [entry.data["voice"] for entry in entries]


def published_page(story):
    story = StoryPage.objects.get(pk=story.pk)
    assert story.live
    response = Client().get(in_language("es", story))
    assert response.status_code == 200
    return response.text


def test_the_dialog_asks_about_the_voice_only_for_a_story_with_a_recording(
    in_consent_check, officer
):
    story = in_consent_check
    without = dialog(officer, story)
    assert "voice_consent" not in without and QUESTION not in without

    attach_ready_recording(story, transcript_es=SPANISH_VTT)
    form = dialog(officer, story)
    assert QUESTION in form and EXPLANATION in form
    # The narrator was not asked yet: nothing agreed about the voice, so it opens on "no".
    assert voice_answers(form) == {"yes": False, "no": True}
    assert "No: only the transcript and the index" in form

    # In Spanish, for an officer whose admin speaks Spanish.
    profile = UserProfile.get_for_user(officer)
    profile.preferred_language = "es"
    profile.save()
    spanish = dialog(officer, story)
    assert "¿Se pueden publicar las grabaciones de la voz de la persona narradora?" in spanish
    assert "solo se publican la transcripción y el índice" in spanish


def test_voice_yes_publishes_the_story_with_its_player(recorded, officer):
    response = approve_consent(officer, recorded, voice_consent="yes")
    assert json.loads(response.content)["step"] == "success"

    narrator = StoryPage.objects.get(pk=recorded.pk).narrators.get()
    assert narrator.voice_consent is True and narrator.consent_scope == ConsentScope.PUBLIC
    assert voice_in_the_log() == [True]
    page = published_page(recorded)
    assert "<audio" in page
    assert "Llegamos a Arcatao." in page and "La llegada" in page


def test_voice_no_publishes_the_transcript_and_index_without_the_recording(recorded, officer):
    """The narrator's consent was recorded earlier, voice included: the dialog keeps that
    consent and opens on their "yes". Now they say no: only that answer changes (in the
    audit log), and the story shows their words and the index, not the recording."""
    narrator = recorded.narrators.get()
    record_consent(
        narrator,
        officer,
        scope=ConsentScope.PUBLIC,
        date=datetime.date(2026, 1, 5),
        embargo_until=datetime.date(2026, 2, 1),
        voice=True,
    )
    assert voice_answers(dialog(officer, recorded)) == {"yes": True, "no": False}

    response = approve_consent(officer, recorded, scope="", voice_consent="no")
    assert json.loads(response.content)["step"] == "success"
    narrator.refresh_from_db()
    assert narrator.voice_consent is False
    assert narrator.consent_scope == ConsentScope.PUBLIC
    assert narrator.consent_date == datetime.date(2026, 1, 5)
    assert narrator.embargo_until == datetime.date(2026, 2, 1)
    assert voice_in_the_log() == [True, False]
    page = published_page(recorded)
    assert "Llegamos a Arcatao." in page and "La llegada" in page
    assert "<audio" not in page and "<track" not in page
    assert "/recordings/" not in page.replace("/static/recordings/", "")


def test_narrators_who_disagree_about_their_voice_can_be_kept_as_they_are(
    recorded, editor, officer
):
    """Two narrators, one who lets the archive publish their voice and one who does not:
    the dialog opens on keeping each answer, and keeping them changes neither (the voice of
    the first may still be published by their other stories)."""
    from tests.factories import make_narrator

    first = recorded.narrators.get()
    record_consent(first, officer, scope=ConsentScope.PUBLIC, date=datetime.date(2026, 1, 5))
    second = make_narrator(pseudonym="Don Sample", voice_consent=True)
    draft = recorded.get_latest_revision_as_object()
    draft.narrators.add(second)
    draft.save_revision(user=editor)

    answers = voice_answers(dialog(officer, recorded))
    assert answers == {"": True, "yes": False, "no": False}
    approve_consent(officer, recorded, scope="", voice_consent="")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.voice_consent, second.voice_consent) == (False, True)
    assert voice_in_the_log() == [False]  # only the consent recorded above
    page = published_page(recorded)
    assert "Llegamos a Arcatao." in page and "<audio" not in page


def test_a_wrong_answer_is_refused_in_the_officers_language_and_nothing_is_lost(recorded, officer):
    profile = UserProfile.get_for_user(officer)
    profile.preferred_language = "es"
    profile.save()
    response = approve_consent(
        officer, recorded, scope=ConsentScope.MEMBERS, voice_consent="maybe", comment="Revisado"
    )
    payload = json.loads(response.content)
    assert payload["step"] == "action"
    form = html.unescape(payload["html"])
    assert (
        "Elija una de las respuestas: ¿se pueden publicar las grabaciones de la voz de la "
        "persona narradora?" in form
    )
    # What the officer entered is still there to correct ...
    assert re.search(r'<option value="members"[^>]*\bselected', form)
    assert 'value="2026-11-20"' in form and "Revisado" in form
    # ... and nothing was recorded or published.
    story = StoryPage.objects.get(pk=recorded.pk)
    assert not story.live
    assert story.narrators.get().consent_scope == ConsentScope.NOT_ASKED
    assert voice_in_the_log() == []


def test_the_page_editors_dialog_hands_the_answer_to_the_workflow(recorded, officer):
    """ "Record consent and Publish" in the page editor collects the dialog's data first,
    then the edit view hands it to the task as keyword arguments (as JSON)."""
    task_state = task_state_of(recorded)
    client = Client()
    client.force_login(officer)
    url = reverse(
        "wagtailadmin_pages:collect_workflow_action_data",
        args=(recorded.pk, "approve", task_state.pk),
    )
    data = {
        "consent_scope": ConsentScope.PUBLIC,
        "consent_date": "2026-11-20",
        "voice_consent": "yes",
        "checked_task_state": task_state.pk,
    }
    answer = client.post(url, data, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    collected = json.loads(answer.content)
    assert collected["step"] == "success" and collected["cleaned_data"]["voice_consent"] is True
    task_state.task.specific.on_action(task_state, officer, "approve", **collected["cleaned_data"])
    assert "<audio" in published_page(recorded)
    assert voice_in_the_log() == [True]
