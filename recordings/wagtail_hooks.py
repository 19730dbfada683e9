"""The recordings app joins the admin (a "Recordings" snippet), the story page (its
section, through the hook stories.models.StoryPage.get_context asks), the member's story
form (a recording sent with the story, stories.submission.attachments), the review
workflow's consent dialog (which asks about the narrators' voice when a story has
recordings, stories.workflow.has_recordings) and the admin's addresses of a recording's
files for the page preview (recordings/preview.py)."""

from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from recordings.admin import RecordingViewSet
from recordings.models import Recording
from recordings.sections import story_recordings
from recordings.upload_submission import SubmittedRecording
from recordings.views import preview_image, preview_track, preview_web_file

register_snippet(RecordingViewSet)
hooks.register("story_page_sections", story_recordings)
hooks.register("story_submission_attachments", SubmittedRecording)


def story_has_recordings(story):
    """For the consent dialog: any recording, processed or not, carries the voice."""
    return Recording.objects.filter(story_id=story.pk).exists()


hooks.register("story_has_recordings", story_has_recordings)


@hooks.register("register_admin_urls")
def preview_addresses():
    """Under /admin/: Wagtail's admin sends anyone without admin access to its login page."""
    return [
        path("recordings/<int:pk>/preview/web", preview_web_file, name="recordings_preview_web"),
        path("recordings/<int:pk>/preview/image", preview_image, name="recordings_preview_image"),
        path(
            "recordings/<int:pk>/preview/<str:language>.vtt",
            preview_track,
            name="recordings_preview_track",
        ),
    ]
