"""What keeps the research index current: publishing, unpublishing, deleting, consent
changes, photo and event edits, and theme or place renames."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from archive.models import ArchiveImage, HistoricalEvent, Place, Theme
from archive.signals import consent_recorded, consent_withdrawn
from search import indexing


def _is_story(page):
    from stories.models import StoryPage

    return isinstance(page, StoryPage) or getattr(page, "specific_class", None) is StoryPage


@receiver(page_published)
@receiver(page_unpublished)
def _page_changed(sender, instance, **kwargs):
    if _is_story(instance):
        indexing.reindex_stories([instance.pk])


def _story_deleted(sender, instance, **kwargs):
    # Also reached when an ancestor page is deleted: the cascade deletes the story rows.
    indexing.write_documents("story", [instance.pk], [])


def connect_story_signals():
    """Called from ready(): a receiver for every model's post_delete would cost Django
    its fast deletes everywhere, so this one listens to StoryPage only."""
    from stories.models import StoryPage

    post_delete.connect(_story_deleted, sender=StoryPage, dispatch_uid="research-story-deleted")


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _privacy_changed(sender, instance, **kwargs):
    from stories.models import StoryPage

    page = instance.page
    stories = StoryPage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)
    indexing.reindex_stories(stories)


@receiver(consent_withdrawn)
@receiver(consent_recorded)
def _consent_changed(sender, stories, **kwargs):
    indexing.reindex_stories(indexing.ids_of(stories))


@receiver(post_save, sender=ArchiveImage)
def _photo_saved(sender, instance, **kwargs):
    indexing.reindex("photo", [instance.pk])


@receiver(post_delete, sender=ArchiveImage)
def _photo_deleted(sender, instance, **kwargs):
    indexing.write_documents("photo", [instance.pk], [])


@receiver(post_save, sender=HistoricalEvent)
def _event_saved(sender, instance, **kwargs):
    indexing.reindex("event", [instance.pk])


@receiver(post_delete, sender=HistoricalEvent)
def _event_deleted(sender, instance, **kwargs):
    indexing.write_documents("event", [instance.pk], [])


@receiver(m2m_changed, sender=ArchiveImage.themes.through)
@receiver(m2m_changed, sender=HistoricalEvent.themes.through)
@receiver(m2m_changed, sender=HistoricalEvent.places.through)
def _tags_changed(sender, instance, action, **kwargs):
    # Tags are saved after the record itself (modelcluster commits them after save()).
    if action.startswith("post_") and isinstance(instance, ArchiveImage | HistoricalEvent):
        kind = "photo" if isinstance(instance, ArchiveImage) else "event"
        indexing.reindex(kind, [instance.pk])


def _names(instance):
    # What documents hold of a theme or place: its names, and for a theme its parent.
    names = tuple(getattr(instance, f"name_{code}", None) for code in ("en", "es"))
    return (*names, getattr(instance, "parent_id", None))


@receiver(pre_save, sender=Theme)
@receiver(pre_save, sender=Place)
def _remember_names(sender, instance, **kwargs):
    stored = sender.objects.filter(pk=instance.pk).first() if instance.pk else None
    instance._names_before = _names(stored) if stored else None


@receiver(post_save, sender=Theme)
@receiver(post_save, sender=Place)
def _renamed(sender, instance, created, **kwargs):
    # Documents carry theme and place names in both languages for cross-language search.
    if created or getattr(instance, "_names_before", None) == _names(instance):
        return
    for kind, ids in indexing.records_using(sender, instance.pk).items():
        if kind == "story":
            indexing.reindex_stories(ids)
        else:
            indexing.reindex(kind, ids)
