"""Privacy over sequences of edits (fuzz.machine): after every step of a random sequence of
editorial and member actions, nothing hidden comes out of any public channel. A modest
budget here; `manage.py fuzz_privacy --steps N` runs long campaigns."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

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


def test_a_campaign_shares_its_steps_between_workers():
    """`fuzz_privacy --workers 2`: two processes, each in its own throwaway database,
    whose figures add up to the steps asked for (a long campaign uses every core)."""
    done = subprocess.run(
        [sys.executable, "manage.py", "fuzz_privacy", "--steps", "4"]
        + ["--steps-per-example", "2", "--workers", "2"],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env=os.environ | {"DJANGO_SETTINGS_MODULE": "archive.settings.test"},
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    figures = dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)
    assert figures["workers"] == "2"
    assert int(figures["steps"]) >= 4
    assert figures["leaks found"] == "0"
    channels = next(value for name, value in figures.items() if name.startswith("channels"))
    assert "search JSON" in channels and "OAI-PMH" in channels
