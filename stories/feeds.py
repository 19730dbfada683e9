"""/stories/feed/ and /es/historias/feed/: RSS of the newest public stories.

Only archive.visibility.public_stories reaches the feed, and only narrators' public names.
Titles and summaries are in the feed's language, or in the story's original when it has no
translation yet (the same choice the story page makes).
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive.visibility import public_stories
from stories.models import StoryIndexPage

FEED_LENGTH = 20


class LatestStoriesFeed(Feed):
    title = _("Memoria: new stories")
    description = _(
        "Testimonies of the US–El Salvador sister-city movement, newest first. "
        "Narrators choose how their stories are shown; names may be pseudonyms."
    )

    def link(self):
        index = StoryIndexPage.objects.live().public().first()
        return index.get_url() if index else reverse("wagtail_serve", args=[""])

    def feed_url(self):
        return reverse("story_feed")

    def items(self):
        stories = public_stories().order_by("-first_published_at")
        return stories.prefetch_related("narrators", "themes")[:FEED_LENGTH]

    def item_title(self, story):
        return story.localized("title")

    def item_description(self, story):
        return story.localized("summary")

    def item_link(self, story):
        return story.get_url()

    def item_pubdate(self, story):
        return story.first_published_at

    def item_updateddate(self, story):
        return story.last_published_at

    def item_author_name(self, story):
        # display_name is the pseudonym when there is one; a real name never appears.
        return ", ".join(narrator.display_name for narrator in story.narrators.all()) or None

    def item_categories(self, story):
        return [theme.name for theme in story.themes.all()]
