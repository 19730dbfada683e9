"""Privacy over sequences of edits (fuzz.machine): after every step of a random sequence of
editorial and member actions, nothing hidden comes out of any public channel. A modest
budget here; `manage.py fuzz_privacy --steps N` runs long campaigns."""

import pytest

from fuzz import campaign

pytestmark = pytest.mark.django_db


def test_no_sequence_of_edits_lets_anything_hidden_out(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    statistics = campaign.run(steps=24, steps_per_example=8)
    assert statistics.steps >= 24
    # Whatever the sequence, these are asked at every step (the others need a photo, a
    # rendition or a document to exist).
    assert statistics.channels >= {
        "home page",
        "story index",
        "sitemap",
        "feeds",
        "search page",
        "search JSON",
        "search exports",
        "API v2",
        "OAI-PMH",
        "timelines",
        "timeline embed",
        "offline timeline",
        "timeline slides",
        "oEmbed",
        "narrator pages",
    }
