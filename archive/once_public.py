"""Which stories the public could read at some time, kept as edits happen.

OAI-PMH reports a story as deleted only when it once was public (interop.oai). The
archive keeps no history of past states, so the fact is written down when it becomes true:
after every edit that changes what a story shows (archive.signals.records_changed), its
window (archive.visibility.story_windows) says whether the public may read it now, or from
a later day (an embargo), or never. A public day that has come stays; one still ahead is
taken back if the story is hidden before it comes.
"""

from django.utils import timezone

from archive.models.once_public import OncePublic
from archive.visibility import story_windows


def note(story_ids, today=None, now=None):
    """Bring the record of these stories up to date with their windows."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    story_ids = list(story_ids)
    windows = story_windows(story_ids)
    known = dict(OncePublic.objects.filter(page_id__in=story_ids).values_list("page_id", "since"))
    for pk in story_ids:
        was_public = pk in known and known[pk] <= today
        if was_public:
            continue  # a fact of the past; nothing later changes it
        window = windows.get(pk)
        opens = _public_from(window, today, now)
        if opens is None:
            OncePublic.objects.filter(page_id=pk).delete()  # a day ahead that will not come
        else:
            OncePublic.objects.update_or_create(page_id=pk, defaults={"since": opens})


def _public_from(window, today, now):
    """The first day the public may read a story with this window: today, a later day, or
    None when it is not for the public or its time has passed."""
    if window is None or window.audience != "public":
        return None
    if window.not_after is not None and window.not_after <= now:
        return None
    return max(window.not_before or today, today)


def once_public(today=None):
    """Ids of the stories the public could read at some time up to today."""
    today = today or timezone.localdate()
    return OncePublic.objects.filter(since__lte=today).values("page_id")


def changed(sender, stories, **kwargs):
    """Receiver of archive.signals.records_changed (ArchiveConfig.ready connects it)."""
    if stories:
        note(stories)
