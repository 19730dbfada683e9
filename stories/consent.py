"""Consent, enforced: who may be published, and what withdrawing consent sets in motion.

`missing_consent` is the single decision about publishing. Three places ask it: the story
editor's form (stories.admin_forms, a readable form error), the publish backstop in
StoryPage.save (any other way of publishing) and the workflow's consent task. The read-side
rule in archive.visibility still hides a story whose consent changes after publication.

A story is someone's testimony unless an editor says otherwise: it names at least one
narrator whose consent allows its visibility, or it is marked as the archive's own
editorial text (StoryPage.is_editorial). A story that names nobody and is not marked
cannot be published: otherwise leaving the narrators out would skip consent altogether.

`withdraw_consent` and `record_consent` are the only ways consent changes: the admin's
snippet form shows those fields read-only (stories/consent_admin.py), so every change is
made by someone with archive.record_consent and lands in Wagtail's audit log.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log
from wagtail.models import Revision
from wagtail.search import index

from archive import purge
from archive.models import ArchiveRendition, ConsentScope, Narrator, scopes_allowing
from archive.signals import consent_recorded, consent_withdrawn
from archive.visibility import images_in_stories, public_images

WITHDRAW_CONSENT = "memoria.withdraw_consent"
RECORD_CONSENT = "memoria.record_consent"


class ConsentMissing(ValidationError):
    """Raised when something tries to publish a story its narrators have not consented to."""

    def __init__(self, missing):
        self.missing = missing
        super().__init__(consent_message(missing), code="consent_missing")


def _date(value):
    return formats.date_format(timezone.localtime(value) if hasattr(value, "tzinfo") else value)


def _reason(narrator, visibility, today):
    """Why `narrator` does not allow a story of this visibility, or None."""
    if narrator.is_withdrawn:
        return _("consent withdrawn on %(date)s") % {"date": _date(narrator.withdrawn_at)}
    if narrator.is_embargoed(today):
        return _("under embargo until %(date)s") % {"date": _date(narrator.embargo_until)}
    if narrator.allows(visibility, today):
        return None
    if narrator.consent_scope == ConsentScope.NOT_ASKED:
        return _("no consent recorded")
    if narrator.consent_scope == ConsentScope.ARCHIVE:
        return _("consent covers the archive only, never showing the story")
    return _("consent covers members-only stories, not public ones")


def missing_consent(story, *, narrators=None, visibility=None, editorial=None, today=None):
    """[(narrator, reason), ...] for every narrator whose consent does not allow publishing
    `story`; [(None, reason)] when it names no narrator and is not editorial text. Empty
    means it may be published.

    `narrators`, `visibility` and `editorial` override the story's own values: the admin
    form checks what the editor is about to publish, before it reaches the page.
    """
    visibility = visibility or story.visibility
    narrators = list(story.narrators.all() if narrators is None else narrators)
    editorial = getattr(story, "is_editorial", False) if editorial is None else editorial
    if not narrators and not editorial:
        return [(None, _("names no narrator and is not marked as editorial text"))]
    if not scopes_allowing(visibility):
        return [(narrator, _("unknown visibility")) for narrator in narrators]
    missing = []
    for narrator in narrators:
        reason = _reason(narrator, visibility, today)
        if reason is not None:
            missing.append((narrator, reason))
    return missing


def consent_message(missing):
    if any(narrator is None for narrator, _why in missing):
        return _(
            "This story cannot be published: it names no narrator. Add the narrator whose "
            "testimony it is (their consent must allow the story's visibility), or, if it is "
            "the archive's own text, tick “Editorial text (no narrator)”."
        )
    problems = "; ".join(f"{narrator.display_name}: {reason}" for narrator, reason in missing)
    return _(
        "This story cannot be published until every narrator's consent allows its "
        "visibility. Missing: %(problems)s."
    ) % {"problems": problems}


def ensure_publishable(story, **overrides):
    missing = missing_consent(story, **overrides)
    if missing:
        raise ConsentMissing(missing)


def can_record_consent(user):
    return bool(user and user.is_active and user.has_perm("archive.record_consent"))


# --- The voice ---------------------------------------------------------------------------
# The question both consent forms ask about a recorded testimony: Archive -> Narrators ->
# "Record consent" (stories.consent_admin) and the workflow's consent dialog
# (stories.workflow). Narrator.voice_consent holds the answer; record_consent(voice=...)
# records it.
VOICE_QUESTION = _("May recordings of the narrator's voice be published?")
VOICE_EXPLANATION = _(
    "Without it, only the transcript and the index of a recording are published: no player "
    "and no recording file (words yes, voice no)."
)


# --- Changing consent -----------------------------------------------------------------
class ConsentWithdrawn(ValueError):
    """Recording consent for a narrator who withdrew needs `ends_withdrawal=True`."""


def record_consent(
    narrator,
    user,
    *,
    scope,
    date,
    document=None,
    embargo_until=None,
    ends_withdrawal=False,
    voice=None,
):
    """Record what the narrator agreed to, with who recorded it. A narrator who withdrew
    keeps that withdrawal unless the caller says they gave consent again
    (`ends_withdrawal`): that must be a deliberate act, never a side effect. `voice` says
    whether recordings of their voice may be published; None leaves it as it was."""
    from stories.models import StoryPage

    renewed = narrator.withdrawn_at is not None
    if renewed and not ends_withdrawal:
        raise ConsentWithdrawn(narrator)
    with transaction.atomic():
        narrator.consent_scope = scope
        if voice is not None:
            narrator.voice_consent = voice
        narrator.consent_date = date
        narrator.consent_document = document
        narrator.embargo_until = embargo_until
        narrator.consent_recorded_by = user
        narrator.withdrawn_at = None
        narrator.withdrawal_reason = ""
        narrator.save()
        log(
            instance=narrator,
            action=RECORD_CONSENT,
            user=user,
            data={
                "scope": scope,
                "voice": narrator.voice_consent,
                "date": date.isoformat() if date else None,
                "document": document.pk if document else None,
                "embargo_until": embargo_until.isoformat() if embargo_until else None,
                "ends_withdrawal": renewed,
            },
        )
    stories = list(StoryPage.objects.filter(narrators=narrator).distinct())
    # Consent may have narrowed: stories it no longer allows are hidden by the read rule at
    # once; cached copies of them and their photos must go too.
    _forget_cached_copies(stories)
    consent_recorded.send(sender=Narrator, narrator=narrator, user=user, stories=stories)
    return narrator


def withdraw_consent(narrator, user, reason):
    """The narrator no longer wants their words shown. In one action: mark the withdrawal,
    unpublish every story that names them, drop them from the search index, delete cached
    image sizes that are no longer public, purge front-end caches, write the audit log and
    tell other indexes (archive.signals.consent_withdrawn). Returns the stories unpublished.
    """
    from stories.models import StoryPage

    stories = list(StoryPage.objects.filter(narrators=narrator).distinct())
    with transaction.atomic():
        narrator.withdrawn_at = narrator.withdrawn_at or timezone.now()
        narrator.withdrawal_reason = reason
        narrator.save(update_fields=["withdrawn_at", "withdrawal_reason"])
        unpublished = [story for story in stories if story.live]
        for story in unpublished:
            # The officer's authority is archive.record_consent, checked by the caller;
            # consent officers may not publish, so Wagtail's own publish-permission check
            # must not stop a withdrawal half way.
            UnpublishPageAction(story, user=user, log_action=True).execute(
                skip_permission_checks=True
            )
        # A story scheduled to go live later must not: its publish would be refused anyway,
        # and an error there would stop publish_scheduled for every other page.
        Revision.page_revisions.filter(
            object_id__in=[str(story.pk) for story in stories], approved_go_live_at__isnull=False
        ).update(approved_go_live_at=None)
        log(
            instance=narrator,
            action=WITHDRAW_CONSENT,
            user=user,
            data={"reason": reason, "unpublished": [story.pk for story in unpublished]},
        )
    # After the database agrees, remove the copies kept elsewhere. Unpublishing re-saved
    # the pages, which re-indexed them, so removal comes last.
    for story in stories:
        index.remove_object(story)
    _forget_cached_copies(stories)
    consent_withdrawn.send(
        sender=Narrator, narrator=narrator, user=user, reason=reason, stories=stories
    )
    return unpublished


# --- Copies outside the database -----------------------------------------------------------
def _forget_cached_copies(stories):
    images = _images_no_longer_public(stories)
    # The addresses of the resized copies are read before those copies are deleted; the
    # local copies go first, so a front-end cache that cannot be reached leaves no file.
    urls = _urls_showing(stories, images) if _frontend_cache_configured() else []
    delete_renditions(images)
    _purge_frontend_caches(stories, urls)


def _images_no_longer_public(stories):
    """Photos used by these stories that the public may no longer see."""
    if not stories:
        return []
    used = images_in_stories([story.pk for story in stories])
    return list(used.exclude(pk__in=public_images().values("pk")))


def delete_renditions(images):
    """Delete every resized copy of these photos, rows and files, now. Wagtail would delete
    the files only when the transaction commits (with a task worker, later still); a
    withdrawn photo must not wait.

    The file goes through the storage, so the row keeps its file name until it is deleted:
    the clean-up task Wagtail schedules for a deleted row then finds its file already gone
    (nothing to do) instead of failing on an emptied name, as it would after
    `FieldFile.delete()`.
    """
    for rendition in ArchiveRendition.objects.filter(image__in=images):
        rendition.file.storage.delete(rendition.file.name)
        rendition.delete()


def _frontend_cache_configured():
    return purge.configured()


def _purge_frontend_caches(stories, urls):
    """Ask the CDN/proxy to forget every URL that showed these stories or photos (the list
    is archive/purge.py's). Only when wagtail.contrib.frontend_cache is configured."""
    purge.purge(urls)


def _urls_showing(stories, images):
    return purge.urls_showing(stories, images)
