"""How people become members: an editor's invitation, or a sign-up an editor approves."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

INVITATION_LIFETIME = timedelta(days=14)


def new_token():
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    email = models.EmailField(_("e-mail"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    committee = models.CharField(_("committee or community"), max_length=200, blank=True)
    language = models.CharField(
        _("language of the e-mail"), max_length=2, choices=settings.LANGUAGES, default="es"
    )
    created_at = models.DateTimeField(_("sent on"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted on"), null=True, blank=True)
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return self.email

    @property
    def is_usable(self):
        """One-time and time-limited: the link works once, for two weeks."""
        return self.accepted_at is None and timezone.now() < self.created_at + INVITATION_LIFETIME


class MembershipRequest(models.Model):
    """A sign-up waiting for an editor. The account stays inactive until approved."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership_request"
    )
    committee = models.CharField(_("committee or community"), max_length=200)
    message = models.TextField(_("message to the editors"), blank=True)
    language = models.CharField(
        _("preferred language"), max_length=2, choices=settings.LANGUAGES, default="es"
    )
    created_at = models.DateTimeField(_("requested on"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved = models.BooleanField(_("approved"), null=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("membership request")
        verbose_name_plural = _("membership requests")

    def __str__(self):
        return f"{self.user.get_username()} ({self.committee})"


class MemberProfile(models.Model):
    """What a member chose to be called in public (archive.models.people.public_name).
    Their username and e-mail stay private: only editors see them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member_profile"
    )
    public_name = models.CharField(
        _("public name"),
        max_length=200,
        blank=True,
        help_text=_(
            "The name shown with the stories you tell: a pseudonym is welcome. Leave it "
            "empty to appear as “Anonymous member”."
        ),
    )

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")

    def __str__(self):
        return self.public_name or str(_("Anonymous member"))
