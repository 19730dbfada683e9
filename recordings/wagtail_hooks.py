"""The recordings app joins the admin (a "Recordings" snippet) and the story page (its
section, through the hook stories.models.StoryPage.get_context asks)."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from recordings.admin import RecordingViewSet
from recordings.sections import story_recordings

register_snippet(RecordingViewSet)
hooks.register("story_page_sections", story_recordings)
