"""The restore drill's two halves of one comparison (tests/test_backup_restore.py).

`snapshot(client, urls)` records what an anonymous visitor gets at each address; the test
takes one of the original archive in its own process, and this module, run as
`python -m tests.backup_drill SPEC OUT` with DJANGO_SETTINGS_MODULE=tests.drill_settings
against the restored database, MEDIA_ROOT and RECORDINGS_ROOT, takes the other in a fresh
process (nothing remembered from the original: caches, connections, renditions) and asks
the restored archive the leak matrix's channels (tests/test_leak_matrix.py) for every
hidden story, its recording's files included.
"""

import hashlib
import json
import os
import re
import sys
from pathlib import Path

# What legitimately differs between two answers to the same request.
VOLATILE = [
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+'), r"\1…"),
    (re.compile(r"(<responseDate>)[^<]+"), r"\1…"),
    (re.compile(r'(nonce=")[^"]+'), r"\1…"),
]


def _body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if not response.get("Content-Type", "").startswith(("text/", "application/")):
        return "sha256:" + hashlib.sha256(content).hexdigest()  # photos: same bytes
    text = content.decode("utf-8", "replace")
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def snapshot(client, urls):
    """{url: [status, body]} as an anonymous visitor sees each address."""
    answers = {}
    for url in urls:
        response = client.get(url)
        answers[url] = [response.status_code, _body(response)]
    return answers


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def media_digests(root):
    """{name: SHA-256} of every file under a folder (MEDIA_ROOT, RECORDINGS_ROOT)."""
    root = Path(root)
    return {
        path.relative_to(root).as_posix(): sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _remembering_client():
    """A test client that asks each address once: the archive does not change while the
    matrix runs, and many channels (search, API, OAI) ask the same addresses per story."""
    from django.test import Client

    class RememberingClient(Client):
        def get(self, path, *args, **kwargs):
            key = (path, repr(kwargs))
            if key not in self.answers:
                response = super().get(path, *args, **kwargs)
                if response.streaming:
                    return response  # read once; photo files are few
                self.answers[key] = response
            return self.answers[key]

    client = RememberingClient()
    client.answers = {}
    return client


def leak_matrix(stories):
    """Every channel of the leak matrix, for every hidden story of the restored archive:
    a list of what came out that must not have."""
    from archive.models import ArchiveImage
    from recordings.models import Recording
    from stories.models import StoryPage
    from tests import test_leak_matrix as matrix

    leaks = []
    client = _remembering_client()
    for key, facts in stories.items():
        # As the matrix holds it: a draft's themes and places live in its revision.
        story = StoryPage.objects.get(pk=facts["pk"]).get_latest_revision_as_object()
        story.photo = ArchiveImage.objects.get(pk=facts["photo"])
        story.early_rendition_url = facts["early_rendition_url"]
        story.recording = Recording.objects.get(pk=facts["recording"])
        for name, channel in matrix.CHANNELS:
            text = channel(story, client)
            if key == "public":
                leaks += _public_control(story, name, text)
                continue
            for mark in [*matrix._marks(story), f"Seudónimo {key}"]:
                if mark in text:
                    leaks.append(f"{name} shows {mark!r} of the {key} story")
            if matrix.REAL_NAME in text:
                leaks.append(f"{name} shows the real name ({key} story)")
    return leaks


def _public_control(story, name, text):
    """The public story must still come through (so an empty channel cannot pass)."""
    from tests import test_leak_matrix as matrix

    problems = [f"{name} shows the real name"] if matrix.REAL_NAME in text else []
    if name in matrix.SHOWS_PUBLIC_STORIES:
        statuses = {part.split("\n", 1)[0] for part in matrix._responses(text)}
        if statuses != {"200"}:
            problems.append(f"{name} does not answer for the public story: {statuses}")
        for expected in (matrix.SHOWS_PUBLIC_STORIES[name] or (lambda story: []))(story):
            if expected not in text:
                problems.append(f"{name} does not show {expected!r} of the public story")
    return problems


def members_page(story_pk, username):
    """What a restored member account reads on a members-only story (Spanish)."""
    from django.contrib.auth.models import User
    from django.test import Client

    from stories.models import StoryPage
    from tests import test_leak_matrix as matrix

    client = Client()
    client.force_login(User.objects.get(username=username))
    return matrix.story_page_spanish(StoryPage.objects.get(pk=story_pk), client)


def main(spec_path, out_path):
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.drill_settings")
    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import translation

    setup_test_environment()
    translation.activate("en")
    spec = json.loads(Path(spec_path).read_text())
    from django.contrib.sessions.models import Session

    result = {
        "sessions": Session.objects.count(),
        "snapshot": snapshot(Client(), spec["urls"]),
        "media": media_digests(settings.MEDIA_ROOT),
        "recordings": media_digests(settings.RECORDINGS_ROOT),
        "leaks": leak_matrix(spec["stories"]),
        "member": members_page(spec["members_story"], spec["member"]),
    }
    Path(out_path).write_text(json.dumps(result))


if __name__ == "__main__":
    main(*sys.argv[1:])
