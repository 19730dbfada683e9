"""Narrators, their consent, and the one table of which consent allows which visibility.

A narrator may be at political risk. The real name is kept for the editors and never shown
publicly: every channel names a narrator by `display_name`, which is the public name the
narrator chose (a pseudonym is welcome), or "Anonymous narrator" when there is none.
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


class Visibility(models.TextChoices):
    """Who a story is meant for (StoryPage.visibility)."""

    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")
    EMBARGOED = "embargoed", _("Embargoed until a date")


# The rule, written once: the consent scopes that allow a story of each visibility. An
# embargoed story becomes public on its date without anyone checking again, so it needs
# public consent now. Everything else about consent (Narrator.allows, what a publish needs,
# what a member's submission may ask for, the read rule in archive.visibility) is read
# from this table.
CONSENT_ALLOWING = {
    Visibility.PUBLIC: (ConsentScope.PUBLIC,),
    Visibility.EMBARGOED: (ConsentScope.PUBLIC,),
    Visibility.MEMBERS: (ConsentScope.PUBLIC, ConsentScope.MEMBERS),
}
# Who reads a story of each visibility (an embargoed one once its date has passed): the
# two audiences the read rule and the research index know.
AUDIENCE = {
    Visibility.PUBLIC: Visibility.PUBLIC,
    Visibility.EMBARGOED: Visibility.PUBLIC,
    Visibility.MEMBERS: Visibility.MEMBERS,
}


def visibilities_for(audience):
    """The story visibilities read by this audience ("public" or "members")."""
    return [visibility for visibility, reader in AUDIENCE.items() if reader == audience]


def scopes_allowing(visibility):
    """The consent scopes that allow a story of this visibility (none for an unknown one)."""
    return CONSENT_ALLOWING.get(visibility, ())


def widest_visibility(scope):
    """The widest visibility this consent allows; members-only when it allows none (the
    story then waits, unpublished, for a consent officer)."""
    for visibility in (Visibility.PUBLIC, Visibility.MEMBERS):
        if scope in CONSENT_ALLOWING[visibility]:
            return visibility
    return Visibility.MEMBERS


class Narrator(models.Model):
    real_name = models.CharField(
        _("real name"),
        max_length=200,
        blank=True,
        help_text=_("Visible to editors only. Never shown publicly."),
    )
    # The one name public channels show. Called "pseudonym" in the database since the
    # archive began; it may also be the name the narrator chose to be known by.
    pseudonym = models.CharField(
        _("public name"),
        max_length=200,
        blank=True,
        help_text=_(
            "The only name shown publicly: a pseudonym is welcome. Leave it empty and the "
            "narrator is shown as “Anonymous narrator”. The real name is never shown."
        ),
    )
    is_collective = models.BooleanField(
        _("collective narrator"),
        default=False,
        help_text=_("A community, committee or group rather than one person."),
    )
    # Public, but only on the narrator's own page, which exists only while their consent
    # allows public display and they have a public story (archive.visibility.public_narrators).
    bio = models.TextField(
        _("short bio"),
        blank=True,
        help_text=_(
            "Public: shown on the narrator's page, and only while their consent allows "
            "their stories to be public. Write only what the narrator agreed to share, "
            "nothing that could identify someone who chose a pseudonym."
        ),
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
    # Separate from the scope: a narrator may let the archive publish the words of a
    # recorded testimony but not the recording of their voice ("words yes, voice no").
    voice_consent = models.BooleanField(
        _("recordings of their voice may be published"),
        default=False,
        help_text=_(
            "Without it, a story shows only the transcript of a recording: no player and no "
            "recording file (words yes, voice no)."
        ),
    )
    withdrawn_at = models.DateTimeField(_("consent withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("pseudonym"),
                FieldPanel("real_name"),
                FieldPanel("is_collective"),
                FieldPanel("bio"),
            ],
            heading=_("Name"),
        ),
        FieldPanel("community"),
        # Read-only here: consent changes only through "Record consent" and "Withdraw
        # consent" (stories/consent_admin.py), which check archive.record_consent and write
        # the audit log. A read-only panel is not part of the form, so it cannot be posted.
        MultiFieldPanel(
            [
                FieldPanel(name, read_only=True)
                for name in (
                    "consent_scope",
                    "voice_consent",
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
        if self.real_name:
            return f"{self.display_name} ({self.real_name})"
        return self.display_name

    def _display_name(self):
        """The only name any public channel may show (see `public_name`)."""
        return public_name(self)

    # The admin's Narrators list heads its first column with this, in the editor's language.
    _display_name.short_description = _("Public name")
    display_name = property(_display_name)

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
        return self.consent_scope in scopes_allowing(visibility)


def public_name(person):
    """The one name any public output shows for a narrator or a member: the public name
    they chose (a pseudonym is welcome), else an anonymous label. Never a real name, a
    username or an e-mail address: those are for the editors' eyes only."""
    if isinstance(person, Narrator):
        chosen, anonymous = person.pseudonym, _("Anonymous narrator")
    else:  # a user account
        profile = getattr(person, "member_profile", None) if person.pk else None
        chosen, anonymous = (profile.public_name if profile else ""), _("Anonymous member")
    return (chosen or "").strip() or str(anonymous)
