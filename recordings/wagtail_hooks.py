"""The recordings app joins the admin (a "Recordings" snippet), the story page (its
section, through the hook stories.models.StoryPage.get_context asks), the member's story
form (a recording sent with the story, stories.submission.attachments) and the review
workflow's consent dialog (which asks about the narrators' voice when a story has
recordings, stories.workflow.has_recordings)."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from recordings.admin import RecordingViewSet
from recordings.models import Recording
from recordings.sections import story_recordings
from recordings.upload_submission import SubmittedRecording

register_snippet(RecordingViewSet)
hooks.register("story_page_sections", story_recordings)
hooks.register("story_submission_attachments", SubmittedRecording)


def story_has_recordings(story):
    """For the consent dialog: any recording, processed or not, carries the voice."""
    return Recording.objects.filter(story_id=story.pk).exists()


hooks.register("story_has_recordings", story_has_recordings)
