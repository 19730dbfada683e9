"""Hearing a recording before its story is published: in Wagtail's page preview and on the
Recordings snippet's edit page, for the people who preview the story page.

Who: a user who may edit or publish the story page in Wagtail (its page permissions:
PagePermissionTester.can_edit() or can_publish()), which is exactly who Wagtail lets open
the page's preview ("Preview", "View draft", and a workflow task's reviewers, whom
can_edit() lets in while the page waits for them). So Editors, Consent officers (who decide
whether the voice may be published) and Administrators hear it; a permission on the
Recording model is not enough, as it would let someone hear a story they may not preview.

What: the web copy, its picture and its caption tracks of a processed recording, from
addresses under /admin/ (recordings/wagtail_hooks.py, `register_admin_urls`): Wagtail's
admin sends a visitor without admin access to its login page, as for any admin address,
and the views (recordings/views.py) answer 404 to anyone else who may not preview the
story, exactly as for a recording that does not exist. Never the original, and never kept
in any cache (`private, no-store`). The public addresses keep their own rule
(archive.visibility.user_can_hear_story), untouched by this.
"""

from django.urls import reverse

ADMIN_ACCESS = "wagtailadmin.access_admin"


def may_preview(user, story):
    """May this user hear the story's recordings in the admin (see above)?"""
    if not (user and user.is_authenticated and user.is_active and user.has_perm(ADMIN_ACCESS)):
        return False
    permissions = story.permissions_for_user(user)
    return permissions.can_edit() or permissions.can_publish()


def is_admin_preview(request, story):
    """Is this request Wagtail's preview of the story (Wagtail 8 builds a request of its
    own for it, marked `is_preview`, with the editor's session), by someone who may
    preview it?"""
    return getattr(request, "is_preview", False) is True and may_preview(request.user, story)


# The admin's addresses of a recording's files (recordings/wagtail_hooks.py).
ADDRESSES = {
    "web": "recordings_preview_web",
    "image": "recordings_preview_image",
    "track": "recordings_preview_track",
}


def web_file_url(recording):
    return reverse(ADDRESSES["web"], args=[recording.pk])


def image_url(recording):
    return reverse(ADDRESSES["image"], args=[recording.pk]) if recording.image else ""


def track_url(recording, language):
    return reverse(ADDRESSES["track"], args=[recording.pk, language])
