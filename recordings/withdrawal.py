"""Files of recordings that must go. A narrator's withdrawal: the web copies and pictures
made for listeners are deleted from disk at once (the stories are unpublished by
stories.consent, so no channel shows them anyway); the original stays in private storage
for preservation, and an editor uploads it again if consent is given again. A deleted
recording (or story): every file, the original included."""

from recordings.models import Recording, Status
from recordings.tasks import delete_copies


def narrator_withdrew(sender, narrator, stories, **kwargs):
    """Receiver of archive.signals.consent_withdrawn."""
    for recording in Recording.objects.filter(story__in=[story.pk for story in stories]):
        delete_copies(recording)
        Recording.objects.filter(pk=recording.pk).update(
            web_file="", image="", status=Status.WITHDRAWN
        )


def recording_deleted(sender, instance, **kwargs):
    """Receiver of post_delete for Recording (also when its story is deleted)."""
    delete_copies(instance)
    if instance.original.name:
        instance.original.storage.delete(instance.original.name)
