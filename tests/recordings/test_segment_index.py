"""The segment index on the story page: beside the player, each part a link that plays from
its start (?t=, so it works without JavaScript), in the reader's language; a link with a
time opens the recording there; when the voice is private the index and transcript still
show, with no link, player or file address."""

import pytest
from django.utils import translation

from recordings.models import Segment
from tests.factories import make_narrator, make_story
from tests.recordings.media_files import SPANISH_VTT, attach_ready_recording

pytestmark = pytest.mark.django_db


@pytest.fixture
def recording(story):
    recording = attach_ready_recording(story, transcript_es=SPANISH_VTT)
    Segment.objects.create(
        recording=recording,
        start=0,
        title_en="Arriving in Arcatao",
        title_es="Llegada a Arcatao",
        synopsis_en="The family arrives in 1989.",
        synopsis_es="La familia llega en 1989.",
        keywords_en="resettlement; 1989",
        keywords_es="repoblación; 1989",
    )
    Segment.objects.create(
        recording=recording, start=750, title_es="El río", synopsis_es="El río es la vida."
    )
    return recording


def test_the_index_is_beside_the_player_each_part_a_link_to_its_moment(client, story, recording):
    page = client.get(story.url).text
    index = page[page.index('<div class="recording-index">') :]
    assert page.index("<audio") < page.index('<div class="recording-index">')
    assert f'<a href="?t=0#recording-{recording.pk}" data-segment data-start="0" ' in index
    assert '<span class="cue-time">0:00</span> <span class="segment-title" lang="en">' in index
    assert "Arriving in Arcatao" in index and "The family arrives in 1989." in index
    assert "resettlement; 1989" in index
    # The second part is written only in Spanish: shown in Spanish, and marked so.
    assert f'<a href="?t=750#recording-{recording.pk}" data-segment data-start="750"' in index
    assert '<span class="segment-title" lang="es">El río</span>' in index
    with translation.override("es"):
        spanish = client.get(story.get_url()).text
    assert "Llegada a Arcatao" in spanish and "Partes del testimonio" in spanish


def test_each_part_ends_at_a_moment_the_player_reads_in_either_language(client, story, recording):
    # A Spanish page writes numbers for readers ("812,5"); the player needs "812.500".
    recording.duration = 812.5
    recording.save()
    with translation.override("es"):
        spanish = client.get(story.get_url()).text
    assert 'data-start="0" data-end="750.000"' in spanish
    assert 'data-start="750" data-end="812.500"' in spanish


@pytest.mark.parametrize("moment", ["750", "12:30", "750.4"])
def test_a_link_with_a_time_opens_the_recording_at_that_moment(client, story, recording, moment):
    page = client.get(f"{story.url}?t={moment}").text
    assert f'src="/recordings/{recording.pk}/web#t=750"' in page


def test_voice_private_shows_the_index_and_transcript_without_any_player(client, index, recording):
    story = make_story(index, narrators=[make_narrator(pseudonym="Words", voice_consent=False)])
    recording.story = story
    recording.save()
    page = client.get(f"{story.url}?t=750").text
    assert "Arriving in Arcatao" in page and "The family arrives in 1989." in page
    assert '<span class="cue-time">12:30</span> <span class="segment-title" lang="es">' in page
    assert "Llegamos a Arcatao." in page
    assert "<audio" not in page and "data-segment" not in page and "?t=" not in page
    assert "/recordings/" not in page.replace("/static/recordings/", "")
    assert "player.js" not in page
