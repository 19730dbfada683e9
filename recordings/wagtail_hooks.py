"""The recordings app joins the admin (a "Recordings" snippet), the story page (its
section, through the hook stories.models.StoryPage.get_context asks) and the member's story
form (a recording sent with the story, stories.submission.attachments)."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from recordings.admin import RecordingViewSet
from recordings.sections import story_recordings
from recordings.upload_submission import SubmittedRecording

register_snippet(RecordingViewSet)
hooks.register("story_page_sections", story_recordings)
hooks.register("story_submission_attachments", SubmittedRecording)
