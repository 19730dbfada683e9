"""One "submitted for review" e-mail per reviewer per import, not one per row.

Wagtail e-mails a task's reviewers every time a story enters their task, and superusers
every time a story enters a workflow. An import sends every row to the review, so a
200-row file sent each editor 200 e-mails. While `one_summary()` runs, those notifications
are collected instead of sent; once the import is committed each reviewer Wagtail would
have written to gets one e-mail listing the stories, in their admin language.

`install()` (StoriesConfig.ready) puts a wrapper in place of Wagtail's two handlers, under
Wagtail's own dispatch_uid: whichever app is ready first, only the wrapper is connected.
Outside an import it passes every notification on to Wagtail unchanged. The collection is
per thread (a ContextVar), so a member's submission during an import still notifies.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.urls import reverse

from archive import mail, site_url

_collected = ContextVar("spreadsheet_import_notifications", default=None)


class _Collectable:
    """Wagtail's notifier, unless an import is collecting its notifications."""

    def __init__(self, notifier):
        self.notifier = notifier

    def __call__(self, sender=None, instance=None, **kwargs):
        collected = _collected.get()
        if collected is None:
            return self.notifier(sender=sender, instance=instance, **kwargs)
        collected.append((self.notifier, instance, kwargs))
        return True


def install():
    from wagtail.admin import signal_handlers as wagtail_handlers
    from wagtail.models import TaskState, WorkflowState
    from wagtail.signals import task_submitted, workflow_submitted

    for signal, sender, uid, notifier in (
        (
            task_submitted,
            TaskState,
            "group_approval_task_submitted_email_notification",
            wagtail_handlers.task_submission_email_notifier,
        ),
        (
            workflow_submitted,
            WorkflowState,
            "workflow_state_submitted_email_notification",
            wagtail_handlers.workflow_submission_email_notifier,
        ),
    ):
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(_Collectable(notifier), sender=sender, dispatch_uid=uid, weak=False)


@contextmanager
def one_summary(importer):
    """Collect the review notifications sent inside; after the commit, e-mail each
    recipient once. Nothing is sent if the import is rolled back."""
    collected = []
    token = _collected.set(collected)
    try:
        yield
    finally:
        _collected.reset(token)
    stories = _stories_by_recipient(collected)
    if stories:
        transaction.on_commit(lambda: _send_summaries(stories, importer))


def _story_of(instance):
    workflow_state = getattr(instance, "workflow_state", instance)
    return workflow_state.content_object


def _stories_by_recipient(collected):
    by_recipient = {}
    for notifier, instance, kwargs in collected:
        if not notifier.can_handle(instance, **kwargs):
            continue
        story = _story_of(instance)
        for user in notifier.get_valid_recipients(instance, **kwargs):
            # A superuser hears of a story both as a reviewer and as a superuser: once.
            by_recipient.setdefault(user, {})[story.pk] = story
    return by_recipient


def _send_summaries(stories_by_recipient, importer):
    for user, stories in stories_by_recipient.items():
        listed = [
            {
                # Titled in the template, in the recipient's language.
                "story": story,
                "url": site_url.absolute(reverse("wagtailadmin_pages:edit", args=[story.pk])),
            }
            for story in stories.values()
        ]
        mail.send_in_language(
            mail.admin_language(user),
            user.email,
            "stories/email/import_submitted",
            {
                "user": user,
                "importer": importer,
                "stories": listed,
                "count": len(listed),
                "review_url": site_url.absolute(reverse("wagtailadmin_home")),
            },
        )
