"""Smoke checks against the running production stack (scripts/prod_check.sh starts it).

    .venv/bin/python scripts/prod_smoke.py http://127.0.0.1:PORT

Run with the stack's environment (DIR/env): it asks the database, through Django, which
story, photo and timeline to try, and enqueues a task for the worker. Prints one PASS or
FAIL line per check; exit status 1 if any failed.
"""

import io
import os
import re
import secrets
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 30
results = []


def check(name):
    """Run the decorated function as a check now; it returns a detail or raises."""

    def run(function):
        started = time.monotonic()
        try:
            detail = function() or ""
        except Exception as error:  # noqa: BLE001 -- every failure is reported, then the next
            results.append(False)
            print(f"FAIL  {name}: {error.__class__.__name__}: {error}", flush=True)
        else:
            results.append(True)
            took = time.monotonic() - started
            print(f"PASS  {name} ({took:.2f} s){' ' + detail if detail else ''}", flush=True)

    return run


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def get(url, session=requests, **kwargs):
    kwargs.setdefault("allow_redirects", False)
    return session.get(url, timeout=TIMEOUT, **kwargs)


def hidden_photo():
    """A photo only a draft story uses: nobody but editors may see it or its rendition."""
    from django.core.files.images import ImageFile
    from PIL import Image

    from archive.models import ArchiveImage
    from archive.visibility import public_stories

    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), "purple").save(buffer, "JPEG")
    photo = ArchiveImage.objects.create(
        title="Prod check private photo",
        file=ImageFile(buffer, name=f"prodcheck-private-{secrets.token_hex(4)}.jpg"),
    )
    draft = new_story(
        "Prod check draft",
        public_stories().first().get_parent(),
        body_en=[
            {
                "type": "image",
                "value": {"image": photo.pk, "alt_text": "private", "decorative": False},
            }
        ],
        live=False,
    )
    draft.save_revision()
    return photo


def new_story(title, index, **fields):
    """A story of the check's own under `index`: editorial text, so it needs nobody's
    consent (stories.consent), with a slug no real story has."""
    from stories.models import StoryPage

    slug = f"prodcheck-{secrets.token_hex(4)}"
    story = StoryPage(
        title=title,
        title_en=title,
        slug=slug,
        slug_en=slug,
        slug_es=slug,
        original_language="en",
        is_editorial=True,
        **fields,
    )
    return index.add_child(instance=story)


def wait_for_idle_worker(seconds=60):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + seconds
    busy = [TaskResultStatus.READY, TaskResultStatus.RUNNING]
    while DBTaskResult.objects.filter(status__in=busy).exists():
        expect(time.monotonic() < deadline, f"the worker is still busy after {seconds} s")
        time.sleep(0.2)


