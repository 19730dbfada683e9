"""A narrator's withdrawal reaches their recordings: the web copies and pictures made for
listeners are deleted from disk at once (the stories are unpublished by archive.consent, so
no channel shows them anyway). The original stays in private storage for preservation; if
consent is given again, an editor reprocesses it."""

from recordings.models import Recording, Status
from recordings.tasks import delete_copies


def narrator_withdrew(sender, narrator, stories, **kwargs):
    """Receiver of archive.signals.consent_withdrawn."""
    for recording in Recording.objects.filter(story__in=[story.pk for story in stories]):
        delete_copies(recording)
        Recording.objects.filter(pk=recording.pk).update(
            web_file="", image="", status=Status.WITHDRAWN
        )
