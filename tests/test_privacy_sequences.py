"""Privacy over sequences of edits (fuzz.machine): after every step of a random sequence of
editorial and member actions, nothing hidden comes out of any public channel. A modest
budget here; `manage.py fuzz_privacy --steps N` runs long campaigns."""

import pytest

from fuzz import campaign

pytestmark = pytest.mark.django_db


def test_no_sequence_of_edits_lets_anything_hidden_out(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    statistics = campaign.run(steps=24, steps_per_example=12)
    assert statistics.steps >= 24
    assert len(statistics.channels) >= 15