def main(base):
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.urls import reverse
    from wagtail.models import Page
    from wagtail.tasks import update_reference_index_task

    from archive.visibility import public_stories
    from timelines.models import TimelinePage

    story = public_stories().filter(title_en__gt="").first().specific
    story_html = {}

    @check("/healthz answers ok from PostgreSQL")
    def _():
        answer = get(f"{base}/healthz")
        expect(answer.status_code == 200, f"status {answer.status_code}")
        body = answer.json()
        expect(body["status"] == "ok" and body["database"]["vendor"] == "postgresql", body)
        return str(body)

    for path, language in (("/", "en"), ("/es/", "es")):

        @check(f"home page in {'English' if language == 'en' else 'Spanish'} ({path})")
        def _(path=path, language=language):
            answer = get(base + path)
            expect(answer.status_code == 200, f"status {answer.status_code}")
            expect(f'lang="{language}"' in answer.text, f'no lang="{language}"')
            expect(answer.headers.get("Server", "").startswith("nginx"), "not through nginx")

    @check("a story page")
    def _():
        answer = get(base + story.url)
        expect(answer.status_code == 200, f"status {answer.status_code} for {story.url}")
        expect(story.title_en in answer.text, f"title missing on {story.url}")
        story_html["text"] = answer.text
        return story.url

    @check("static file: hashed name, far-future immutable caching, compressed")
    def _():
        home = get(base + "/").text
        found = re.search(r"/static/archive/site\.[0-9a-f]{12}\.css", home)
        expect(found, "the home page links no hashed site.css")
        answer = get(base + found.group(0), headers={"Accept-Encoding": "gzip"})
        expect(answer.status_code == 200, f"status {answer.status_code}")
        caching = answer.headers.get("Cache-Control", "")
        expect("immutable" in caching and "max-age=31536000" in caching, caching)
        expect(answer.headers.get("Content-Encoding") == "gzip", "not gzip-compressed")
        plain = get(f"{base}/static/archive/site.css")
        expect(plain.status_code == 200, f"/static/archive/site.css: {plain.status_code}")
        return f"{found.group(0)}: {caching}"

    @check("a photo's rendition, sent by nginx after Django's check")
    def _():
        found = re.search(r'/media/images/[^"\s]+', story_html.get("text", ""))
        expect(found, "the story page shows no rendition")
        answer = get(base + found.group(0))
        expect(answer.status_code == 200, f"status {answer.status_code}")
        expect(answer.headers["Content-Type"] == "image/jpeg", answer.headers["Content-Type"])
        # Django answers with an empty body and X-Accel-Redirect: the bytes are nginx's.
        expect(answer.content[:2] == b"\xff\xd8", "not a JPEG")
        expect("X-Accel-Redirect" not in answer.headers, "internal header leaked")
        return f"{found.group(0)} ({len(answer.content)} bytes)"

    @check("nothing private is served from disk")
    def _():
        photo = hidden_photo()
        rendition = photo.get_rendition("width-400")
        name = rendition.file.name.removeprefix("images/")
        pending = Path(settings.MEDIA_ROOT, "submission-pending", "1", "abandoned.jpg")
        pending.parent.mkdir(parents=True, exist_ok=True)
        pending.write_bytes(b"\xff\xd8 a member's unsent photo")
        refused = {
            "a draft's original": photo.file.url,
            "a draft's rendition": rendition.url,
            "nginx's internal location": f"/_memoria_renditions/{name}",
            "a pending submission photo": "/media/submission-pending/1/abandoned.jpg",
            "a directory listing": "/media/original_images/",
        }
        for what, path in refused.items():
            status = get(base + path).status_code
            expect(status == 404, f"{what} answered {status}: {path}")
        return f"{len(refused)} paths answer 404"

    @check("login pages (site and admin) and a real login")
    def _():
        password = secrets.token_urlsafe(16)
        username = f"prodcheck-{secrets.token_hex(4)}"
        User.objects.create_user(username, f"{username}@example.org", password)
        session = requests.Session()
        # Wagtail's own login page too: it names dozens of hashed static files.
        admin = get(f"{base}/admin/login/")
        expect(admin.status_code == 200, f"/admin/login/: {admin.status_code}")
        login_url = base + reverse("login")
        page = get(login_url, session)
        expect(page.status_code == 200, f"login page: {page.status_code}")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        expect(token, "no CSRF token on the login page")
        answer = session.post(
            login_url,
            data={
                "csrfmiddlewaretoken": token.group(1),
                "username": username,
                "password": password,
            },
            headers={"Referer": login_url},
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        expect(answer.status_code == 302, f"login answered {answer.status_code}")
        mine = get(base + reverse("my_stories"), session)
        expect(mine.status_code == 200, f"my stories after login: {mine.status_code}")
        return f"as {username}"

    @check("a search")
    def _():
        word = story.title_en.split()[-1]
        answer = get(f"{base}{reverse('search')}", params={"q": word})
        expect(answer.status_code == 200, f"status {answer.status_code}")
        expect(story.title_en in answer.text, f"{story.title_en!r} not found by {word!r}")
        return f"q={word}"

    @check("a timeline embed")
    def _():
        timeline = TimelinePage.objects.live().public().first()
        expect(timeline, "the demo has no public timeline")
        url = reverse("timeline_embed", args=[timeline.slug])
        answer = get(base + url)
        expect(answer.status_code == 200, f"status {answer.status_code} for {url}")
        return url

    @check("page cache: an anonymous page is a hit the second time; an unpublish retires it")
    def _():
        fresh = new_story("Prod check cached story", story.get_parent())
        fresh.save_revision().publish()
        # Publishing queues tasks; each write the worker makes retires the cache again.
        wait_for_idle_worker()
        url = base + fresh.url
        first, second = get(url), get(url)
        seen = [first.headers.get("X-Page-Cache"), second.headers.get("X-Page-Cache")]
        expect([first.status_code, second.status_code] == [200, 200], f"{url}: not 200")
        expect(seen == ["miss", "hit"], f"X-Page-Cache {seen} for {url}")
        expect(second.text == first.text, "the hit differs from the page")
        fresh.unpublish()  # a write from another process, as an editor's would be
        after = get(url)
        expect(after.status_code == 404, f"{after.status_code} after unpublishing {url}")
        expect(after.headers.get("X-Page-Cache") != "hit", "served from the cache")
        return f"{fresh.url}: miss, hit, then 404"

    @check("a background task run by the worker")
    def _():
        home = Page.objects.get(depth=2)
        result = update_reference_index_task.enqueue("wagtailcore", "page", home.pk)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            result.refresh()
            if result.is_finished:
                break
            time.sleep(0.2)
        expect(result.status.name == "SUCCESSFUL", f"status {result.status.name}")
        expect(result.worker_ids, "no worker recorded")
        return f"{update_reference_index_task.name} by worker {result.worker_ids[0][:8]}"

    passed = sum(results)
    print(f"{passed}/{len(results)} checks passed", flush=True)
    return 0 if all(results) else 1


if __name__ == "__main__":
    if len(sys.argv) != 2 or "DJANGO_SETTINGS_MODULE" not in os.environ:
        sys.exit("usage: (with the stack's env) prod_smoke.py http://127.0.0.1:PORT")
    sys.exit(main(sys.argv[1].rstrip("/")))
