from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordingsConfig(AppConfig):
    """Recorded testimonies (issue 18): a feature above the core archive, beside stories.
        It imports them; they never import it. The story page learns about recordings only
        through the "story_page_sections" hook this app registers (recordings/wagtail_hooks.py), and
    a narrator's page through archive.selectors.narrator_page_sections. Backups carry the
    recordings' files through archive.backup.folders (recordings/backup.py)."""

    name = "recordings"
    verbose_name = _("Recorded testimonies")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete

        from archive import purge, roles, selectors
        from archive.backup import folders
        from archive.signals import consent_withdrawn
        from recordings import backup, withdrawal
        from recordings.models import Recording
        from recordings.purge import recording_addresses
        from recordings.sections import stories_to_listen_to

        # Editors add a recording to a story, its transcripts and its index; only
        # administrators delete one.
        editing = [f"recordings.{action}_recording" for action in ("add", "change", "view")]
        roles.add_permissions(roles.EDITORS, editing)
        roles.add_permissions(roles.ADMINISTRATORS, [*editing, "recordings.delete_recording"])
        purge.register_story_addresses(recording_addresses)
        folders.register(backup.FOLDER)  # backup_archive carries the files rows name
        selectors.narrator_page_sections["recorded_stories"] = stories_to_listen_to
        consent_withdrawn.connect(withdrawal.narrator_withdrew, dispatch_uid="memoria-recordings")
        post_delete.connect(
            withdrawal.recording_deleted, sender=Recording, dispatch_uid="memoria-recordings"
        )
