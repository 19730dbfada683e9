"""deploy/ stays in step with the code: every variable the settings read is in the example
environment file and the README's table, and nginx accepts the largest story form."""

import re
from pathlib import Path

from django.conf import settings

from stories.submission.forms import MAX_PHOTOS

ROOT = Path(__file__).resolve().parent.parent
READS = re.compile(r'(?:environ\.get|environ\[|env_list|env_flag|require)\(\s*"([A-Z_]+)"')
# Read by the scripts for a developer's machine only, not by a deployed site.
DEVELOPMENT_ONLY = {"DEBUG"}


def variables_read():
    sources = [*ROOT.glob("archive/settings/*.py"), ROOT / "deploy" / "gunicorn.conf.py"]
    found = set()
    for source in sources:
        text = source.read_text()
        found |= set(READS.findall(text))
        found |= set(re.findall(r"environ\.get\('([A-Z_]+)'", text))
    return found


def test_every_variable_is_in_the_example_environment_file():
    example = (ROOT / "deploy" / "memoria.env.example").read_text()
    listed = set(re.findall(r"^#?([A-Z_]+)=", example, re.MULTILINE))
    assert variables_read() - DEVELOPMENT_ONLY <= listed


def test_every_variable_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("## Environment variables") :]
    listed = set(re.findall(r"`([A-Z_]+)(?:=[^`]*)?`", table))
    assert variables_read() <= listed


def test_nginx_accepts_a_story_form_with_every_photo_slot_full_or_a_whole_recording():
    conf = (ROOT / "deploy" / "nginx-memoria.conf").read_text()
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", conf).group(1))
    assert megabytes * 1024 * 1024 > MAX_PHOTOS * settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    # A recording sent without JavaScript arrives in one request.
    assert megabytes * 1024 * 1024 > settings.RECORDINGS_MAX_BYTES
