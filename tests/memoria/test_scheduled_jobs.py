"""manage.py scheduled_jobs, as the systemd timer (deploy/memoria-jobs.timer) runs it."""

import datetime
import io
import os
import time

import pytest
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import Revision

from memoria.management.commands import scheduled_jobs
from search.models import SearchDocument
from stories.models import StoryPage
from stories.submission import uploads
from tests.factories import make_narrator, make_photo, make_story
from tests.pictures import jpeg_with_gps

pytestmark = pytest.mark.django_db

A_WEEK_AGO = timezone.now() - datetime.timedelta(days=7)


def run_jobs():
    out, err = io.StringIO(), io.StringIO()
    call_command("scheduled_jobs", stdout=out, stderr=err)
    return out.getvalue()


def age(path, when=A_WEEK_AGO):
    """Give a stored file an old modification time, as if written `when`."""
    os.utime(default_storage.path(path), (when.timestamp(), when.timestamp()))


def test_a_scheduled_story_goes_live_when_its_time_has_come(site_structure):
    _, index = site_structure
    story = StoryPage(
        title="Scheduled testimony",
        title_en="Scheduled testimony",
        slug="scheduled-testimony",
        slug_en="scheduled-testimony",
        slug_es="testimonio-programado",
        live=False,
    )
    index.add_child(instance=story)
    story.narrators.set([make_narrator()])
    # Seconds enough for a loaded machine to schedule it before the moment comes.
    story.go_live_at = timezone.now() + datetime.timedelta(seconds=6)
    story.save_revision().publish()
    assert Revision.page_revisions.filter(approved_go_live_at__isnull=False).exists()
    url = story.get_url()
    # Its time comes; the page waits for the job.
    time.sleep(max(0.0, (story.go_live_at - timezone.now()).total_seconds()) + 0.5)
    assert Client().get(url).status_code == 404

    output = run_jobs()

    assert "ok      publish_scheduled" in output
    response = Client().get(url)
    assert response.status_code == 200
    assert "Scheduled testimony" in response.content.decode()


def test_a_research_index_left_behind_is_repaired(site_structure):
    _, index = site_structure
    story = make_story(index, title_en="Water came back to Arcatao", spanish=False)
    SearchDocument.objects.filter(key=f"story:{story.pk}:en").delete()

    output = run_jobs()

    assert "ok      check_research_index --fix" in output
    assert SearchDocument.objects.filter(key=f"story:{story.pk}:en").exists()
    found = Client().get("/search/", {"q": "Arcatao"}).content.decode()
    assert "Water came back to Arcatao" in found


def test_only_abandoned_submission_photos_are_removed(site_structure):
    member = User.objects.create_user("member", "member@example.org", "x")
    abandoned = uploads.store(SimpleUploadedFile("old.jpg", jpeg_with_gps()), member)
    in_progress = uploads.store(SimpleUploadedFile("new.jpg", jpeg_with_gps()), member)
    narrators_photo = make_photo("Harvest in Arcatao")
    age(abandoned.path)
    age(narrators_photo.file.name)  # an archive photo is never "abandoned", however old

    output = run_jobs()

    assert "Removed 1 abandoned photo(s)." in output
    assert "ok      remove abandoned submission photos" in output
    assert not default_storage.exists(abandoned.path)
    assert uploads.load(in_progress.token, member) is not None  # the open form still works
    assert default_storage.exists(narrators_photo.file.name)


def test_a_failing_job_fails_the_run_but_the_others_still_run(site_structure, monkeypatch):
    member = User.objects.create_user("member", "member@example.org", "x")
    abandoned = uploads.store(SimpleUploadedFile("old.jpg", jpeg_with_gps()), member)
    age(abandoned.path)
    real_jobs = scheduled_jobs.jobs

    def broken(out):
        raise RuntimeError("the index is unreachable")

    monkeypatch.setattr(scheduled_jobs, "jobs", lambda: [("broken job", broken), *real_jobs()])
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="1 job\\(s\\) failed: broken job"):
        call_command("scheduled_jobs", stdout=out, stderr=err)

    assert "FAILED  broken job: RuntimeError: the index is unreachable" in err.getvalue()
    assert "ok      publish_scheduled" in out.getvalue()
    assert not default_storage.exists(abandoned.path)
