"""Narrators and their consent.

A narrator may be at political risk. The real name is kept for the editors and never shown
publicly when a pseudonym is set: templates and every other channel use `display_name`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


class ConsentScope(models.TextChoices):
    NOT_ASKED = "not_asked", _("Not yet asked")
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")
    ARCHIVE = "archive", _("Archive only (never shown)")


class Narrator(models.Model):
    real_name = models.CharField(
        _("real name"),
        max_length=200,
        blank=True,
        help_text=_("Visible to editors only. Never shown publicly when a pseudonym is set."),
    )
    pseudonym = models.CharField(
        _("pseudonym"),
        max_length=200,
        blank=True,
        help_text=_("Shown everywhere public instead of the real name."),
    )
    is_collective = models.BooleanField(
        _("collective narrator"),
        default=False,
        help_text=_("A community, committee or group rather than one person."),
    )
    community = models.ForeignKey(
        "archive.Place",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="narrators",
    )
    # Consent record. The workflow that enforces it lives in the stories app.
    consent_scope = models.CharField(
        _("consent"), max_length=12, choices=ConsentScope.choices, default=ConsentScope.NOT_ASKED
    )
    consent_date = models.DateField(_("consent recorded on"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("consent document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    embargo_until = models.DateField(
        _("embargo until"),
        null=True,
        blank=True,
        help_text=_("Nothing by this narrator is shown before this date."),
    )
    withdrawn_at = models.DateTimeField(_("consent withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("pseudonym"), FieldPanel("real_name"), FieldPanel("is_collective")],
            heading=_("Name"),
        ),
        FieldPanel("community"),
        # Read-only here: consent changes only through "Record consent" and "Withdraw
        # consent" (archive/consent_admin.py), which check archive.record_consent and write
        # the audit log. A read-only panel is not part of the form, so it cannot be posted.
        MultiFieldPanel(
            [
                FieldPanel(name, read_only=True)
                for name in (
                    "consent_scope",
                    "consent_date",
                    "consent_recorded_by",
                    "consent_document",
                    "embargo_until",
                    "withdrawn_at",
                    "withdrawal_reason",
                )
            ],
            heading=_("Consent"),
            help_text=_(
                "To change consent, use “Record consent” or “Withdraw consent” in this "
                "narrator's menu (consent officers only)."
            ),
        ),
    ]

    class Meta:
        ordering = ["pseudonym", "real_name"]
        verbose_name = _("narrator")
        verbose_name_plural = _("narrators")
        permissions = [("record_consent", _("Can record and withdraw consent"))]

    def __str__(self):
        # Admin lists show both so editors can tell narrators apart.
        if self.pseudonym and self.real_name:
            return f"{self.pseudonym} ({self.real_name})"
        return self.display_name

    @property
    def display_name(self):
        """The only name any public channel may show."""
        return self.pseudonym or self.real_name or str(_("Anonymous narrator"))

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None

    def is_embargoed(self, today=None):
        today = today or timezone.localdate()
        return bool(self.embargo_until and self.embargo_until > today)

    def allows(self, visibility, today=None):
        """May a story with this visibility show this narrator's words?"""
        if self.is_withdrawn or self.is_embargoed(today):
            return False
        if visibility == "public":
            return self.consent_scope == ConsentScope.PUBLIC
        if visibility == "members":
            return self.consent_scope in (ConsentScope.PUBLIC, ConsentScope.MEMBERS)
        return False
