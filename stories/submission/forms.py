"""The member's story form. Plain Django form, server-rendered; every label is translatable.

Photos come in up to MAX_PHOTOS slots (file + caption). A photo that passes the archive's
checks is stored at once, without its metadata, as a *pending upload*
(stories.submission.uploads) and the form carries a signed reference to it; if something
else in the form is wrong, the member does not have to attach that photo again.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from archive.honeypot import HoneypotMixin
from archive.languages import CODES, current, native_name
from archive.models import ConsentScope, MemberProfile, Place, Theme
from archive.models.dates import HistoricalDate
from archive.uploads import validate_image_file
from stories.submission import uploads
from stories.submission.attachments import attachments_for

MAX_PHOTOS = 10
VISIBLE_PHOTO_SLOTS = 3  # the others sit behind "Add more photos" (a <details>, no JS)
MAX_TEXT_LENGTH = 100_000

# Each language in its own name, so everyone finds theirs whatever the page's language.
STORY_LANGUAGES = [
    # Marked with its language, so a screen reader says "English" in English. Spanish, the
    # language most stories are told in, comes first (settings list English first).
    (code, format_html('<span lang="{}">{}</span>', code, native_name(code)))
    for code in reversed(CODES)
]

NARRATOR_SELF = "self"
NARRATOR_OTHER = "other"

CONSENT_CHOICES = [
    (ConsentScope.PUBLIC, _("Public: anyone may read it")),
    (ConsentScope.MEMBERS, _("Members only: only logged-in members of the network may read it")),
    (ConsentScope.ARCHIVE, _("Archive only: kept in the archive, never shown")),
    (ConsentScope.NOT_ASKED, _("Not yet asked: an editor will ask the narrator")),
]


def public_name_of_member(user):
    """The public name the member chose, or "" (never their username)."""
    profile = MemberProfile.objects.filter(user=user).first() if user.pk else None
    return profile.public_name if profile else ""


class PhotoSlot:
    """One photo place in the form, as the template shows it."""

    def __init__(self, form, number):
        self.number = number
        self.file = form[f"photo_{number}"]
        self.caption = form[f"caption_{number}"]
        self.kept = None  # uploads.PendingPhoto already stored for this slot

    @property
    def errors(self):
        return self.file.errors

    @property
    def kept_token(self):
        return self.kept.token if self.kept else ""


class StorySubmissionForm(HoneypotMixin, forms.Form):
    client_token = forms.UUIDField(widget=forms.HiddenInput)
    title = forms.CharField(
        label=_("Title"),
        max_length=255,
        error_messages={"required": _("Please give your story a title.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    text = forms.CharField(
        label=_("Your story"),
        max_length=MAX_TEXT_LENGTH,
        help_text=_("Leave an empty line between paragraphs."),
        error_messages={"required": _("Please write or paste the story.")},
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    language = forms.ChoiceField(
        label=_("Language of the story"),
        choices=STORY_LANGUAGES,
        widget=forms.RadioSelect,
    )
    narrator = forms.ChoiceField(
        label=_("Who tells this story?"),
        choices=[
            (NARRATOR_SELF, _("I do (it is my own story)")),
            (NARRATOR_OTHER, _("Someone else (I am writing it down for them)")),
        ],
        initial=NARRATOR_SELF,
        widget=forms.RadioSelect,
    )
    pseudonym = forms.CharField(
        label=_("Name to show with the story"),
        max_length=200,
        required=False,
        help_text=_(
            "The only name readers will see. A pseudonym is welcome, and wise for anyone who "
            "could be at risk. Leave it empty to show “Anonymous narrator”."
        ),
    )
    narrator_name = forms.CharField(
        label=_("Narrator's real name (only editors see it)"),
        max_length=200,
        required=False,
        help_text=_(
            "Never shown publicly. For your own story you may leave it empty: editors then "
            "see your account's name."
        ),
    )
    date_text = forms.CharField(
        label=_("When did it happen?"),
        max_length=60,
        required=False,
        help_text=_(
            "A year, a month, or an approximate period: 1989, c. 1989, 1986-03, 1980s, "
            "1980-1992, década de 1980."
        ),
    )
    places = forms.ModelMultipleChoiceField(
        label=_("Places"),
        queryset=Place.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.ChoiceField(
        label=_("What did the narrator agree to?"),
        choices=CONSENT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please tell us what the narrator agreed to.")},
        help_text=_(
            "Nothing is published before an editor has reviewed the story and a consent "
            "officer has confirmed the narrator's consent."
        ),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["language"].initial = current()
        if user is not None:
            # Their own story, by default: under the public name they chose.
            self.fields["pseudonym"].initial = public_name_of_member(user)
        for number in range(1, MAX_PHOTOS + 1):
            self.fields[f"photo_{number}"] = forms.FileField(
                label=_("Photo %(number)s") % {"number": number},
                required=False,
                widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            )
            self.fields[f"caption_{number}"] = forms.CharField(
                label=_("Caption for photo %(number)s") % {"number": number},
                max_length=400,
                required=False,
                help_text=_("Who or what is in the photo, where and when."),
            )
        self.photo_slots = [PhotoSlot(self, number) for number in range(1, MAX_PHOTOS + 1)]
        self._restore_kept_photos()
        # A recording, from the recordings app (stories.submission.attachments).
        self.attachments = attachments_for(self)

    # --- Photos ------------------------------------------------------------------------
    def _restore_kept_photos(self):
        """Photos stored by an earlier attempt of this same form (a signed token each)."""
        if not self.is_bound or self.user is None:
            return
        for slot in self.photo_slots:
            token = self.data.get(f"kept_{slot.number}", "")
            if token and not self.data.get(f"remove_{slot.number}"):
                slot.kept = uploads.load(token, self.user)

    def _clean_photos(self):
        for slot in self.photo_slots:
            uploaded = self.cleaned_data.get(f"photo_{slot.number}")
            if not uploaded:
                continue
            try:
                validate_image_file(uploaded)
                slot.kept = uploads.store(uploaded, self.user)
            except ValidationError as error:
                self.add_error(f"photo_{slot.number}", error)

    @property
    def photos(self):
        """[(PendingPhoto, caption)] in slot order, for the service."""
        return [
            (slot.kept, self.cleaned_data.get(f"caption_{slot.number}", ""))
            for slot in self.photo_slots
            if slot.kept
        ]

    @property
    def kept_photo_count(self):
        return sum(1 for slot in self.photo_slots if slot.kept)

    @property
    def more_photos_open(self):
        """Open "Add more photos" when a slot behind it holds a photo or an error."""
        return any(
            slot.kept or slot.errors
            for slot in self.photo_slots
            if slot.number > VISIBLE_PHOTO_SLOTS
        )

    @property
    def error_summary(self):
        """[(field id, label, message)] for the list at the top of the form."""
        summary = []
        for name, errors in self.errors.items():
            if name == "__all__":
                summary.extend(("", "", error) for error in errors)
                continue
            if name == "website":
                summary.extend(("", "", error) for error in errors)
                continue
            field = self[name]
            target = field.auto_id
            if isinstance(field.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
                target = f"{target}_0"
            summary.extend((target, field.label, error) for error in errors)
        return summary

    # --- Other fields ------------------------------------------------------------------
    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise ValidationError(self.fields["title"].error_messages["required"])
        return title

    def clean_text(self):
        text = self.cleaned_data["text"].replace("\r\n", "\n").strip()
        if not text:
            raise ValidationError(self.fields["text"].error_messages["required"])
        return text

    def clean_date_text(self):
        text = self.cleaned_data["date_text"].strip()
        if not text:
            return ""
        try:
            self.historical_date = HistoricalDate.parse(text)
        except ValueError:
            raise ValidationError(
                _(
                    "We could not read “%(text)s” as a date. Try a year (1989), an "
                    "approximate year (c. 1989), a month (1986-03), a decade (1980s or "
                    "década de 1980) or a period (1980-1992)."
                ),
                code="invalid_date",
                params={"text": text},
            ) from None
        return text

    def clean(self):
        cleaned_data = super().clean()
        if self.caught_robot:
            return cleaned_data
        if (
            cleaned_data.get("narrator") == NARRATOR_OTHER
            and not cleaned_data.get("narrator_name", "").strip()
            and not cleaned_data.get("pseudonym", "").strip()
        ):
            self.add_error(
                "narrator_name",
                _("Please give the narrator's real name, or at least a name to show."),
            )
        self._clean_photos()
        for attachment in self.attachments:
            attachment.clean()
        return cleaned_data

    historical_date = None
