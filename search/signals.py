"""What keeps the research index current: every edit that changes what a story or photo
shows or to whom (archive.signals.records_changed, sent by archive.record_changes), photo
tags, dated facts, and theme or place renames."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from archive.languages import CODES
from archive.models import ArchiveImage, HistoricalEvent, Place, Theme
from archive.signals import records_changed
from search import indexing


@receiver(records_changed)
def _records_changed(sender, stories, photos, **kwargs):
    indexing.reindex_stories(stories, photo_ids=photos)


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
    names = tuple(getattr(instance, f"name_{code}", None) for code in CODES)
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
