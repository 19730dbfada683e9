"""Wagtail's publish_scheduled, which refuses a scheduled story that may no longer be
published instead of failing on it.

A story's publication can be scheduled while the rule allows it and come due after it no
longer does: its narrator narrowed their consent, or it was scheduled before the rule said
that a story naming nobody must be marked as editorial text. StoryPage.save would refuse
it then, and the error would stop the command for every page due after it. So each due
story is asked first (stories.consent.missing_consent); one that is refused keeps its draft,
loses its schedule, and is named on stderr with the reason. Everything else is Wagtail's.
"""

from django.utils import timezone
from wagtail.management.commands.publish_scheduled import Command as WagtailCommand
from wagtail.models import Revision

from stories.consent import consent_message, missing_consent
from stories.models import StoryPage


class Command(WagtailCommand):
    def handle(self, *args, **options):
        if not options["dryrun"]:
            self.unschedule_refused()
        return super().handle(*args, **options)

    def unschedule_refused(self):
        due = Revision.page_revisions.filter(approved_go_live_at__lt=timezone.now())
        for revision in due:
            if not issubclass(revision.content_type.model_class(), StoryPage):
                continue
            story = revision.as_object()
            missing = missing_consent(story)
            if missing:
                Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=None)
                self.stderr.write(
                    f"Not published: {story.title} (page {story.pk}): {consent_message(missing)}"
                )
