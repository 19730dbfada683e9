"""Every edit that may change what a story or photo shows, or to whom, told once.

The receivers below listen to Wagtail's and Django's own signals and send
archive.signals.records_changed with the ids concerned. A story edit also names the photos
the story showed before it: a revision that drops a photo, or deleting the story, may leave
that photo with no public story, and the copies of it kept elsewhere must hear of it.
ArchiveConfig.ready connects them.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from archive.models import ArchiveImage, Narrator
from archive.signals import records_changed
from archive.visibility import images_in_stories, story_model

# {story id: photo ids it showed before an edit in progress}, until the edit is told.
_photos_before = {}


def tell(stories=(), photos=(), narrators=()):
    """Send records_changed for these story, photo and narrator ids (and the photos the
    stories showed before their current edit). A narrator is named only when their stories
    no longer name them (a deleted record): otherwise their stories stand for them."""
    stories = sorted(set(stories))
    before = set(photos)
    for pk in stories:
        before |= _photos_before.pop(pk, set())
    if stories or before or narrators:
        records_changed.send(
            sender=None, stories=stories, photos=sorted(before), narrators=sorted(narrators)
        )


def _remember_photos(sender, instance, update_fields=None, **kwargs):
    # Before a story's content is replaced (publishing saves the whole row; saving a draft
    # revision or unpublishing saves a few columns and leaves the content) or deleted.
    if instance.pk and update_fields is None:
        shown = images_in_stories([instance.pk]).values_list("pk", flat=True)
        _photos_before.setdefault(instance.pk, set()).update(shown)


def _story_published_or_unpublished(sender, instance, **kwargs):
    if isinstance(instance, story_model()):
        tell(stories=[instance.pk])


def _story_deleted(sender, instance, **kwargs):
    # Also reached when an ancestor page is deleted: the cascade deletes the story rows.
    tell(stories=[instance.pk])


def _stories_under(page):
    return story_model().objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)


def _privacy_changed(sender, instance, **kwargs):
    tell(stories=_stories_under(instance.page))


def _moved(sender, instance, **kwargs):
    # Under another parent a story may come under (or out of) a privacy restriction.
    tell(stories=_stories_under(instance))


def _narrator_saved(sender, instance, **kwargs):
    # Its public name, or its consent, shows in every story that names it.
    tell(stories=instance.stories.values_list("pk", flat=True))


_stories_of_deleted_narrators = {}


def _narrator_deleting(sender, instance, **kwargs):
    # The links to its stories go with it: note them while they exist.
    _stories_of_deleted_narrators[instance.pk] = list(instance.stories.values_list("pk", flat=True))


def _narrator_deleted(sender, instance, **kwargs):
    # A story left naming nobody is no longer readable (archive.visibility).
    # Its page (archive.views.browse.narrator_detail) is gone too.
    tell(stories=_stories_of_deleted_narrators.pop(instance.pk, []), narrators=[instance.pk])


def _photo_saved_or_deleted(sender, instance, **kwargs):
    tell(photos=[instance.pk])


def connect():
    """Called from ArchiveConfig.ready, once every model is loaded. Story receivers listen
    to StoryPage alone: a receiver for every model's deletes would cost Django its fast
    deletes everywhere."""
    story = story_model()
    uid = "memoria-record-changes-"
    pre_save.connect(_remember_photos, sender=story, dispatch_uid=uid + "pre-save")
    pre_delete.connect(_remember_photos, sender=story, dispatch_uid=uid + "pre-delete")
    post_delete.connect(_story_deleted, sender=story, dispatch_uid=uid + "deleted")
    page_published.connect(_story_published_or_unpublished, dispatch_uid=uid + "published")
    page_unpublished.connect(_story_published_or_unpublished, dispatch_uid=uid + "unpublished")
    post_page_move.connect(_moved, dispatch_uid=uid + "moved")
    for signal in (post_save, post_delete):
        signal.connect(_privacy_changed, sender=PageViewRestriction, dispatch_uid=uid + "privacy")
        signal.connect(_photo_saved_or_deleted, sender=ArchiveImage, dispatch_uid=uid + "photo")
    post_save.connect(_narrator_saved, sender=Narrator, dispatch_uid=uid + "narrator")
    pre_delete.connect(_narrator_deleting, sender=Narrator, dispatch_uid=uid + "narrator-deleting")
    post_delete.connect(_narrator_deleted, sender=Narrator, dispatch_uid=uid + "narrator-deleted")
